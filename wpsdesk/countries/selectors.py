"""Reads for the country pages and the API, every record through the policy layer.

A country page gathers, for one ISO code, the country's commitments the person may read,
the civil-society organisations there, the priority-list history, the units covering it,
and the service's own work there (engagements, plans, peace processes, grants, screened
documents): for each kind a count and the latest few, each read through that app's own
selector or the policy layer. The page costs a fixed number of queries, however much
there is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsdesk.catalogue.countries import (
    COUNTRIES,
    COUNTRIES_NB,
    country_choices,
    country_label,
    fold_name,
)
from wpsdesk.catalogue.models import PriorityEntry, PriorityKind
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import AnyUser, visible_to

from . import rules
from .kinds import KINDS
from .models import (
    ActionPlan,
    Body,
    FollowUp,
    Legislation,
    MonitorEntry,
    Ratification,
    Recommendation,
    ReviewCycle,
)
from .regions import Region, region_of

#: How many of each kind of the service's work a country page lists (the count is given).
LATEST = 5
#: How many civil-society organisations a country page lists.
ORGANISATIONS_SHOWN = 25


# --- the list of countries ----------------------------------------------------------------


@dataclass(frozen=True)
class CountryFilters:
    """What the country list is narrowed to; empty means every country."""

    q: str = ""
    region: str = ""
    priority: str = ""  # "yes": on the priority list today; "no": not on it
    recorded: bool = False  # only countries with commitments the person may read

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> CountryFilters:
        return cls(
            q=(data.get("q") or "").strip(),
            region=data.get("region") or "",
            priority=data.get("priority") or "",
            recorded=bool(data.get("recorded")),
        )


@dataclass
class CountryRow:
    code: str
    name: str
    region: str
    priority: bool
    records: int

    @property
    def region_label(self) -> str:
        return str(dict(Region.choices).get(self.region, "–"))

    def get_absolute_url(self) -> str:
        return reverse("countries:detail", args=[self.code])


def priority_codes_on(day: dt.date | None = None) -> set[str]:
    """The countries on the priority list on the day (today by default; one query)."""
    return set(
        PriorityEntry.objects.on(day or timezone.localdate())
        .filter(kind=PriorityKind.COUNTRY)
        .values_list("code", flat=True)
    )


def record_counts(*, user: AnyUser | None) -> dict[str, int]:
    """How many commitments the person may read, per country (one query per kind)."""
    counts: dict[str, int] = {}
    for kind in KINDS.values():
        rows = (
            visible_to(kind.model._default_manager.all(), user=user)
            .order_by()
            .values("country")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[row["country"]] = counts.get(row["country"], 0) + row["n"]
    return counts


def country_rows(*, user: AnyUser | None, filters: CountryFilters) -> list[CountryRow]:
    """Every country matching the filters, by name in the page's language."""
    priority = priority_codes_on()
    counts = record_counts(user=user)
    wanted = fold_name(filters.q) if filters.q else ""
    rows = []
    for code, name in country_choices():
        if wanted and not (
            wanted == code.lower()
            or wanted in fold_name(COUNTRIES[code])
            or wanted in fold_name(COUNTRIES_NB.get(code, ""))
        ):
            continue
        region = region_of(code)
        if filters.region and region != filters.region:
            continue
        on_list = code in priority
        if filters.priority == "yes" and not on_list:
            continue
        if filters.priority == "no" and on_list:
            continue
        if filters.recorded and not counts.get(code):
            continue
        rows.append(CountryRow(code, name, region, on_list, counts.get(code, 0)))
    return rows


# --- one country --------------------------------------------------------------------------


@dataclass
class WorkKind:
    """The service's work of one kind in the country: how much, and the latest few."""

    key: str
    heading: Any
    count: int
    rows: list[tuple[str, str, str]]  # (title, address, what else to say)
    more_url: str = ""


@dataclass
class Cycle:
    """A review cycle with the recommendations of that body and cycle the person may read."""

    body: str
    number: int
    label: str
    reviews: list[ReviewCycle] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)


