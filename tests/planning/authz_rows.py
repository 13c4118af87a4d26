"""Authorization rows for the planning pages and API: every route and method.

Records are built in the Embassy in Bogotá. Reading follows the policy layer (members of
the unit and HQ coordinators for internal records); changing needs an editor or lead of
the unit, approving the unit lead. A record one may read but not change answers 404 from
every route that changes it, like a record one may not read, so each row has one "no".
Creating plans and checklist runs happens in the person's own unit: editors and leads of
any unit may (the outsider in Amman, the coordinator in the section), readers and people
without a unit get 403. ``kwargs`` and ``data`` are built for every request, so a row
that creates or removes something gets a fresh title or record each time.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.authz import PERSONAS, Row
from tests.personas import Cast
from tests.planning.factories import YEAR, Chain, category, item, load_guidelines, make_chain
from wpsdesk.planning import exchange, services
from wpsdesk.planning.models import ChecklistAnswer, ChecklistRun, Evidence

ALL_PEOPLE = frozenset(PERSONAS)
NOBODY: frozenset[str] = frozenset()
READ_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})
LEAD_BOGOTA = frozenset({"lead"})
CREATORS = frozenset({"officer", "lead", "outsider", "coordinator"})
HQ = frozenset({"coordinator"})

_numbers = itertools.count(1)


@dataclass
class Setup:
    chain: Chain
    run: ChecklistRun
    answer: ChecklistAnswer
    file: Evidence


def setup(cast: Cast) -> Setup:
    """Bogotá's plan with the whole chain, a checklist run with a "no", a stored file."""
    load_guidelines()
    chain = make_chain(cast.bogota, cast.officer)
    run = services.checklist_run_start(actor=cast.officer, unit=cast.bogota, year=YEAR)
    answer = services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.1.b"), answer="no"
    )
    upload = SimpleUploadedFile("minutes.txt", b"Minutes of the meeting", "text/plain")
    stored = services.evidence_add(actor=cast.officer, activity=chain.activity, upload=upload)
    return Setup(chain=chain, run=run, answer=answer, file=stored)


def approved(cast: Cast) -> Setup:
    made = setup(cast)
    services.plan_approve(actor=cast.lead, plan=made.chain.plan)
    return made


def with_results(cast: Cast) -> Setup:
    made = setup(cast)
    services.results_update(
        actor=cast.officer, plan=made.chain.plan, results_summary="Done.", results_obstacles=""
    )
    return made


def plan(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"pk": s.chain.plan.pk}


def goal(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"pk": s.chain.goal.pk}


def activity(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"pk": s.chain.activity.pk}


def indicator(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"pk": s.chain.indicator.pk}


def value(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"pk": s.chain.value.pk}


def run(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"pk": s.run.pk}


def run_item(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"pk": s.run.pk, "item_pk": item("CL.3").pk}


def run_answer(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"pk": s.run.pk, "answer_pk": s.answer.pk}


def stored_file(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"pk": s.file.pk}


def fresh_evidence(cast: Cast, s: Setup) -> dict[str, Any]:
    """A new piece of evidence for every request, so each may remove one."""
    made = services.evidence_add(
        actor=cast.officer, activity=s.chain.activity, text=f"Note {next(_numbers)}"
    )
    return {"pk": made.pk}


def answer_version(run: ChecklistRun, code: str) -> int:
    """The version of the run's answer to ``code`` as a page would show it (0: none yet)."""
    answer = run.answers.filter(item__code=code).first()
    return answer.version if answer is not None else 0


def titled(field: str, **extra: Any) -> Any:
    def build(cast: Cast, s: Setup) -> dict[str, Any]:
        return {field: f"Authorization table {next(_numbers)}", **extra}

    return build


def activity_data(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"title": s.chain.activity.title, "status": "under_way", "owner": cast.officer.pk}


def value_data(cast: Cast, s: Setup) -> dict[str, Any]:
    return {
        "period": str(YEAR),
        "actual": "5",
        f"cat_{category('gender', 'women').pk}": "5",
    }


def empty_workbook(cast: Cast, s: Any) -> dict[str, Any]:
    data = exchange.workbook_bytes({name: [] for name in exchange.SHEETS})
    return {"file": SimpleUploadedFile("plan.xlsx", data, exchange.XLSX_TYPE)}


def text_file(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"text": "Attendance list", "file": SimpleUploadedFile("list.txt", b"Six women")}


def answer_place(cast: Cast, s: Setup) -> dict[str, Any]:
    return {"title": "Give each woman a clear role", "place": f"plan-{s.chain.plan.pk}"}


def code(cast: Cast, s: Any) -> dict[str, Any]:
    return {"code": "P1.C.1"}


