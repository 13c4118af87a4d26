"""Assembling a report's content from live data, for one reader.

Everything is read through the policy layer for ``user``, the person who reads the
report: a report never holds a record its reader may not open. Records of the unit the
reader may not open are only counted, in a note, under the small-cell rule (a count
below five is said as "fewer than 5", zero included, so the note tells nothing by being
there). Figures come from the same selectors as the dashboards, so they are equal.

The report is arranged by the guidelines: the general MFA action points, then each of
the three thematic priorities with the work that served it and the four narrative
sections people write (efforts, results, problems, next year), pre-filled with what the
data says; then the plan, indicators, checklist, and the sections other apps contribute
(:mod:`.contributors`). The service-wide report is compiled from the units' *submitted*
reports (their snapshots), never from their live data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wpsdesk.catalogue import serving
from wpsdesk.catalogue.models import Item, ItemKind
from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import visible_to
from wpsdesk.planning import selectors as planning_selectors
from wpsdesk.planning.models import (
    Activity,
    ActivityStatus,
    Answer,
    ChecklistRun,
    Goal,
    IndicatorValue,
    WorkPlan,
)

from . import contributors
from .content import (
    SMALL_CELL,
    Section,
    bullets,
    chart,
    narrative,
    note,
    paragraph,
    section,
    table,
)

#: The narrative sections of each priority, in order: (suffix, label).
NARRATIVE_PARTS = ("efforts", "results", "problems", "next")
#: The general MFA action points sit under the introduction.
GENERAL_MFA_PREFIX = "INTRO.MFA."


def priority_codes() -> list[str]:
    """The codes of the current edition's thematic priorities, in document order."""
    edition = current_edition()
    if edition is None:
        return []
    return list(
        Item.objects.filter(edition=edition, kind=ItemKind.THEMATIC_PRIORITY, parent=None)
        .active()
        .in_document_order()
        .values_list("code", flat=True)
    )


def part_label(part: str) -> str:
    return {
        "efforts": _("Efforts"),
        "results": _("Results"),
        "problems": _("Problems"),
        "next": _("Next year"),
    }[part]


def small_count(count: int) -> str:
    """A count as it may be said outside its unit: below five (zero too) is "fewer than 5"."""
    if count < SMALL_CELL:
        return _("fewer than %(n)d") % {"n": SMALL_CELL}
    return str(count)


def top_code(code: str) -> str:
    """The priority (or top-level) code an item code sits under: ``P1.C.5.a`` → ``P1``."""
    return code.split(".", 1)[0]


def commitment_code(code: str) -> str:
    """The commitment or action point a (sub-)point belongs to: ``P1.C.5.a`` → ``P1.C.5``."""
    parts = code.split(".")
    return ".".join(parts[:3]) if len(parts) >= 3 else code