@dataclass
class CountryPage:
    code: str
    name: str
    region: str
    covering: list[Unit]
    priority_history: list[PriorityEntry]
    on_priority_list: bool
    ratifications: list[Ratification]
    plans: list[ActionPlan]
    legislation: list[Legislation]
    cycles: list[Cycle]
    monitors: list[MonitorEntry]
    organisations: list[Any]
    organisation_count: int
    work: list[WorkKind]

    @property
    def region_label(self) -> str:
        return str(dict(Region.choices).get(self.region, ""))

    @property
    def recommendations(self) -> list[Recommendation]:
        return [rec for cycle in self.cycles for rec in cycle.recommendations]


def commitments(model: Any, *, user: AnyUser | None, code: str) -> QuerySet[Any]:
    """One kind of the country's commitments that the person may read, in the model's order."""
    return visible_to(model.objects.filter(country=code), user=user).select_related("unit")


def recommendations_with_follow_ups(*, user: AnyUser | None, code: str) -> list[Recommendation]:
    """The country's recommendations the person may read, each with its follow-ups,
    newest first (two queries)."""
    recs = list(commitments(Recommendation, user=user, code=code))
    by_pk = {rec.pk: rec for rec in recs}
    for rec in recs:
        rec.follow_up_list = []
    if by_pk:
        follow_ups = visible_to(
            FollowUp.objects.filter(recommendation_id__in=list(by_pk)), user=user
        ).order_by("recommendation_id", "-on", "-pk")
        for follow_up in follow_ups:
            by_pk[follow_up.recommendation_id].follow_up_list.append(follow_up)
    return recs


def _cycles(reviews: list[ReviewCycle], recs: list[Recommendation]) -> list[Cycle]:
    cycles: dict[tuple[str, int], Cycle] = {}
    labels = dict(Body.choices)

    def cycle_of(body: str, number: int) -> Cycle:
        key = (body, number)
        if key not in cycles:
            cycles[key] = Cycle(body, number, f"{labels.get(body, body)} – {number}")
        return cycles[key]

    for review in reviews:
        cycle_of(review.body, review.cycle).reviews.append(review)
    for rec in recs:
        cycle_of(rec.body, rec.cycle).recommendations.append(rec)
    return sorted(cycles.values(), key=lambda c: (c.body, -c.number))


def _work(*, user: AnyUser | None, code: str, covering: list[Unit]) -> list[WorkKind]:
    """The service's work in the country the person may see: a count and the latest few of
    each kind (two queries per kind)."""
    from wpsdesk.engagements.selectors import EngagementFilters, engagement_list_visible_to
    from wpsdesk.grants.selectors import GrantFilters, grant_list_visible_to
    from wpsdesk.planning.models import WorkPlan
    from wpsdesk.processes.selectors import ProcessFilters, process_list_visible_to
    from wpsdesk.screening.models import ScreenedDocument

    unit_ids = [unit.pk for unit in covering]
    kinds: list[WorkKind] = []

    engagements = engagement_list_visible_to(
        user=user, filters=EngagementFilters(country=code)
    ).prefetch_related(None)
    kinds.append(
        WorkKind(
            "engagements",
            _("Engagements"),
            engagements.count(),
            [
                (e.title, e.get_absolute_url(), f"{e.date:%Y-%m-%d} · {e.unit.name}")
                for e in engagements[:LATEST]
            ],
            reverse("engagements:list") + f"?country={code}",
        )
    )
    plans = visible_to(WorkPlan.objects.filter(unit_id__in=unit_ids), user=user).select_related(
        "unit"
    )
    kinds.append(
        WorkKind(
            "plans",
            _("Plans of the units covering it"),
            plans.count(),
            [
                (str(p), reverse("planning:plan_detail", args=[p.pk]), f"{p.year} · {p.unit.name}")
                for p in plans.order_by("-year", "-pk")[:LATEST]
            ],
        )
    )
    processes = process_list_visible_to(user=user, filters=ProcessFilters(country=code))
    kinds.append(
        WorkKind(
            "processes",
            _("Peace processes"),
            processes.count(),
            [
                (p.name, p.get_absolute_url(), p.get_phase_display())
                for p in processes.order_by("-pk")[:LATEST]
            ],
            reverse("processes:list") + f"?country={code}",
        )
    )
    grants = grant_list_visible_to(user=user, filters=GrantFilters(country=code))
    kinds.append(
        WorkKind(
            "grants",
            _("Grants"),
            grants.count(),
            [
                (g.title, g.get_absolute_url(), f"{g.start_date:%Y-%m-%d} · {g.unit.name}")
                for g in grants[:LATEST]
            ],
            reverse("grants:list") + f"?country={code}",
        )
    )
    documents = visible_to(
        ScreenedDocument.objects.filter(unit_id__in=unit_ids), user=user
    ).select_related("unit")
    kinds.append(
        WorkKind(
            "documents",
            _("Screened documents of the units covering it"),
            documents.count(),
            [
                (d.title, reverse("screening:detail", args=[d.pk]), d.unit.name)
                for d in documents.order_by("-pk")[:LATEST]
            ],
        )
    )
    return kinds


