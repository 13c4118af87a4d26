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
from wpsdesk.processes.models import (
    Agreement,
    AnalysisVersion,
    Clause,
    ConflictAnalysis,
    PeaceProcess,
)

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


#: A short agreement text: a recital (never offered), two operative participation
#: provisions, one on sexual violence, and an equality article that only mentions sex.
AGREEMENT_TEXT = (
    "PEACE AGREEMENT BETWEEN THE GOVERNMENT AND THE MOVEMENT\n"
    "\n"
    "Preamble\n"
    "\n"
    "Recalling Security Council resolution 1325 (2000) and the Convention on the Elimination "
    "of All Forms of Discrimination against Women,\n"
    "\n"
    "Article 1 – Participation\n"
    "\n"
    "1.1 The Parties shall ensure that women make up at least thirty per cent of the "
    "Implementation Commission.\n"
    "1.2 Women's organisations shall be consulted on the transitional justice mechanism.\n"
    "\n"
    "Article 2 – Protection\n"
    "\n"
    "The Parties shall prevent and punish rape and all other forms of sexual violence.\n"
    "\n"
    "Article 3\n"
    "\n"
    "All citizens are equal before the law without distinction as to race, colour, sex, "
    "language or religion.\n"
)
#: The provisions the screening offers from :data:`AGREEMENT_TEXT`, in text order.
OFFERED = ["Article 1 › 1.1", "Article 1 › 1.2", "Article 2"]


def make_agreement(
    process: PeaceProcess,
    actor: User,
    title: str = "Final agreement",
    text: str | None = AGREEMENT_TEXT,
    **values: Any,
) -> Agreement:
    """An agreement of ``process`` recorded by ``actor``, its text screened for real."""
    from wpsdesk.processes import agreements

    values.setdefault("signed_on", dt.date(2026, 2, 1))
    return agreements.agreement_save(
        actor=actor, process=process, values={"title": title, **values}, text=text
    )


def make_clause(agreement: Agreement, text: str = "Women hold a third of the seats.") -> Clause:
    """A clause tracked by hand (no screening needed), not started."""
    clause = Clause.objects.create(agreement=agreement, text=text, theme="participation")
    clause.status_history.create(status="not_started", since=dt.date(2026, 2, 1))
    return clause
