"""Fictional plans, activities, indicators and checklist runs for the demo units.

The story: the Embassy in Bogotá (demo) has an approved plan and approved results for last
year, a draft plan for this year started from it, and has run the checklist both years
(one "no" has become an activity). Amman and Juba have plans for this year, Amman has run
the checklist; the UN delegation has a separate WPS plan. The Section for Peace and
Reconciliation and the NATO delegation have neither yet, so HQ's gap view has units to
name, and many commitments no goal serves. Every text is invented; a fixed seed gives the
same figures each time; loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wpsdesk.catalogue.models import Item
from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.organisation.models import Unit, User

from . import services
from .dimensions import dimensions_seed
from .models import Category, ChecklistRun, Dimension, WorkPlan

SEED = 1325


@dataclass
class DemoIndicator:
    name: str
    unit_of_measure: str
    dimensions: list[str] = field(default_factory=list)
    baseline: int = 0
    target: int = 0
    qualitative: bool = False


@dataclass
class DemoGoal:
    title: str
    codes: list[str]
    activities: list[tuple[str, str]]  # (title, status)
    indicators: list[DemoIndicator] = field(default_factory=list)


@dataclass
class DemoPlan:
    unit: str
    editor: str
    lead: str | None
    kind: str
    title: str
    goals: list[DemoGoal]


PLANS = [
    DemoPlan(
        unit="demo-bogota",
        editor="bogota.officer",
        lead="bogota.lead",
        kind="virksomhetsplan",
        title="Bogotá (demo): WPS goals in the virksomhetsplan",
        goals=[
            DemoGoal(
                "Women take part in the territorial peace dialogues we support (demo)",
                ["P1.C.5", "P1.AP.3", "CL.1"],
                [
                    (
                        "Meet the regional women’s platform before each dialogue round (demo)",
                        "done",
                    ),
                    (
                        "Fund interpretation for women delegates from rural areas (demo)",
                        "under_way",
                    ),
                    (
                        "Raise women’s participation with the negotiating parties (demo)",
                        "under_way",
                    ),
                ],
                [
                    DemoIndicator(
                        "Women delegates in supported dialogue rounds (demo)",
                        "people",
                        ["age"],
                        4,
                        12,
                    ),
                    DemoIndicator(
                        "How women’s proposals are reflected in dialogue outcomes (demo)",
                        "",
                        qualitative=True,
                    ),
                ],
            ),
            DemoGoal(
                "Women human rights defenders are heard and protected (demo)",
                ["P1.C.20", "P3.AP.5", "CL.15"],
                [
                    ("Quarterly round table with defenders’ networks (demo)", "under_way"),
                    (
                        "Brief the ambassador on the protection situation twice a year (demo)",
                        "planned",
                    ),
                ],
                [DemoIndicator("Round tables held (demo)", "meetings", [], 2, 4)],
            ),
            DemoGoal(
                "A gender-balanced embassy team in peace work (demo)",
                ["P1.C.1"],
                [("Review the team’s roles in dialogue support (demo)", "planned")],
            ),
        ],
    ),
    DemoPlan(
        unit="demo-amman",
        editor="amman.officer",
        lead=None,
        kind="virksomhetsplan",
        title="Amman (demo): WPS in the annual plan",
        goals=[
            DemoGoal(
                "Humanitarian partners analyse needs with an intersectional lens (demo)",
                ["P3.C.4", "CL.17"],
                [
                    ("Ask each humanitarian partner for its needs analysis (demo)", "done"),
                    ("Joint visit with partners to a camp for displaced women (demo)", "planned"),
                ],
                [
                    DemoIndicator(
                        "People reached by supported protection services (demo)",
                        "people",
                        ["age", "displacement", "disability"],
                        800,
                        1500,
                    )
                ],
            ),
            DemoGoal(
                "Civil society mapped and engaged (demo)",
                ["CL.12", "P1.C.6"],
                [("Update the civil-society map (demo)", "under_way")],
            ),
        ],
    ),
    DemoPlan(
        unit="demo-juba",
        editor="juba.officer",
        lead=None,
        kind="virksomhetsplan",
        title="Juba (demo): WPS goals",
        goals=[
            DemoGoal(
                "Women’s groups take part in implementing the peace agreement (demo)",
                ["P1.C.9", "CL.14"],
                [
                    ("Support a women’s coalition monitoring the agreement (demo)", "under_way"),
                    ("Workshop on the agreement’s gender provisions (demo)", "dropped"),
                ],
                [DemoIndicator("Women in agreement monitoring bodies (demo)", "people", [], 3, 8)],
            ),
            DemoGoal(
                "Contact with the peace operation’s leadership on WPS (demo)",
                ["P2.C.8", "CL.10"],
                [],
            ),
        ],
    ),
    DemoPlan(
        unit="demo-un-ny",
        editor="un.officer",
        lead=None,
        kind="separate",
        title="UN New York (demo): separate WPS work plan",
        goals=[
            DemoGoal(
                "WPS language in mandates and resolutions (demo)",
                ["P2.C.5", "CL.9"],
                [
                    ("Statement at the October open debate (demo)", "planned"),
                    ("Side event with women peacebuilders at CSW (demo)", "done"),
                ],
                [
                    DemoIndicator(
                        "Mandate renewals with WPS language kept or strengthened (demo)",
                        "mandates",
                        [],
                        5,
                        8,
                    )
                ],
            )
        ],
    ),
]

CHECKLIST = {
    "demo-bogota": {
        "previous": {
            "CL.1": "partly",
            "CL.12": "yes",
            "CL.15": "partly",
            "CL.18": "no",
            "CL.3": "yes",
        },
        "current": {
            "CL.1": "yes",
            "CL.1.a": "yes",
            "CL.1.b": "no",
            "CL.12": "yes",
            "CL.15": "yes",
            "CL.18": "yes",
            "CL.3": "partly",
            "CL.5": "not_relevant",
        },
    },
    "demo-amman": {
        "current": {
            "CL.1": "partly",
            "CL.12": "yes",
            "CL.17": "yes",
            "CL.15": "no",
            "CL.18": "yes",
        },
    },
}


def _person(username: str | None) -> User | None:
    return User.objects.filter(username=username).first() if username else None


def _items(codes: list[str]) -> list[Item]:
    edition = current_edition()
    return list(Item.objects.filter(edition=edition, code__in=codes).active())


def _figures(
    rng: random.Random, actual: int, dimension_codes: list[str]
) -> dict[Category, Decimal]:
    """Split ``actual`` over each dimension's categories on its own, adding up."""
    figures: dict[Category, Decimal] = {}
    for dimension in Dimension.objects.filter(
        code__in=["gender", *dimension_codes]
    ).prefetch_related("categories"):
        categories = list(dimension.categories.all())
        left = actual
        for index, category in enumerate(categories[:-1]):
            low = actual // 2 if dimension.code == "gender" and index == 0 else 0
            share = rng.randint(low, left)
            figures[category] = Decimal(share)
            left -= share
        figures[categories[-1]] = Decimal(left)
    return figures