@dataclass
class Served:
    """What served the guideline items in a year: per record type, the records per item."""

    #: type label → commitment code → number of records
    by_type: dict[str, Counter[str]] = field(default_factory=dict)
    #: type label → number of records the reader may not open (restricted, of the unit)
    hidden: dict[str, int] = field(default_factory=dict)

    def records_under(self, prefix: str) -> dict[str, int]:
        """Per type, how many records served an item under ``prefix`` (a priority)."""
        totals: dict[str, int] = {}
        for label, counts in self.by_type.items():
            n = sum(v for code, v in counts.items() if top_code(code) == prefix)
            if n:
                totals[label] = n
        return totals

    def per_item(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counts in self.by_type.values():
            total.update(counts)
        return total


def _unit_path(model: type[Model]) -> str:
    return getattr(model, "policy_unit_field", "unit")


def _class_path(model: type[Model]) -> str:
    return getattr(model, "policy_classification_field", "classification")


def _in_unit(records: QuerySet[Any], unit: Unit | None) -> QuerySet[Any]:
    if unit is None:
        return records
    return records.filter(**{_unit_path(records.model): unit})


def hidden_count(all_records: QuerySet[Any], visible: QuerySet[Any]) -> int:
    """Records among ``all_records`` (one unit's) the reader may not open: counted, not read."""
    return all_records.exclude(pk__in=visible.values("pk")).count()


def served_in_year(user: Any, unit: Unit | None, year: int) -> Served:
    """Per type in the serving registry, the records of the year (of the unit) per commitment.

    One query per type for the links and one for what the reader may not open.
    """
    served = Served()
    for serving_type in serving.types():
        model = serving_type.model
        everything = _in_unit(model._default_manager.all(), unit)
        if serving_type.in_year is not None:
            everything = serving_type.in_year(everything, year)
        elif serving_type.key == planning_selectors.SERVING.key:
            everything = everything.filter(plan__year=year)
        visible = everything.filter(pk__in=visible_to(model._default_manager.all(), user=user))
        label = str(serving_type.label)
        manager: Any = serving_type.link._default_manager  # the common link shape
        links = (
            manager.filter(record__in=visible.values("pk"))
            .values_list("record_id", "item__code")
            .order_by()
        )
        seen: dict[str, set[int]] = defaultdict(set)
        for record_id, code in links:
            seen[commitment_code(code)].add(record_id)
        served.by_type[label] = Counter({code: len(ids) for code, ids in seen.items()})
        if unit is not None:
            served.hidden[label] = hidden_count(everything, visible)
    return served


def hidden_note(hidden: dict[str, int]) -> list[dict[str, Any]]:
    """One note on the records of the unit the reader may not open (small-cell rule)."""
    total = sum(hidden.values())
    return [
        note(
            _("Restricted records of the unit that you may not open are not shown: %(count)s.")
            % {"count": small_count(total)}
        )
    ]


# --- the report's own sections ---------------------------------------------------------


@dataclass
class UnitData:
    """What the unit's report is made of, read once."""

    plans: list[WorkPlan]
    goals: list[Goal]
    activities: list[Activity]
    served: Served
    priorities: list[Item]
    action_points: list[Item]
    hidden_plans: int = 0


def _goal_priorities(goal: Goal) -> set[str]:
    return {top_code(item.code) for item in goal.items.all()}


def read_unit_data(user: Any, unit: Unit | None, year: int) -> UnitData:
    edition = current_edition()
    priorities: list[Item] = []
    action_points: list[Item] = []
    if edition is not None:
        priorities = list(
            Item.objects.filter(edition=edition, kind=ItemKind.THEMATIC_PRIORITY, parent=None)
            .active()
            .in_document_order()
        )
        action_points = list(
            Item.objects.filter(edition=edition, kind=ItemKind.ACTION_POINT)
            .active()
            .in_document_order()
        )
    plans_all = _in_unit(WorkPlan.objects.filter(year=year), unit)
    plans = list(
        visible_to(plans_all, user=user).select_related("unit").order_by("unit__name", "kind")
    )
    goals: list[Goal] = []
    for plan in plans:
        goals.extend(planning_selectors.plan_goals(plan=plan))
    activities = [a for g in goals for a in g.activities.all()]
    return UnitData(
        plans=plans,
        goals=goals,
        activities=activities,
        served=served_in_year(user, unit, year),
        priorities=priorities,
        action_points=action_points,
        hidden_plans=hidden_count(plans_all, visible_to(plans_all, user=user)) if unit else 0,
    )


def _status_counts(activities: list[Activity]) -> Counter[str]:
    return Counter(a.status for a in activities)


def _prefill_efforts(goals: list[Goal], records: dict[str, int]) -> str:
    lines = []
    if goals:
        activities = [a for g in goals for a in g.activities.all()]
        lines.append(
            _("%(goals)d goals with %(activities)d activities served this priority: %(titles)s.")
            % {
                "goals": len(goals),
                "activities": len(activities),
                "titles": "; ".join(g.title for g in goals),
            }
        )
    else:
        lines.append(_("No goal of the plan served this priority."))
    if records:
        lines.append(
            _("Other work that served it: %(work)s.")
            % {"work": ", ".join(f"{label}: {n}" for label, n in records.items())}
        )
    return "\n\n".join(lines)


def _prefill_results(goals: list[Goal], year: int) -> str:
    done = [a for g in goals for a in g.activities.all() if a.status == ActivityStatus.DONE]
    lines = []
    if done:
        lines.append(
            _("Done: %(titles)s.") % {"titles": "; ".join(a.title for a in done)},
        )
    for goal in goals:
        for indicator in goal.indicators.all():
            for value in indicator.values.all():
                if value.period.startswith(str(year)) and value.actual is not None:
                    lines.append(
                        _("%(indicator)s: %(actual)s (target %(target)s).")
                        % {
                            "indicator": indicator.name,
                            "actual": formats.number_format(value.actual),
                            "target": formats.number_format(value.target)
                            if value.target is not None
                            else "–",
                        }
                    )
    if not lines:
        lines.append(_("No activity was reported done and no indicator has a result yet."))
    return "\n\n".join(lines)


def _prefill_problems(goals: list[Goal], unserved: list[Item]) -> str:
    lines = []
    dropped = [a for g in goals for a in g.activities.all() if a.status == ActivityStatus.DROPPED]
    for activity in dropped:
        lines.append(
            _("Dropped: %(title)s — %(reason)s")
            % {"title": activity.title, "reason": activity.drop_reason}
        )
    if unserved:
        lines.append(
            _("Commitments nothing served this year: %(codes)s.")
            % {"codes": ", ".join(item.code for item in unserved)}
        )
    return "\n\n".join(lines) or _("No problems are recorded in the data.")


def _prefill_next(goals: list[Goal]) -> str:
    still_open = [a for g in goals for a in g.activities.all() if a.is_open]
    if not still_open:
        return _("No activity of this year is still open.")
    return _("Still open and carried into next year: %(titles)s.") % {
        "titles": "; ".join(a.title for a in still_open)
    }


def priority_sections(data: UnitData, year: int, plan_results: dict[str, str]) -> list[Section]:
    """One section per thematic priority: the work that served it and the four narratives."""
    per_item = data.served.per_item()
    sections: list[Section] = []
    for number, priority in enumerate(data.priorities, start=1):
        code = priority.code
        slug = code.lower()
        goals = [g for g in data.goals if code in _goal_priorities(g)]
        records = {
            label: n
            for label, n in data.served.records_under(code).items()
            if label != str(planning_selectors.SERVING.label)
        }
        commitments = [
            item
            for item in data.action_points + _commitments_of(priority)
            if top_code(item.code) == code
        ]
        unserved = [item for item in commitments if not per_item.get(item.code)]
        rows = [
            [item.code, item.heading, per_item.get(item.code, 0)]
            for item in commitments
            if per_item.get(item.code)
        ]
        work_blocks: list[dict[str, Any]] = []
        if goals:
            work_blocks.append(
                table(
                    f"{slug}-goals",
                    _("Goals that served this priority"),
                    [_("Goal"), _("Activities"), _("Done"), _("Open"), _("Dropped")],
                    [
                        [
                            goal.title,
                            len(goal.activities.all()),
                            _status_counts(list(goal.activities.all()))[ActivityStatus.DONE],
                            sum(1 for a in goal.activities.all() if a.is_open),
                            _status_counts(list(goal.activities.all()))[ActivityStatus.DROPPED],
                        ]
                        for goal in goals
                    ],
                    [False, True, True, True, True],
                )
            )
        if rows:
            work_blocks.append(
                table(
                    f"{slug}-commitments",
                    _("Commitments and action points served, with the number of records"),
                    [_("Code"), _("Commitment or action point"), _("Records")],
                    rows,
                    [False, False, True],
                )
            )
        if not work_blocks:
            work_blocks.append(paragraph(_("Nothing recorded served this priority this year.")))
        prefill = {
            "efforts": _prefill_efforts(goals, records),
            "results": _prefill_results(goals, year),
            "problems": _prefill_problems(goals, unserved),
            "next": _prefill_next(goals),
        }
        if number == 1 and plan_results.get("summary"):
            prefill["results"] += "\n\n" + plan_results["summary"]
        if number == 1 and plan_results.get("obstacles"):
            prefill["problems"] += "\n\n" + plan_results["obstacles"]
        subsections = [
            section(f"{slug}-work", _("Work that served this priority"), 2, work_blocks),
            *[
                section(
                    f"{slug}-{part}",
                    part_label(part),
                    2,
                    [narrative(f"{slug}-{part}", part_label(part), prefill[part])],
                )
                for part in NARRATIVE_PARTS
            ],
        ]
        sections.append(
            section(
                slug,
                _("Thematic priority %(n)d: %(title)s") % {"n": number, "title": priority.heading},
                1,
                [],
                subsections,
            )
        )
    return sections


def _commitments_of(priority: Item) -> list[Item]:
    return list(
        Item.objects.filter(
            edition_id=priority.edition_id,
            kind=ItemKind.COMMITMENT,
            code__startswith=f"{priority.code}.C.",
        )
        .active()
        .in_document_order()
    )


def action_point_section(data: UnitData) -> Section:
    """The MFA action points (general and per priority) and how many records served each."""
    per_item = data.served.per_item()
    rows = [[item.code, item.heading, per_item.get(item.code, 0)] for item in data.action_points]
    return section(
        "mfa-action-points",
        _("The Ministry of Foreign Affairs' action points"),
        1,
        [
            table(
                "mfa-action-points",
                _("Action points and the number of records that served each this year"),
                [_("Code"), _("Action point"), _("Records")],
                rows,
                [False, False, True],
            )
            if rows
            else paragraph(_("The guidelines are not loaded."))
        ],
    )


def plan_section(data: UnitData, year: int) -> Section:
    """The year's plans: goals, activities and the year-end results."""
    subsections: list[Section] = []
    for plan in data.plans:
        goals = [g for g in data.goals if g.plan_id == plan.pk]
        blocks: list[dict[str, Any]] = [
            paragraph(
                _("%(plan)s (%(unit)s): %(status)s; year-end results %(results)s.")
                % {
                    "plan": plan.display_title,
                    "unit": plan.unit.name,
                    "status": plan.get_status_display().lower(),
                    "results": plan.get_results_status_display().lower(),
                }
            )
        ]
        rows = []
        for goal in goals:
            for activity in goal.activities.all():
                rows.append(
                    [
                        goal.title,
                        activity.title,
                        activity.get_status_display(),
                        formats.date_format(activity.due_date, "SHORT_DATE_FORMAT")
                        if activity.due_date
                        else None,
                    ]
                )
            if not goal.activities.all():
                rows.append([goal.title, None, None, None])
        if rows:
            blocks.append(
                table(
                    f"plan-{plan.pk}-activities",
                    _("Goals and activities"),
                    [_("Goal"), _("Activity"), _("Status"), _("Due")],
                    rows,
                    [False, False, False, False],
                )
            )
        if plan.results_summary:
            blocks.append(paragraph(_("What was done: %(text)s") % {"text": plan.results_summary}))
        if plan.results_obstacles:
            blocks.append(
                paragraph(_("What stood in the way: %(text)s") % {"text": plan.results_obstacles})
            )
        subsections.append(section(f"plan-{plan.pk}", plan.display_title, 2, blocks))
    blocks = [] if data.plans else [paragraph(_("No plan for %(year)d.") % {"year": year})]
    if data.hidden_plans:
        blocks.extend(hidden_note({"plans": data.hidden_plans}))
    return section("plan", _("Plan, activities and year-end results"), 1, blocks, subsections)


def indicator_section(data: UnitData, year: int) -> Section:
    """Indicators with the year's baseline, target and actual, and a chart of the numbers."""
    rows: list[list[Any]] = []
    names: list[str] = []
    targets: list[float | None] = []
    actuals: list[float | None] = []
    for goal in data.goals:
        for indicator in goal.indicators.all():
            values = [v for v in indicator.values.all() if v.period.startswith(str(year))]
            value: IndicatorValue | None = values[-1] if values else None
            if indicator.is_quantitative:
                baseline = float(value.baseline) if value and value.baseline is not None else None
                target = float(value.target) if value and value.target is not None else None
                actual = float(value.actual) if value and value.actual is not None else None
                names.append(indicator.name)
                targets.append(target)
                actuals.append(actual)
            else:
                baseline = value.baseline_text if value else None  # type: ignore[assignment]
                target = value.target_text if value else None  # type: ignore[assignment]
                actual = value.actual_text if value else None  # type: ignore[assignment]
            rows.append(
                [
                    indicator.name,
                    indicator.unit_of_measure or None,
                    baseline,
                    target,
                    actual,
                ]
            )
    if not rows:
        return section(
            "indicators",
            _("Indicators"),
            1,
            [paragraph(_("No indicator has values for %(year)d.") % {"year": year})],
        )
    blocks: list[dict[str, Any]] = []
    if names:
        blocks.append(
            chart(
                "indicators-chart",
                _("Target and actual of the quantitative indicators, %(year)d") % {"year": year},
                _("Bar chart of target and actual per indicator; the table below has the figures."),
                "bar",
                names,
                [(_("Target"), targets), (_("Actual"), actuals)],
            )
        )
    blocks.append(
        table(
            "indicators",
            _("Indicators, %(year)d") % {"year": year},
            [_("Indicator"), _("Unit of measure"), _("Baseline"), _("Target"), _("Actual")],
            rows,
            [False, False, True, True, True],
        )
    )
    return section("indicators", _("Indicators"), 1, blocks)


ANSWER_ORDER = [Answer.YES, Answer.PARTLY, Answer.NO, Answer.NOT_RELEVANT]


def checklist_section(user: Any, unit: Unit, year: int) -> Section:
    """The checklist's answers this year and last, and the rows whose answer changed."""
    runs_all = ChecklistRun.objects.filter(unit=unit, year__in=[year - 1, year])
    runs = list(visible_to(runs_all, user=user).order_by("year"))
    blocks: list[dict[str, Any]] = []
    if not runs:
        blocks.append(paragraph(_("No checklist run for %(year)d.") % {"year": year}))
    else:
        counts: dict[tuple[int, str], int] = {}
        for run in runs:
            tally = Counter(run.answers.exclude(answer="").values_list("answer", flat=True))
            for answer in ANSWER_ORDER:
                counts[(run.year, answer)] = tally.get(answer, 0)
        years = [run.year for run in runs]
        blocks.append(
            table(
                "checklist-answers",
                _("Checklist answers"),
                [_("Answer"), *[str(y) for y in years]],
                [[str(a.label), *[counts[(y, a)] for y in years]] for a in ANSWER_ORDER],
                [False, *[True for _y in years]],
            )
        )
        if len(runs) == 2:
            comparison = planning_selectors.checklist_comparison(
                user=user, unit_id=unit.pk, years=[year - 1, year]
            )
            changed = [
                _("%(code)s: %(before)s → %(after)s")
                % {
                    "code": row.item.code,
                    "before": row.answers[0].get_answer_display()
                    if row.answers[0] and row.answers[0].answer
                    else "–",
                    "after": row.answers[1].get_answer_display()
                    if row.answers[1] and row.answers[1].answer
                    else "–",
                }
                for row in comparison.rows
                if row.changed
            ]
            if changed:
                blocks.append(paragraph(_("Changed since last year:")))
                blocks.append(bullets(changed))
            else:
                blocks.append(paragraph(_("No answer changed since last year.")))
    hidden = hidden_count(runs_all, visible_to(runs_all, user=user))
    if hidden:
        blocks.extend(hidden_note({"runs": hidden}))
    return section("checklist", _("Checklist answers and change since last year"), 1, blocks)


# --- the whole report ------------------------------------------------------------------


def _title(year: int, unit: Unit | None) -> str:
    if unit is None:
        return _("Annual WPS report %(year)d — the Foreign Service") % {"year": year}
    return _("Annual WPS report %(year)d — %(unit)s") % {"year": year, "unit": unit.name}


def _status_line(status: str | None) -> str:
    day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    if status == "submitted":
        return _("Submitted — figures as of %(day)s") % {"day": day}
    if status == "approved":
        return _("Approved — figures as of %(day)s") % {"day": day}
    return _("Draft — figures as of %(day)s") % {"day": day}


def unit_figures(data: UnitData) -> dict[str, Any]:
    """The counts HQ compiles from, kept with a submitted report's snapshot."""
    statuses = _status_counts(data.activities)
    return {
        "served": dict(data.served.per_item()),
        "goals": len(data.goals),
        "activities": {str(k): v for k, v in statuses.items()},
        "records": {label: sum(counts.values()) for label, counts in data.served.by_type.items()},
    }


@dataclass
class Assembled:
    content: dict[str, Any]
    figures: dict[str, Any]


def assemble_unit(
    user: Any, unit: Unit, year: int, language: str, status: str | None = None
) -> Assembled:
    """The unit's report for ``user`` with the figures HQ compiles from."""
    with translation.override(language):
        data = read_unit_data(user, unit, year)
        plan_results = {
            "summary": "\n\n".join(p.results_summary for p in data.plans if p.results_summary),
            "obstacles": "\n\n".join(
                p.results_obstacles for p in data.plans if p.results_obstacles
            ),
        }
        sections = [
            action_point_section(data),
            *priority_sections(data, year, plan_results),
            plan_section(data, year),
            indicator_section(data, year),
            checklist_section(user, unit, year),
            *contributors.sections_for(user, unit, year, language),
        ]
        if any(data.served.hidden.values()):
            sections.append(
                section(
                    "restricted",
                    _("Restricted work"),
                    1,
                    hidden_note(data.served.hidden),
                )
            )
        content = {
            "schema": 1,
            "title": _title(year, unit),
            "subtitle": _("Efforts, results and problems"),
            "language": language,
            "year": year,
            "unit": {"code": unit.code, "name": unit.name},
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "status_line": _status_line(status),
            "sections": sections,
        }
        return Assembled(content, unit_figures(data))


def assemble_unit_report(user: Any, unit: Unit, year: int, language: str) -> dict[str, Any]:
    """A unit's annual report for one reader: what the reader may see of the unit's year."""
    return assemble_unit(user, unit, year, language).content


# --- the service-wide report -----------------------------------------------------------


def assemble_service_report(user: Any, year: int, language: str) -> dict[str, Any]:
    """The service-wide report compiled from the submitted unit reports the reader may open.

    Per priority what the units did, achieved and struggled with (their own narrative
    sections, as submitted); per commitment how many units worked on it; which units have
    not reported; the commitments nobody worked on (the gap view); the trend since 2023.
    """
    from . import compile as compiling

    with translation.override(language):
        compiled = compiling.compile_service(user, year)
        sections = [
            compiling.reporting_section(compiled),
            *compiling.priority_sections(compiled),
            compiling.gap_section(user, year),
            compiling.trend_section(user, year),
            *contributors.sections_for(user, None, year, language),
        ]
        return {
            "schema": 1,
            "title": _title(year, None),
            "subtitle": _("Efforts, results and problems"),
            "language": language,
            "year": year,
            "unit": None,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "status_line": _status_line(None),
            "sections": sections,
        }