def guidelines_only(cast: Cast) -> None:
    load_guidelines()


PAGE_ROWS = [
    Row(
        "planning:plan_list", allowed=ALL_PEOPLE, setup=setup, notes="lists only what one may read"
    ),
    Row("planning:plan_create", allowed=CREATORS),
    Row(
        "planning:plan_create",
        method="POST",
        allowed=CREATORS,
        setup=guidelines_only,
        data=lambda cast, s: {"year": YEAR, "kind": "separate", "classification": "internal"},
        notes="in one's own unit; the second time it leads to the plan made the first time",
    ),
    Row("planning:plan_detail", allowed=READ_BOGOTA, denied=404, setup=setup, kwargs=plan),
    Row("planning:plan_edit", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=plan),
    Row(
        "planning:plan_edit",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=plan,
        data=lambda cast, s: {
            "title": "Bogotá 2026",
            "summary": "",
            "kind": s.chain.plan.kind,
            "classification": "internal",
        },
    ),
    Row(
        "planning:plan_approve",
        method="POST",
        allowed=LEAD_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=plan,
    ),
    Row(
        "planning:plan_reopen",
        method="POST",
        allowed=LEAD_BOGOTA,
        denied=404,
        setup=approved,
        kwargs=plan,
    ),
    Row("planning:results_edit", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=plan),
    Row(
        "planning:results_edit",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=plan,
        data=lambda cast, s: {"results_summary": "Done.", "results_obstacles": ""},
    ),
    Row(
        "planning:results_approve",
        method="POST",
        allowed=LEAD_BOGOTA,
        denied=404,
        setup=with_results,
        kwargs=plan,
    ),
    Row(
        "planning:plan_copy",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=plan,
        notes="the second copy is refused with a message and a redirect",
    ),
    Row("planning:goal_create", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=plan),
    Row(
        "planning:goal_create",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=plan,
        data=titled("title"),
    ),
    Row("planning:goal_edit", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=goal),
    Row(
        "planning:goal_edit",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=goal,
        data=lambda cast, s: {"title": s.chain.goal.title, "items": [item("P1.C.1").pk]},
    ),
    Row("planning:activity_create", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=goal),
    Row(
        "planning:activity_create",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=goal,
        data=titled("title", status="planned"),
    ),
    Row("planning:indicator_create", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=goal),
    Row(
        "planning:indicator_create",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=goal,
        data=titled("name", kind="qualitative"),
    ),
    Row("planning:activity_list", allowed=ALL_PEOPLE, setup=setup),
    Row("planning:activity_detail", allowed=READ_BOGOTA, denied=404, setup=setup, kwargs=activity),
    Row("planning:activity_edit", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=activity),
    Row(
        "planning:activity_edit",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=activity,
        data=activity_data,
    ),
    Row(
        "planning:activity_progress",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=activity,
        data=lambda cast, s: {"text": "Met the network", "status": "under_way"},
    ),
    Row(
        "planning:activity_evidence",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=activity,
        data=text_file,
    ),
    Row(
        "planning:evidence_download",
        allowed=READ_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=stored_file,
    ),
    Row(
        "planning:evidence_remove",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=fresh_evidence,
    ),
    Row("planning:indicator_list", allowed=ALL_PEOPLE, setup=setup),
    Row(
        "planning:indicator_detail", allowed=READ_BOGOTA, denied=404, setup=setup, kwargs=indicator
    ),
    Row("planning:indicator_edit", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=indicator),
    Row(
        "planning:indicator_edit",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=indicator,
        data=lambda cast, s: {
            "name": s.chain.indicator.name,
            "kind": "quantitative",
            "unit_of_measure": "people",
        },
    ),
    Row("planning:value_create", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=indicator),
    Row(
        "planning:value_create",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=indicator,
        data=value_data,
    ),
    Row("planning:value_edit", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=value),
    Row(
        "planning:value_edit",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=value,
        data=value_data,
    ),
    Row("planning:checklist_list", allowed=ALL_PEOPLE, setup=setup),
    Row(
        "planning:checklist_start",
        method="POST",
        allowed=CREATORS,
        setup=guidelines_only,
        data=lambda cast, s: {"year": YEAR},
        notes="in one's own unit; the second time it leads to the run already started",
    ),
    Row("planning:checklist_compare", allowed=ALL_PEOPLE, setup=setup),
    Row("planning:checklist_run", allowed=READ_BOGOTA, denied=404, setup=setup, kwargs=run),
    Row(
        "planning:checklist_complete",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=run,
        notes="completes, and the second press opens it again",
    ),
    Row(
        "planning:checklist_answer",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=run_item,
        data=lambda cast, s: {
            "answer": "partly",
            "note": "Sometimes",
            "version": answer_version(s.run, "CL.3"),
        },
    ),
    Row(
        "planning:answer_activity", allowed=EDIT_BOGOTA, denied=404, setup=setup, kwargs=run_answer
    ),
    Row(
        "planning:answer_activity",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=run_answer,
        data=answer_place,
        notes="sending the same activity twice leads to the one made the first time",
    ),
    Row(
        "planning:answer_evidence",
        method="POST",
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=run_answer,
        data=lambda cast, s: {"text": "Team list with roles"},
    ),
    Row(
        "planning:serving",
        allowed=ALL_PEOPLE,
        setup=setup,
        kwargs=code,
        notes="the guidelines are open to all; the work shown is what one may read",
    ),
    Row("planning:gaps", allowed=HQ, setup=setup, notes="HQ coordinators only"),
    Row("planning:exchange", allowed=ALL_PEOPLE, setup=guidelines_only),
    Row(
        "planning:export",
        allowed=ALL_PEOPLE,
        setup=setup,
        query="format=csv&what=activities",
        notes="exports what one may read; an empty table for those who may read nothing; "
        "without a recent code a redirect to re-authenticate first",
    ),
    Row(
        "planning:template",
        allowed=CREATORS,
        setup=guidelines_only,
        notes="403 for those who may not create plans before any re-authentication",
    ),
    Row(
        "planning:import",
        method="POST",
        allowed=CREATORS,
        setup=guidelines_only,
        data=empty_workbook,
        notes="an empty workbook changes nothing; what a row may change is checked per row",
    ),
]