def country_page(*, user: AnyUser | None, code: str) -> CountryPage:
    """Everything on one country's page that the person may see."""
    from wpsdesk.civil_society.selectors import OrganisationFilters, organisation_list_visible_to

    code = code.upper()
    covering = rules.covering_units(code)
    history = list(
        PriorityEntry.objects.filter(kind=PriorityKind.COUNTRY, code=code).order_by(
            "-valid_from", "-pk"
        )
    )
    today = timezone.localdate()
    on_list = any(
        e.valid_from <= today and (e.valid_to is None or e.valid_to >= today) for e in history
    )
    reviews = list(commitments(ReviewCycle, user=user, code=code))
    recs = recommendations_with_follow_ups(user=user, code=code)
    organisations = organisation_list_visible_to(
        user=user, filters=OrganisationFilters(country=code)
    )
    shown = list(organisations[:ORGANISATIONS_SHOWN])
    count = len(shown) if len(shown) < ORGANISATIONS_SHOWN else organisations.count()
    return CountryPage(
        code=code,
        name=country_label(code),
        region=region_of(code),
        covering=covering,
        priority_history=history,
        on_priority_list=on_list,
        ratifications=list(commitments(Ratification, user=user, code=code)),
        plans=list(commitments(ActionPlan, user=user, code=code)),
        legislation=list(commitments(Legislation, user=user, code=code)),
        cycles=_cycles(reviews, recs),
        monitors=list(commitments(MonitorEntry, user=user, code=code)),
        organisations=shown,
        organisation_count=count,
        work=_work(user=user, code=code, covering=covering),
    )


# --- the calendar ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewDate:
    """One CEDAW or UPR date of a country, as a plain record for the calendar."""

    day: dt.date
    what: str  # "report_due" or "review"
    body: str
    cycle: int
    country: str
    title: str
    url: str
    unit: Unit
    pk: int  # the review cycle's
    restricted: bool


def review_dates(user: AnyUser | None, start: dt.date, end: dt.date) -> list[ReviewDate]:
    """The reporting deadlines and review dates between ``start`` and ``end`` (inclusive)
    of the review cycles the person may read, by day (one query).

    Titles carry only the body, the cycle and the country: never a restricted note.
    """
    from django.db.models import Q

    cycles = (
        visible_to(
            ReviewCycle.objects.filter(
                Q(report_due__range=(start, end)) | Q(review_date__range=(start, end))
            ),
            user=user,
        )
        .select_related("unit")
        .order_by("pk")
    )
    labels = dict(Body.choices)
    out: list[ReviewDate] = []
    for cycle in cycles:
        url = reverse("countries:detail", args=[cycle.country]) + "#reviews"
        body = labels.get(cycle.body, cycle.body)
        name = country_label(cycle.country)
        if cycle.report_due and start <= cycle.report_due <= end:
            out.append(
                ReviewDate(
                    cycle.report_due,
                    "report_due",
                    cycle.body,
                    cycle.cycle,
                    cycle.country,
                    str(_("%(country)s: report to %(body)s due (cycle %(cycle)s)"))
                    % {"country": name, "body": body, "cycle": cycle.cycle},
                    url,
                    cycle.unit,
                    cycle.pk,
                    cycle.classification != "internal",
                )
            )
        if cycle.review_date and start <= cycle.review_date <= end:
            out.append(
                ReviewDate(
                    cycle.review_date,
                    "review",
                    cycle.body,
                    cycle.cycle,
                    cycle.country,
                    str(_("%(country)s: %(body)s review (cycle %(cycle)s)"))
                    % {"country": name, "body": body, "cycle": cycle.cycle},
                    url,
                    cycle.unit,
                    cycle.pk,
                    cycle.classification != "internal",
                )
            )
    return sorted(out, key=lambda d: (d.day, d.country, d.title))
