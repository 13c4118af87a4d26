"""The dashboard's figures, each from the records the viewer may open and nothing else.

Engagement and participation figures come from the kept tallies (:mod:`.tallies`): the
rows the policy layer's unit and classification rules open to the viewer, plus the few
engagements opened one by one (grants, break-glass) and any part of the filter the
tallies cannot answer, counted live. Issues, teams, envoys and nominations are counted
live from :func:`wpsdesk.organisation.policy.visible_to`. Figures are summed in the
database (a fixed number of queries whatever the number of records), and counts of 1 to 4
are hidden when the figures include another unit's records (:mod:`.figures`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.countries import COUNTRIES
from wpsdesk.core.queries import Year, page_of
from wpsdesk.organisation.policy import AnyUser, unit_access, visible_to

from . import figures, tallies
from .models import (
    LEADERSHIP_ROLES,
    Dimension,
    Envoy,
    FollowUpStatus,
    Gender,
    IssueRaised,
    Measure,
    Nomination,
    Outcome,
    Participation,
    ParticipationTally,
    Side,
    Team,
    TeamMember,
    TeamRole,
)
from .selectors import EngagementFilters

#: Groups (years, units, countries, forums) per page of the dashboard.
GROUPS_PER_PAGE = 25

GROUPS = {
    "year": gettext_lazy("Year"),
    "unit": gettext_lazy("Unit"),
    "country": gettext_lazy("Country"),
    "forum": gettext_lazy("Forum"),
}


def _tally_group_expression(group: str) -> Any:
    if group == "unit":
        return F("unit__name")
    return F(group)


def _group_expression(group: str, prefix: str = "") -> Any:
    if group == "year":
        return Year(f"{prefix}date")
    if group == "unit":
        return F(f"{prefix}unit__name")
    return F(f"{prefix}{group}")


def _team_group_expression(group: str) -> Any:
    if group == "year":
        return Year("team__start")
    if group == "unit":
        return F("team__unit__name")
    return F(f"team__{group}")


def _label(group: str, key: Any) -> str:
    if key in (None, ""):
        return _("(none)")
    if group == "country":
        return f"{COUNTRIES.get(key, key)} ({key})"
    return str(key)


@dataclass
class Series:
    key: str
    label: str


@dataclass
class Cell:
    """One bar: the share and the counts it came from, as they may be shown."""

    share: figures.Share

    @property
    def value(self) -> float | None:
        return self.share.value


@dataclass
class ChartRow:
    label: str
    cells: list[Cell]


@dataclass
class Chart:
    """A horizontal bar chart of shares with the table it is drawn from."""

    slug: str
    title: str
    series: list[Series]
    rows: list[ChartRow]
    part_label: str
    whole_label: str
    note: str = ""
    # The 50 % line means an even balance only on shares of women among people; on rates
    # (WPS on the agenda, follow-up on time) it would suggest a target nobody set.
    parity: bool = False
    bars: list[dict[str, Any]] = field(default_factory=list)
    height: int = 0
    width: int = 0
    label_width: int = 0
    plot_width: int = 0
    half_x: float = 0
    end_x: float = 0

    def layout(self, width: int = 640, label_width: int = 230, bar_height: int = 20) -> None:
        """Place the bars (SVG user units); the template only draws them."""
        plot = width - label_width - 60
        y = 24
        self.bars = []
        for row in self.rows:
            self.bars.append(
                {"kind": "label", "x": label_width - 6, "y": y + 14, "text": row.label}
            )
            for index, cell in enumerate(row.cells):
                value = cell.value
                bar = {
                    "kind": "bar",
                    "x": label_width,
                    "y": y,
                    "w": round(plot * value, 1) if value else 0,
                    "h": bar_height - 2,
                    "cls": f"bar-{index}" if value is not None else "bar-none",
                    "text": str(cell.share),
                    "tx": label_width + (round(plot * value, 1) if value else 0) + 4,
                    "ty": y + bar_height - 6,
                    "title": f"{row.label} – {self.series[index].label}: {cell.share}",
                }
                self.bars.append(bar)
                y += bar_height
            y += 10
        self.height = max(y + 10, 60)
        self.width = width
        self.label_width = label_width
        self.plot_width = plot
        self.half_x = label_width + plot / 2
        self.end_x = label_width + plot


@dataclass
class Dashboard:
    group: str
    outside: bool
    charts: list[Chart]
    issues: list[dict[str, Any]]
    issue_totals: dict[str, Any]
    leadership: Chart
    engagement_count: int
    page: Page[str] | None = None


def _is_outside(
    user: AnyUser | None, querysets: list[QuerySet[Any]], unit_field: list[str]
) -> bool:
    """Whether the figures include records of a unit the viewer is not a member of."""
    members = list(unit_access(user))
    return any(
        qs.exclude(**{f"{field_name}__in": members}).exists()
        for qs, field_name in zip(querysets, unit_field, strict=True)
    )


def build(
    *, user: AnyUser | None, filters: EngagementFilters, group: str, page: Any = 1
) -> Dashboard:
    """The dashboard's figures for one viewer, filters and grouping.

    The grouped charts and the follow-up table show one page of groups (units, countries or
    forums can be many); the totals are over every group.
    """
    if group not in GROUPS:
        group = "year"
    scope = tallies.scope_for(user, filters, group)
    kept_engagements = tallies.kept_engagements(scope)
    kept_participation = tallies.kept_participation(scope)
    engagements = tallies.live_engagements(scope, filters)
    participation = tallies.live_participation(scope, filters)
    issues = filters.apply(visible_to(IssueRaised.objects.all(), user=user), prefix="engagement__")
    teams = _filter_teams(visible_to(Team.objects.all(), user=user), filters)
    members = TeamMember.objects.filter(team__in=teams)
    envoys = _filter_dated(visible_to(Envoy.objects.all(), user=user), filters, "start")
    nominations = _filter_dated(
        visible_to(Nomination.objects.all(), user=user), filters, "nominated_on"
    )
    outside = _is_outside(
        user,
        [kept_engagements, engagements, teams, envoys, nominations],
        ["unit_id", "unit_id", "unit_id", "unit_id", "unit_id"],
    )

    # Women's share by side, and in Norway's teams.
    people: dict[Any, dict[str, figures.GenderTally]] = defaultdict(
        lambda: defaultdict(figures.GenderTally)
    )
    sides = [Side.NORWAY, Side.COUNTERPART]
    for row in [
        *kept_participation.filter(
            measure=Measure.ATTENDED, dimension__code=Dimension.GENDER, side__in=sides
        )
        .annotate(key=_tally_group_expression(group))
        .values("key", "side", "category__code")
        .annotate(n=Sum("count"))
        .order_by(),
        *participation.filter(
            measure=Measure.ATTENDED, category__dimension__code=Dimension.GENDER, side__in=sides
        )
        .annotate(key=_group_expression(group, "engagement__"))
        .values("key", "side", "category__code")
        .annotate(n=Sum("count"))
        .order_by(),
    ]:
        people[row["key"]][row["side"]].add(row["category__code"], row["n"])
    for row in (
        members.annotate(key=_team_group_expression(group))
        .values("key", "gender")
        .annotate(n=Sum("count"))
    ):
        people[row["key"]]["teams"].add(row["gender"], row["n"])
    series = [
        Series(Side.NORWAY, str(_("Norway's delegations"))),
        Series("teams", str(_("Norway's teams"))),
        Series(Side.COUNTERPART, str(_("Counterparts' delegations"))),
    ]
    share_rows = [
        ChartRow(
            _label(group, key),
            [
                Cell(
                    figures.suppressed_share(
                        people[key][s.key].women, people[key][s.key].total, outside=outside
                    )
                )
                for s in series
            ],
        )
        for key in sorted(people, key=_sort_key)
    ]
    women_chart = Chart(
        "women-share",
        str(_("Women's share of delegations")),
        series,
        share_rows,
        str(_("women")),
        str(_("people")),
        parity=True,
    )

    # WPS on the agenda.
    agenda: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for row in [
        *kept_engagements.annotate(key=_tally_group_expression(group))
        .values("key")
        .annotate(total=Sum("engagements"), wps=Sum("with_wps"))
        .order_by(),
        *engagements.annotate(key=_group_expression(group))
        .values("key")
        .annotate(total=Count("pk"), wps=Count("pk", filter=Q(wps_on_agenda=True)))
        .order_by(),
    ]:
        agenda[row["key"]][0] += row["total"]
        agenda[row["key"]][1] += row["wps"]
    engagement_count = sum(total for total, _wps in agenda.values())
    agenda_rows = [
        (key, figures.suppressed_share(wps, total, outside=outside))
        for key, (total, wps) in agenda.items()
    ]
    agenda_chart = Chart(
        "wps-agenda",
        str(_("Engagements with WPS on the agenda")),
        [Series("wps", str(_("WPS on the agenda")))],
        [ChartRow(_label(group, k), [Cell(s)]) for k, s in sorted(agenda_rows, key=_sort_pair)],
        str(_("with WPS")),
        str(_("engagements")),
    )

    # Issues raised by women and their follow-up.
    today = timezone.localdate()
    issue_rows = []
    totals = {"raised": 0, "done": 0, "on_time": 0, "overdue": 0}
    for row in (
        issues.annotate(key=_group_expression(group, "engagement__"))
        .values("key")
        .annotate(
            raised=Count("pk"),
            done=Count("pk", filter=Q(status=FollowUpStatus.DONE)),
            timely=Count(
                "pk",
                filter=Q(status=FollowUpStatus.DONE, completed_on__lte=F("due_date")),
            ),
            overdue=Count(
                "pk",
                filter=Q(
                    status__in=[FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS],
                    due_date__lt=today,
                ),
            ),
        )
        .order_by("key")
    ):
        row["on_time"] = row.pop("timely")
        for name in totals:
            totals[name] += row[name]
        issue_rows.append(
            {
                "key": row["key"],
                "label": _label(group, row["key"]),
                "raised": figures.suppress(row["raised"], outside=outside),
                "done": figures.suppress(row["done"], outside=outside),
                "on_time": figures.suppress(row["on_time"], outside=outside),
                "overdue": figures.suppress(row["overdue"], outside=outside),
                "on_time_share": figures.suppressed_share(
                    row["on_time"], row["raised"], outside=outside
                ),
            }
        )
    issue_rows.sort(key=lambda r: _sort_key(r["key"]))
    issue_chart = Chart(
        "follow-up",
        str(_("Issues raised by women followed up on time")),
        [Series("on_time", str(_("Followed up on time")))],
        [ChartRow(r["label"], [Cell(r["on_time_share"])]) for r in issue_rows],
        str(_("on time")),
        str(_("raised")),
    )
    issue_totals: dict[str, Any] = {
        name: figures.suppress(value, outside=outside) for name, value in totals.items()
    }
    issue_totals["on_time_share"] = figures.suppressed_share(
        totals["on_time"], totals["raised"], outside=outside
    )

    leadership = _leadership(
        kept_participation, participation, members, envoys, nominations, outside
    )
    charts = [women_chart, agenda_chart, issue_chart]
    shown = _page_of_groups(charts, issue_rows, page)
    for chart in [*charts, leadership]:
        chart.layout()
    return Dashboard(
        group=group,
        outside=outside,
        charts=charts,
        issues=issue_rows,
        issue_totals=issue_totals,
        leadership=leadership,
        engagement_count=engagement_count,
        page=shown,
    )


def _page_of_groups(
    charts: list[Chart], issue_rows: list[dict[str, Any]], number: Any
) -> Page[str]:
    """Keep one page of groups in the grouped charts and the follow-up table (in place)."""
    labels = list(
        dict.fromkeys(
            [row.label for chart in charts for row in chart.rows]
            + [str(row["label"]) for row in issue_rows]
        )
    )
    shown = page_of(labels, number, per_page=GROUPS_PER_PAGE)
    keep = set(shown.object_list)
    for chart in charts:
        chart.rows = [row for row in chart.rows if row.label in keep]
    issue_rows[:] = [row for row in issue_rows if row["label"] in keep]
    return shown


def _leadership(
    kept: QuerySet[ParticipationTally],
    participation: QuerySet[Participation],
    members: QuerySet[TeamMember],
    envoys: QuerySet[Envoy],
    nominations: QuerySet[Nomination],
    outside: bool,
) -> Chart:
    counted: dict[str, figures.GenderTally] = defaultdict(figures.GenderTally)
    side_names = dict(Side.choices)
    for row in [
        *kept.filter(measure=Measure.LED, dimension__code=Dimension.GENDER)
        .values("side", "category__code")
        .annotate(n=Sum("count"))
        .order_by(),
        *participation.filter(measure=Measure.LED, category__dimension__code=Dimension.GENDER)
        .values("side", "category__code")
        .annotate(n=Sum("count"))
        .order_by(),
    ]:
        counted[f"led:{row['side']}"].add(row["category__code"], row["n"])
    for row in (
        members.filter(role__in=LEADERSHIP_ROLES).values("role", "gender").annotate(n=Sum("count"))
    ):
        counted[f"team:{row['role']}"].add(row["gender"], row["n"])
    for row in envoys.values("gender").annotate(n=Count("pk")):
        counted["envoys"].add(row["gender"], row["n"])
    for row in nominations.values("gender", "outcome").annotate(n=Count("pk")):
        counted["nominated"].add(row["gender"], row["n"])
        if row["outcome"] == Outcome.APPOINTED:
            counted["appointed"].add(row["gender"], row["n"])
    labels = [
        *[(f"led:{side}", _("Led: %(side)s") % {"side": side_names[side]}) for side in Side.values],
        (f"team:{TeamRole.HEAD}", _("Heads of Norway's teams")),
        (f"team:{TeamRole.DEPUTY}", _("Deputy heads of Norway's teams")),
        ("envoys", _("Special representatives and envoys")),
        ("nominated", _("Norwegian candidates nominated")),
        ("appointed", _("Norwegian candidates appointed")),
    ]
    rows = [
        ChartRow(
            str(label),
            [
                Cell(
                    figures.suppressed_share(
                        counted[key].women, counted[key].total, outside=outside
                    )
                )
            ],
        )
        for key, label in labels
        if key in counted
    ]
    return Chart(
        "leadership",
        str(_("Women in leading roles")),
        [Series("women", str(_("Women")))],
        rows,
        str(_("women")),
        str(_("people")),
        parity=True,
    )


def _filter_teams(teams: QuerySet[Team], filters: EngagementFilters) -> QuerySet[Team]:
    if filters.unit is not None:
        teams = teams.filter(unit=filters.unit)
    if filters.country:
        teams = teams.filter(country=filters.country)
    if filters.forum:
        teams = teams.filter(forum__iexact=filters.forum)
    return _filter_dated(teams, filters, "start")


def _filter_dated(qs: QuerySet[Any], filters: EngagementFilters, field_name: str) -> QuerySet[Any]:
    if filters.unit is not None:
        qs = qs.filter(unit=filters.unit)
    if filters.start:
        qs = qs.filter(**{f"{field_name}__gte": filters.start})
    if filters.end:
        qs = qs.filter(**{f"{field_name}__lte": filters.end})
    return qs


def _sort_key(key: Any) -> tuple[int, str]:
    return (1, "") if key in (None, "") else (0, str(key))


def _sort_pair(pair: tuple[Any, Any]) -> tuple[int, str]:
    return _sort_key(pair[0])


__all__ = ["GROUPS", "Dashboard", "Gender", "build"]