def not_offered(name: str, method: str, kwargs: Any = lambda cast, s: {}) -> Row:
    """A method the route does not offer: 405 for every person who gets that far."""
    return Row(name, method=method, allowed=NOBODY, denied=405, setup=setup, kwargs=kwargs)


REFUSED_METHODS = [
    not_offered("planning:plan_list", "POST"),
    not_offered("planning:plan_detail", "POST", plan),
    not_offered("planning:plan_approve", "GET", plan),
    not_offered("planning:plan_reopen", "GET", plan),
    not_offered("planning:results_approve", "GET", plan),
    not_offered("planning:plan_copy", "GET", plan),
    not_offered("planning:activity_list", "POST"),
    not_offered("planning:activity_detail", "POST", activity),
    not_offered("planning:activity_progress", "GET", activity),
    not_offered("planning:activity_evidence", "GET", activity),
    not_offered("planning:evidence_download", "POST", stored_file),
    not_offered("planning:evidence_remove", "GET", stored_file),
    not_offered("planning:indicator_list", "POST"),
    not_offered("planning:indicator_detail", "POST", indicator),
    not_offered("planning:checklist_list", "POST"),
    not_offered("planning:checklist_start", "GET"),
    not_offered("planning:checklist_compare", "POST"),
    not_offered("planning:checklist_run", "POST", run),
    not_offered("planning:checklist_complete", "GET", run),
    not_offered("planning:checklist_answer", "GET", run_item),
    not_offered("planning:answer_evidence", "GET", run_answer),
    not_offered("planning:serving", "POST", code),
    not_offered("planning:gaps", "POST"),
    not_offered("planning:exchange", "POST"),
    not_offered("planning:export", "POST"),
    not_offered("planning:template", "POST"),
    not_offered("planning:import", "GET"),
]

# --- the API ---------------------------------------------------------------------------


def api_refused(name: str, methods: tuple[str, ...], kwargs: Any = lambda cast, s: {}) -> list[Row]:
    return [
        Row(
            f"api:planning:{name}",
            method=method,
            api=True,
            allowed=NOBODY,
            denied=405,
            setup=setup,
            kwargs=kwargs,
        )
        for method in methods
    ]


def api_read(name: str, kwargs: Any = None) -> Row:
    if kwargs is None:
        return Row(f"api:planning:{name}", api=True, allowed=ALL_PEOPLE, setup=setup)
    return Row(
        f"api:planning:{name}",
        api=True,
        allowed=READ_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=kwargs,
    )


def api_create(name: str, data: Any) -> Row:
    return Row(
        f"api:planning:{name}",
        method="POST",
        api=True,
        allowed=EDIT_BOGOTA,
        denied=400,
        setup=setup,
        data=data,
        notes="the body may only name what one may change: anything else is not a valid choice",
    )


def api_change(name: str, kwargs: Any, data: Any) -> list[Row]:
    return [
        Row(
            f"api:planning:{name}",
            method=method,
            api=True,
            allowed=EDIT_BOGOTA,
            denied=404,
            setup=setup,
            kwargs=kwargs,
            data=data,
        )
        for method in ("PUT", "PATCH")
    ]