def _fill(plan: WorkPlan, spec: DemoPlan, editor: User, rng: random.Random, due_year: int) -> None:
    for goal_spec in spec.goals:
        goal = services.goal_create(
            actor=editor, plan=plan, title=goal_spec.title, items=_items(goal_spec.codes)
        )
        for number, (title, status) in enumerate(goal_spec.activities):
            activity = services.activity_create(
                actor=editor,
                goal=goal,
                title=title,
                owner=editor,
                due_date=dt.date(due_year, 3 + 3 * (number % 3), 15),
                status="planned",
            )
            if status != "planned":
                services.progress_add(
                    actor=editor,
                    activity=activity,
                    text="Progress noted for the demo (fictional).",
                    status=status,
                    drop_reason="The partner postponed it to next year (demo)."
                    if status == "dropped"
                    else "",
                )
        for indicator_spec in goal_spec.indicators:
            indicator = services.indicator_create(
                actor=editor,
                goal=goal,
                name=indicator_spec.name,
                kind="qualitative" if indicator_spec.qualitative else "quantitative",
                unit_of_measure=indicator_spec.unit_of_measure,
                dimensions=list(Dimension.objects.filter(code__in=indicator_spec.dimensions)),
            )
            if indicator_spec.qualitative:
                services.indicator_value_save(
                    actor=editor,
                    indicator=indicator,
                    period=str(plan.year),
                    baseline_text="Women’s proposals rarely reached the final texts (demo).",
                    target_text="Women’s proposals are discussed in every round (demo).",
                    actual_text="Discussed in two of three rounds (demo).",
                )
                continue
            for half in ("H1", "H2"):
                actual = rng.randint(indicator_spec.baseline, indicator_spec.target)
                counts_people = indicator_spec.unit_of_measure == "people"
                services.indicator_value_save(
                    actor=editor,
                    indicator=indicator,
                    period=f"{plan.year}-{half}",
                    baseline=Decimal(indicator_spec.baseline),
                    target=Decimal(indicator_spec.target),
                    actual=Decimal(actual),
                    figures=_figures(rng, actual, indicator_spec.dimensions)
                    if counts_people
                    else {},
                )


