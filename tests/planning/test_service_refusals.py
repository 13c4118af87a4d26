"""The planning services refuse on their own: called directly, as the exchange import and
the command line do, without a view in front.

Each writing service is called by people without the right – a reader of the unit, an
editor of another unit, HQ (reads only), people of no unit, a former member, and for the
lead's steps the unit's editor – and must raise ``PermissionDenied`` and change nothing:
no plan, goal, activity, indicator, value, checklist, history row or log entry.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.personas import Cast
from tests.planning.factories import YEAR, Chain, item, make_chain, make_run
from tests.refusals import assert_refused
from wpsdesk.organisation.models import Membership, Role
from wpsdesk.organisation.policy import forget_cached_access, may_edit
from wpsdesk.planning import services
from wpsdesk.planning.models import ChecklistAnswer, Evidence, WorkPlan

# May not write in Bogotá at all.
NOT_WRITERS = ["reader", "outsider", "coordinator", "auditor", "admin", "former"]
# May not take the unit lead's steps: the above and Bogotá's editor.
NOT_LEADS = ["officer", *NOT_WRITERS]


def refused(call: Callable[[], Any]) -> None:
    assert_refused(call, "planning")


def answer_needing_work(cast: Cast) -> ChecklistAnswer:
    run = make_run(cast.bogota, cast.officer)
    return services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.3"), answer="partly"
    )


def approved(cast: Cast, plan: WorkPlan) -> WorkPlan:
    return services.plan_approve(actor=cast.lead, plan=plan)


def with_results(cast: Cast, plan: WorkPlan) -> WorkPlan:
    services.results_update(
        actor=cast.officer, plan=plan, results_summary="Done.", results_obstacles="None."
    )
    plan.refresh_from_db()
    return plan


# Each case: the service, who is refused, and a function that makes the records the call
# needs (as those who may) and returns the call for a given person. Only the call is watched.
Prepare = Callable[[Cast, Chain], Callable[[Any], Any]]


def run_of(cast: Cast) -> Any:
    return make_run(cast.bogota, cast.officer)


def completed_run(cast: Cast) -> Any:
    return services.checklist_run_complete(actor=cast.officer, run=run_of(cast))


def evidence(cast: Cast, chain: Chain) -> Evidence:
    return services.evidence_add(
        actor=cast.officer, activity=chain.activity, text="Minutes of the meeting"
    )


def plan_approve(cast: Cast, chain: Chain) -> Callable[[Any], Any]:
    return lambda who: services.plan_approve(actor=who, plan=chain.plan)


def plan_reopen(cast: Cast, chain: Chain) -> Callable[[Any], Any]:
    plan = approved(cast, chain.plan)
    return lambda who: services.plan_reopen(actor=who, plan=plan)


def results_approve(cast: Cast, chain: Chain) -> Callable[[Any], Any]:
    plan = with_results(cast, services.plan_approve(actor=cast.lead, plan=chain.plan))
    return lambda who: services.results_approve(actor=who, plan=plan)


def evidence_remove(cast: Cast, chain: Chain) -> Callable[[Any], Any]:
    kept = evidence(cast, chain)
    return lambda who: services.evidence_remove(actor=who, evidence=kept)


def checklist_answer_save(cast: Cast, chain: Chain) -> Callable[[Any], Any]:
    run = run_of(cast)
    return lambda who: services.checklist_answer_save(
        actor=who, run=run, item=item("CL.3"), answer="no"
    )


def checklist_answer_to_activity(cast: Cast, chain: Chain) -> Callable[[Any], Any]:
    answer = answer_needing_work(cast)
    return lambda who: services.checklist_answer_to_activity(
        actor=who, answer=answer, title="Theirs", goal=chain.goal
    )


def checklist_run_complete(cast: Cast, chain: Chain) -> Callable[[Any], Any]:
    run = run_of(cast)
    return lambda who: services.checklist_run_complete(actor=who, run=run)


def checklist_run_reopen(cast: Cast, chain: Chain) -> Callable[[Any], Any]:
    run = completed_run(cast)
    return lambda who: services.checklist_run_reopen(actor=who, run=run)


CASES: list[tuple[str, list[str], Prepare]] = [
    (
        "plan_create",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.plan_create(actor=who, unit=cast.bogota, year=YEAR + 1)
        ),
    ),
    (
        "plan_update",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.plan_update(
                actor=who, plan=chain.plan, title="Theirs", summary="Theirs"
            )
        ),
    ),
    ("plan_approve", NOT_LEADS, plan_approve),
    ("plan_reopen", NOT_LEADS, plan_reopen),
    (
        "results_update",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.results_update(
                actor=who, plan=chain.plan, results_summary="Theirs", results_obstacles="Theirs"
            )
        ),
    ),
    ("results_approve", NOT_LEADS, results_approve),
    (
        "plan_copy_forward",
        NOT_WRITERS,
        lambda cast, chain: lambda who: services.plan_copy_forward(actor=who, plan=chain.plan),
    ),
    (
        "goal_create",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.goal_create(actor=who, plan=chain.plan, title="Theirs")
        ),
    ),
    (
        "goal_update",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.goal_update(
                actor=who, goal=chain.goal, title="Theirs", description="", items=[]
            )
        ),
    ),
    (
        "activity_create",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.activity_create(actor=who, goal=chain.goal, title="Theirs")
        ),
    ),
    (
        "activity_update",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.activity_update(
                actor=who,
                activity=chain.activity,
                title="Theirs",
                owner=None,
                due_date=None,
                status="done",
                drop_reason="",
                notes="",
            )
        ),
    ),
    (
        "progress_add",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.progress_add(actor=who, activity=chain.activity, text="Theirs")
        ),
    ),
    (
        "evidence_add",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.evidence_add(actor=who, activity=chain.activity, text="Theirs")
        ),
    ),
    ("evidence_remove", NOT_WRITERS, evidence_remove),
    (
        "indicator_create",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.indicator_create(
                actor=who, goal=chain.goal, name="Theirs", unit_of_measure="people"
            )
        ),
    ),
    (
        "indicator_update",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.indicator_update(
                actor=who,
                indicator=chain.indicator,
                name="Theirs",
                kind=chain.indicator.kind,
                unit_of_measure="people",
                description="",
                dimensions=[],
            )
        ),
    ),
    (
        "indicator_value_save",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.indicator_value_save(
                actor=who, indicator=chain.indicator, period=str(YEAR), actual=Decimal(99)
            )
        ),
    ),
    (
        "checklist_run_start",
        NOT_WRITERS,
        lambda cast, chain: (
            lambda who: services.checklist_run_start(actor=who, unit=cast.bogota, year=YEAR)
        ),
    ),
    ("checklist_answer_save", NOT_WRITERS, checklist_answer_save),
    ("checklist_answer_to_activity", NOT_WRITERS, checklist_answer_to_activity),
    ("checklist_run_complete", NOT_WRITERS, checklist_run_complete),
    ("checklist_run_reopen", NOT_WRITERS, checklist_run_reopen),
]


@pytest.mark.parametrize(
    ("who", "prepare"),
    [
        pytest.param(who, prepare, id=f"{service}-{who}")
        for service, people, prepare in CASES
        for who in people
    ],
)
def test_a_planning_service_refuses_someone_without_the_right(
    cast: Cast, chain: Chain, who: str, prepare: Prepare
) -> None:
    call = prepare(cast, chain)
    person = getattr(cast, who)
    refused(lambda: call(person))


@pytest.mark.parametrize(("service", "_who", "prepare"), CASES, ids=[case[0] for case in CASES])
def test_a_planning_service_lets_the_right_person_through(
    cast: Cast, chain: Chain, service: str, _who: list[str], prepare: Prepare
) -> None:
    """The sibling of the refusals: the same call by the unit's lead succeeds, so the
    refusals above are about the person and not about a call that could never work."""
    prepare(cast, chain)(cast.lead)


def editor_of_both_units(cast: Cast) -> Any:
    """Bogotá's editor, made an editor in Amman too: may edit the answer and the goal."""
    Membership.objects.create(user=cast.officer, unit=cast.amman, role=Role.EDITOR)
    forget_cached_access(cast.officer)
    return cast.officer


def test_a_checklist_answer_does_not_become_an_activity_under_another_units_goal(
    cast: Cast, chain: Chain
) -> None:
    actor = editor_of_both_units(cast)
    elsewhere = make_chain(cast.amman, cast.outsider)
    answer = answer_needing_work(cast)
    # The editor may change both the answer and Amman's goal: only the units differ.
    assert may_edit(actor, answer) and may_edit(actor, elsewhere.goal)
    refused(
        lambda: services.checklist_answer_to_activity(
            actor=actor, answer=answer, title="Theirs", goal=elsewhere.goal
        )
    )


def test_a_checklist_answer_does_not_become_an_activity_in_another_units_plan(
    cast: Cast, chain: Chain
) -> None:
    actor = editor_of_both_units(cast)
    elsewhere = make_chain(cast.amman, cast.outsider)
    answer = answer_needing_work(cast)
    assert may_edit(actor, answer) and may_edit(actor, elsewhere.plan)
    refused(
        lambda: services.checklist_answer_to_activity(
            actor=actor, answer=answer, title="Theirs", plan=elsewhere.plan
        )
    )
