"""Peace processes, their analyses and the guideline items they answer, for tests."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from tests.planning.factories import GUIDELINES, make_plan
from wpsdesk.catalogue.datafile import parse_data
from wpsdesk.catalogue.services import catalogue_load
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.planning.dimensions import dimensions_seed
from wpsdesk.planning.models import WorkPlan
from wpsdesk.processes.models import AnalysisVersion, ConflictAnalysis, PeaceProcess

QUESTIONS = [f"P1.BOX.ANALYSIS.Q{n}" for n in range(1, 8)]
SUB_POINTS = ["CL.2.a", "CL.2.b", "CL.2.c"]
GROUP_ITEMS = [f"P1.BOX.REPRESENT.3.{c}" for c in "abcde"]


def _excerpt() -> dict[str, Any]:
    """The planning tests' guidelines excerpt with the two boxes and the checklist item."""
    spec = copy.deepcopy(GUIDELINES)
    p1 = next(i for i in spec["items"] if i["code"] == "P1")
    p1["children"] += [
        {
            "code": "P1.BOX.ANALYSIS",
            "kind": "box",
            "title": "Gender-sensitive conflict analyses, including actor analyses",
            "text": "",
            "children": [
                {"code": code, "kind": "question", "text": f"Question {code[-1]}?"}
                for code in QUESTIONS
            ],
        },
        {
            "code": "P1.BOX.REPRESENT",
            "kind": "box",
            "title": "No one represents everyone",
            "text": "",
            "children": [
                {"code": code, "kind": "section_text", "text": f"Group {code[-1]}."}
                for code in GROUP_ITEMS
            ],
        },
    ]
    checklist = next(i for i in spec["items"] if i["code"] == "CL")
    checklist["children"].insert(
        1,
        {
            "code": "CL.2",
            "kind": "checklist_item",
            "text": "Consider gender when analysing conflicts and actors.",
            "children": [
                {"code": code, "kind": "sub_point", "text": f"point {code[-1]};"}
                for code in SUB_POINTS
            ],
        },
    )
    return spec


def load_analysis_guidelines() -> None:
    """A current edition holding the questions an analysis answers and the inclusion groups."""
    catalogue_load(spec=parse_data(_excerpt()), make_current=True, source_name="tests")
    dimensions_seed()


def make_process(unit: Unit, name: str = "Fictional Andes talks", **fields: Any) -> PeaceProcess:
    """A process led by ``unit`` (internal unless told), with one phase in its history."""
    contributing = fields.pop("contributing", [])
    fields.setdefault("countries", "CO")
    fields.setdefault("classification", Classification.INTERNAL)
    process = PeaceProcess.objects.create(unit=unit, name=name, **fields)
    process.phases.create(phase=process.phase, since=dt.date(2026, 1, 1))
    if contributing:
        process.contributing_units.set(contributing)
    return process


def make_analysis(
    process: PeaceProcess, title: str = "Conflict analysis", **fields: Any
) -> ConflictAnalysis:
    """An analysis of ``process`` in its unit, with an empty first draft."""
    fields.setdefault("classification", process.classification)
    fields.setdefault("unit", process.unit)
    analysis = ConflictAnalysis.objects.create(process=process, title=title, **fields)
    AnalysisVersion.objects.create(analysis=analysis, number=1)
    return analysis


def make_current_plan(unit: Unit, actor: User) -> WorkPlan:
    """The unit's plan for this year (the year the gap-to-activity service looks for)."""
    from django.utils import timezone

    return make_plan(unit, actor, year=timezone.localdate().year)