@transaction.atomic
def load_demo() -> str:
    """Create the demo plans and checklist runs once; a second call adds nothing."""
    if current_edition() is None:
        return "Plans: skipped (load the guidelines first: wpsdesk catalogue load)."
    dimensions_seed()
    rng = random.Random(SEED)  # noqa: S311  (demo figures, not secrets)
    year = timezone.localdate().year
    units = {unit.code: unit for unit in Unit.objects.filter(code__startswith="demo-")}
    made = {"plans": 0, "runs": 0}

    for spec in PLANS:
        unit = units.get(spec.unit)
        editor = _person(spec.editor)
        if unit is None or editor is None:
            continue
        lead = _person(spec.lead)
        if spec.unit == "demo-bogota" and lead is not None:
            if not WorkPlan.objects.filter(unit=unit, year=year - 1).exists():
                previous = services.plan_create(
                    actor=editor, unit=unit, year=year - 1, kind=spec.kind, title=spec.title
                )
                _fill(previous, spec, editor, rng, year - 1)
                for activity in previous.goals.first().activities.all():  # type: ignore[union-attr]
                    if activity.is_open:
                        services.progress_add(
                            actor=editor, activity=activity, text="", status="done"
                        )
                services.plan_approve(actor=lead, plan=previous)
                services.results_update(
                    actor=editor,
                    plan=previous,
                    results_summary=(
                        "Women delegates took part in every supported dialogue round, and the "
                        "embassy met the regional women’s platform before each (demo)."
                    ),
                    results_obstacles="Insecurity kept delegates in two regions at home (demo).",
                )
                services.results_approve(actor=lead, plan=previous)
                made["plans"] += 1
            if not WorkPlan.objects.filter(unit=unit, year=year).exists():
                previous_plan = WorkPlan.objects.get(unit=unit, year=year - 1, kind=spec.kind)
                current = services.plan_copy_forward(actor=editor, plan=previous_plan)
                services.goal_create(
                    actor=editor,
                    plan=current,
                    title="Women’s organisations in the monitoring of the agreement (demo)",
                    items=_items(["P1.C.9"]),
                )
                made["plans"] += 1
            continue
        if not WorkPlan.objects.filter(unit=unit, year=year, kind=spec.kind).exists():
            plan = services.plan_create(
                actor=editor, unit=unit, year=year, kind=spec.kind, title=spec.title
            )
            _fill(plan, spec, editor, rng, year)
            made["plans"] += 1

    for unit_code, years in CHECKLIST.items():
        unit = units.get(unit_code)
        editor = _person(next(p.editor for p in PLANS if p.unit == unit_code))
        if unit is None or editor is None:
            continue
        for which, answers in years.items():
            run_year = year if which == "current" else year - 1
            if ChecklistRun.objects.filter(unit=unit, year=run_year).exists():
                continue
            run = services.checklist_run_start(actor=editor, unit=unit, year=run_year)
            for code, answer in answers.items():
                item = Item.objects.filter(edition=run.edition, code=code).first()
                if item is None:
                    continue
                saved = services.checklist_answer_save(
                    actor=editor,
                    run=run,
                    item=item,
                    answer=answer,
                    note="Noted during the yearly review (demo)." if answer != "yes" else "",
                )
                if which == "current" and code == "CL.1.b":
                    this_plan = WorkPlan.objects.filter(unit=unit, year=run_year).first()
                    if this_plan is not None:
                        services.checklist_answer_to_activity(
                            actor=editor,
                            answer=saved,
                            goal=this_plan.goals.filter(
                                title__startswith="A gender-balanced"
                            ).first(),
                            plan=this_plan,
                            title="Give each woman on the team a clear role (demo)",
                        )
            if which == "previous":
                services.checklist_run_complete(actor=editor, run=run)
            made["runs"] += 1
    return (
        f"Plans: {made['plans']} demo plans and {made['runs']} checklist runs created "
        "(existing ones kept)."
    )