def unique_year(cast: Cast, s: Setup) -> int:
    return 2030 + next(_numbers) % 60


def breakdown(amount: str) -> list[dict[str, str]]:
    return [{"dimension": "gender", "category": "women", "amount": amount}]


API_ROWS = [
    api_read("plan-list"),
    api_create(
        "plan-list",
        lambda cast, s: {"unit": cast.bogota.pk, "year": unique_year(cast, s), "kind": "separate"},
    ),
    *api_refused("plan-list", ("PUT", "PATCH", "DELETE")),
    api_read("plan-detail", plan),
    *api_change("plan-detail", plan, lambda cast, s: {"title": "Bogotá WPS plan"}),
    *api_refused("plan-detail", ("POST", "DELETE"), plan),
    Row(
        "api:planning:plan-approve",
        method="POST",
        api=True,
        allowed=LEAD_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=plan,
    ),
    *api_refused("plan-approve", ("GET",), plan),
    api_read("goal-list"),
    api_create("goal-list", lambda cast, s: {"plan": s.chain.plan.pk, **titled("title")(cast, s)}),
    *api_refused("goal-list", ("PUT", "PATCH", "DELETE")),
    api_read("goal-detail", goal),
    *api_change(
        "goal-detail",
        goal,
        lambda cast, s: {"plan": s.chain.plan.pk, "title": s.chain.goal.title, "items": ["P1.C.1"]},
    ),
    *api_refused("goal-detail", ("POST", "DELETE"), goal),
    api_read("activity-list"),
    api_create(
        "activity-list", lambda cast, s: {"goal": s.chain.goal.pk, **titled("title")(cast, s)}
    ),
    *api_refused("activity-list", ("PUT", "PATCH", "DELETE")),
    api_read("activity-detail", activity),
    *api_change(
        "activity-detail",
        activity,
        lambda cast, s: {
            "goal": s.chain.goal.pk,
            "title": s.chain.activity.title,
            "status": "under_way",
        },
    ),
    *api_refused("activity-detail", ("POST", "DELETE"), activity),
    api_read("indicator-list"),
    api_create(
        "indicator-list",
        lambda cast, s: {"goal": s.chain.goal.pk, "kind": "qualitative", **titled("name")(cast, s)},
    ),
    *api_refused("indicator-list", ("PUT", "PATCH", "DELETE")),
    api_read("indicator-detail", indicator),
    *api_change(
        "indicator-detail",
        indicator,
        lambda cast, s: {
            "goal": s.chain.goal.pk,
            "name": s.chain.indicator.name,
            "kind": "quantitative",
            "unit_of_measure": "people",
        },
    ),
    *api_refused("indicator-detail", ("POST", "DELETE"), indicator),
    api_read("value-list"),
    api_create(
        "value-list",
        lambda cast, s: {
            "indicator": s.chain.indicator.pk,
            "period": str(YEAR),
            "actual": "5",
            "breakdown": breakdown("5"),
        },
    ),
    *api_refused("value-list", ("PUT", "PATCH", "DELETE")),
    api_read("value-detail", value),
    *api_change(
        "value-detail",
        value,
        lambda cast, s: {
            "indicator": s.chain.indicator.pk,
            "period": str(YEAR),
            "actual": "6",
            "breakdown": breakdown("6"),
        },
    ),
    *api_refused("value-detail", ("POST", "DELETE"), value),
    api_read("checklist-run-list"),
    api_create(
        "checklist-run-list", lambda cast, s: {"unit": cast.bogota.pk, "year": unique_year(cast, s)}
    ),
    *api_refused("checklist-run-list", ("PUT", "PATCH", "DELETE")),
    api_read("checklist-run-detail", run),
    *api_refused("checklist-run-detail", ("POST", "PUT", "PATCH", "DELETE"), run),
    Row(
        "api:planning:checklist-run-answer",
        method="POST",
        api=True,
        allowed=EDIT_BOGOTA,
        denied=404,
        setup=setup,
        kwargs=run,
        data=lambda cast, s: {
            "item": "CL.3",
            "answer": "yes",
            "note": "",
            "version": answer_version(s.run, "CL.3"),
        },
    ),
    *api_refused("checklist-run-answer", ("GET",), run),
    Row(
        "api:planning:serving",
        api=True,
        allowed=ALL_PEOPLE,
        setup=setup,
        kwargs=code,
        notes="the guidelines are open to all; the work listed is what one may read",
    ),
    *api_refused("serving", ("POST",), code),
]

ROWS: list[Row] = [*PAGE_ROWS, *REFUSED_METHODS, *API_ROWS]
