"""Object graphs for the planning tests: a small guidelines edition and a plan in Bogotá.

The edition is loaded through the catalogue's own service, with the codes and kinds of
the real guidelines (a commitment with a sub-point, an action point, checklist items with
questions), so the pages and selectors see what they would see with the full text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wpsdesk.catalogue.datafile import parse_data
from wpsdesk.catalogue.models import Item
from wpsdesk.catalogue.services import catalogue_load
from wpsdesk.organisation.models import Unit, User
from wpsdesk.planning import services
from wpsdesk.planning.dimensions import dimensions_seed
from wpsdesk.planning.models import (
    Activity,
    Category,
    ChecklistRun,
    Dimension,
    Goal,
    Indicator,
    IndicatorValue,
    WorkPlan,
)

YEAR = 2026

GUIDELINES: dict[str, Any] = {
    "catalogue": "no-mfa-wps-guidelines",
    "edition": "2023–2030",
    "title": "Women, Peace and Security — Guidelines (test excerpt)",
    "language": "en",
    "items": [
        {
            "code": "INTRO",
            "kind": "section",
            "title": "Introduction",
            "text": "",
            "children": [
                {
                    "code": "INTRO.MFA.1",
                    "kind": "action_point",
                    "text": "Ensure that the WPS agenda is integrated in our work.",
                }
            ],
        },
        {
            "code": "P1",
            "kind": "thematic_priority",
            "title": "Peace processes and implementation of peace agreements",
            "text": "",
            "children": [
                {
                    "code": "P1.AP.1",
                    "kind": "action_point",
                    "text": "Support women mediators and their networks.",
                },
                {
                    "code": "P1.C.1",
                    "kind": "commitment",
                    "text": "Promote women’s participation in peace processes.",
                },
                {
                    "code": "P1.C.5",
                    "kind": "commitment",
                    "text": "Advance women’s influence in peace processes by",
                    "children": [
                        {
                            "code": "P1.C.5.a",
                            "kind": "sub_point",
                            "text": "emphasising international commitments on participation;",
                        }
                    ],
                },
            ],
        },
        {
            "code": "P2",
            "kind": "thematic_priority",
            "title": "Security policy and operations",
            "text": "",
            "children": [
                {
                    "code": "P2.C.1",
                    "kind": "commitment",
                    "text": "Integrate a gender perspective in security operations.",
                }
            ],
        },
        {
            "code": "CL",
            "kind": "section",
            "title": "Checklist",
            "text": "",
            "children": [
                {
                    "code": "CL.1",
                    "kind": "checklist_item",
                    "text": "Always consider how women are represented in meetings.",
                    "children": [
                        {
                            "code": "CL.1.a",
                            "kind": "question",
                            "text": "Do women participate and who do they represent?",
                        },
                        {
                            "code": "CL.1.b",
                            "kind": "question",
                            "text": "Do the women in our team have clear and active roles?",
                        },
                    ],
                },
                {
                    "code": "CL.3",
                    "kind": "checklist_item",
                    "text": "Make WPS a permanent agenda item in conversations.",
                },
                {
                    "code": "CL.18",
                    "kind": "checklist_item",
                    "text": "Include goals relating to the National Action Plan in the "
                    "mission’s annual work plan (virksomhetsplan).",
                },
            ],
        },
    ],
}


def load_guidelines() -> None:
    """The guidelines excerpt, and the dimensions (a flushed test database loses them)."""
    catalogue_load(spec=parse_data(GUIDELINES), make_current=True, source_name="tests")
    dimensions_seed()


def item(code: str) -> Item:
    return Item.objects.get(edition__is_current=True, code=code)


def category(dimension: str, code: str) -> Category:
    return Category.objects.get(dimension__code=dimension, code=code)


def dimension(code: str) -> Dimension:
    return Dimension.objects.get(code=code)


@dataclass
class Chain:
    """Guideline item → goal → activity → indicator → value, in one plan."""

    plan: WorkPlan
    goal: Goal
    activity: Activity
    indicator: Indicator
    value: IndicatorValue


def make_plan(unit: Unit, actor: User, *, year: int = YEAR, **fields: Any) -> WorkPlan:
    return services.plan_create(actor=actor, unit=unit, year=year, **fields)


def make_chain(
    unit: Unit, actor: User, *, year: int = YEAR, code: str = "P1.C.1", title: str = ""
) -> Chain:
    plan = make_plan(unit, actor, year=year)
    goal = services.goal_create(
        actor=actor,
        plan=plan,
        title=title or "More women in the local peace talks",
        items=[item(code)],
    )
    activity = services.activity_create(
        actor=actor, goal=goal, title="Meet the women’s network before each round", owner=actor
    )
    indicator = services.indicator_create(
        actor=actor,
        goal=goal,
        name="Women in the delegations we support",
        unit_of_measure="people",
    )
    value, _changed = services.indicator_value_save(
        actor=actor,
        indicator=indicator,
        period=str(year),
        baseline=Decimal(2),
        target=Decimal(6),
        actual=Decimal(5),
        figures={category("gender", "women"): Decimal(5)},
    )
    return Chain(plan=plan, goal=goal, activity=activity, indicator=indicator, value=value)


def make_run(unit: Unit, actor: User, *, year: int = YEAR) -> ChecklistRun:
    return services.checklist_run_start(actor=actor, unit=unit, year=year)
