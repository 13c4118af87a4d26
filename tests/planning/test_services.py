"""The planning services: who may write, what approval means, copying forward, the checklist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.personas import Cast
from tests.planning.factories import YEAR, Chain, category, dimension, item, make_plan, make_run
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation.models import Classification
from wpsdesk.planning import services
from wpsdesk.planning.models import (
    Activity,
    ActivityStatus,
    ApprovalStatus,
    Evidence,
    ProgressUpdate,
    WorkPlan,
)


def events(kind: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind).order_by("sequence"))


# --- who may write ---------------------------------------------------------------------


def test_a_reader_cannot_create_or_change_anything(cast: Cast, chain: Chain) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=cast.reader, unit=cast.bogota, year=YEAR + 1)
    with pytest.raises(PermissionDenied):
        services.goal_create(actor=cast.reader, plan=chain.plan, title="Another goal")
    with pytest.raises(PermissionDenied):
        services.progress_add(actor=cast.reader, activity=chain.activity, text="Met them")


def test_another_units_editor_cannot_change_bogotas_plan(cast: Cast, chain: Chain) -> None:
    with pytest.raises(PermissionDenied):
        services.activity_create(actor=cast.outsider, goal=chain.goal, title="Sneaky")
    with pytest.raises(PermissionDenied):
        services.indicator_value_save(
            actor=cast.outsider, indicator=chain.indicator, period=str(YEAR), actual=Decimal(1)
        )


def test_the_hq_coordinator_reads_but_does_not_write(cast: Cast, chain: Chain) -> None:
    with pytest.raises(PermissionDenied):
        services.goal_update(
            actor=cast.coordinator, goal=chain.goal, title="HQ's goal", description="", items=[]
        )


# --- approval --------------------------------------------------------------------------


def test_only_the_unit_lead_approves_and_who_and_when_are_recorded(
    cast: Cast, chain: Chain
) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_approve(actor=cast.officer, plan=chain.plan)
    services.plan_approve(actor=cast.lead, plan=chain.plan)
    chain.plan.refresh_from_db()
    assert chain.plan.status == ApprovalStatus.APPROVED
    assert chain.plan.approved_by == cast.lead
    assert chain.plan.approved_at is not None
    [event] = events("planning.plan_approved")
    assert event.target_id == str(chain.plan.pk)


def test_a_plan_without_goals_cannot_be_approved(cast: Cast, guidelines: None) -> None:
    plan = make_plan(cast.bogota, cast.officer)
    with pytest.raises(ValidationError, match="at least one goal"):
        services.plan_approve(actor=cast.lead, plan=plan)


def test_changing_an_approved_plans_goals_puts_it_back_to_draft(cast: Cast, chain: Chain) -> None:
    services.plan_approve(actor=cast.lead, plan=chain.plan)
    services.goal_create(actor=cast.officer, plan=chain.plan, title="A second goal")
    chain.plan.refresh_from_db()
    assert chain.plan.status == ApprovalStatus.DRAFT
    assert chain.plan.approved_by is None
    assert events("planning.plan_reopened")[0].details == {"cause": "changed"}


def test_activities_do_not_touch_the_plans_approval(cast: Cast, chain: Chain) -> None:
    services.plan_approve(actor=cast.lead, plan=chain.plan)
    services.progress_add(
        actor=cast.officer, activity=chain.activity, text="First meeting held", status="under_way"
    )
    chain.plan.refresh_from_db()
    assert chain.plan.is_approved


def test_year_end_results_are_approved_by_the_lead_and_reopened_by_new_figures(
    cast: Cast, chain: Chain
) -> None:
    with pytest.raises(ValidationError, match="Approve the plan before"):
        services.results_approve(actor=cast.lead, plan=chain.plan)
    services.plan_approve(actor=cast.lead, plan=chain.plan)
    with pytest.raises(ValidationError, match="Write what was done"):
        services.results_approve(actor=cast.lead, plan=chain.plan)
    services.results_update(
        actor=cast.officer,
        plan=chain.plan,
        results_summary="Five women took part in the delegations.",
        results_obstacles="Security kept two from travelling.",
    )
    services.results_approve(actor=cast.lead, plan=chain.plan)
    chain.plan.refresh_from_db()
    assert chain.plan.results_are_approved
    assert chain.plan.results_approved_by == cast.lead
    services.indicator_value_save(
        actor=cast.officer,
        indicator=chain.indicator,
        period=str(YEAR),
        baseline=Decimal(2),
        target=Decimal(6),
        actual=Decimal(6),
    )
    chain.plan.refresh_from_db()
    assert chain.plan.results_status == ApprovalStatus.DRAFT


def test_lowering_a_classification_needs_the_lead_and_is_logged(cast: Cast, chain: Chain) -> None:
    services.evidence_add(actor=cast.officer, activity=chain.activity, text="Minutes")
    services.plan_update(
        actor=cast.officer,
        plan=chain.plan,
        title="",
        summary="",
        classification=Classification.RESTRICTED,
    )
    assert Evidence.objects.get().classification == Classification.RESTRICTED
    with pytest.raises(ValidationError, match="Only the unit lead"):
        services.plan_update(
            actor=cast.officer,
            plan=chain.plan,
            title="",
            summary="",
            classification=Classification.INTERNAL,
        )
    with pytest.raises(ValidationError, match="Say why"):
        services.plan_update(
            actor=cast.lead,
            plan=chain.plan,
            title="",
            summary="",
            classification=Classification.INTERNAL,
        )
    services.plan_update(
        actor=cast.lead,
        plan=chain.plan,
        title="",
        summary="",
        classification=Classification.INTERNAL,
        classification_reason="Shared with the partners",
    )
    assert Evidence.objects.get().classification == Classification.INTERNAL
    assert [e.details for e in events("classification.changed")] == [
        {"from": "internal", "to": "restricted", "lowered": False, "reason": ""},
        {
            "from": "restricted",
            "to": "internal",
            "lowered": True,
            "reason": "Shared with the partners",
        },
    ]


# --- activities and progress -----------------------------------------------------------


def test_dropping_an_activity_needs_a_reason(cast: Cast, chain: Chain) -> None:
    with pytest.raises(ValidationError, match="Say why"):
        services.progress_add(
            actor=cast.officer, activity=chain.activity, text="", status="dropped"
        )
    services.progress_add(
        actor=cast.officer,
        activity=chain.activity,
        text="",
        status="dropped",
        drop_reason="The talks were suspended.",
    )
    chain.activity.refresh_from_db()
    assert chain.activity.status == ActivityStatus.DROPPED
    assert chain.activity.drop_reason == "The talks were suspended."


def test_status_changes_are_kept_as_progress_updates(cast: Cast, chain: Chain) -> None:
    services.progress_add(
        actor=cast.officer, activity=chain.activity, text="Met them", status="under_way"
    )
    services.progress_add(actor=cast.officer, activity=chain.activity, text="Met them again")
    updates = list(ProgressUpdate.objects.order_by("pk").values_list("status_from", "status_to"))
    assert updates == [("planned", "under_way"), ("", "")]


def test_the_owner_must_belong_to_the_unit(cast: Cast, chain: Chain) -> None:
    with pytest.raises(ValidationError, match="member of the unit"):
        services.activity_create(
            actor=cast.officer, goal=chain.goal, title="Outsourced", owner=cast.outsider
        )


# --- indicators and breakdowns ---------------------------------------------------------


def test_gender_is_always_among_an_indicators_dimensions(cast: Cast, chain: Chain) -> None:
    indicator = services.indicator_create(
        actor=cast.officer,
        goal=chain.goal,
        name="Young women consulted",
        unit_of_measure="people",
        dimensions=[dimension("age")],
    )
    assert set(indicator.dimensions.values_list("code", flat=True)) == {"gender", "age"}


def test_a_number_needs_a_unit_of_measure(cast: Cast, chain: Chain) -> None:
    with pytest.raises(ValidationError, match="unit of measure"):
        services.indicator_create(actor=cast.officer, goal=chain.goal, name="Meetings")


def test_breakdowns_that_do_not_add_up_are_refused_in_plain_words(cast: Cast, chain: Chain) -> None:
    with pytest.raises(ValidationError) as refused:
        services.indicator_value_save(
            actor=cast.officer,
            indicator=chain.indicator,
            period=str(YEAR),
            actual=Decimal(10),
            figures={
                category("gender", "women"): Decimal(4),
                category("gender", "men"): Decimal(3),
            },
        )
    assert refused.value.messages == [
        "The figures for gender add up to 7, but the actual is 10. Correct them, or say "
        "below why they do not add up (for example: some people were counted in two groups)."
    ]


def test_breakdowns_that_do_not_add_up_are_kept_when_the_reason_is_given(
    cast: Cast, chain: Chain
) -> None:
    value, changed = services.indicator_value_save(
        actor=cast.officer,
        indicator=chain.indicator,
        period=str(YEAR),
        actual=Decimal(10),
        figures={category("gender", "women"): Decimal(4), category("gender", "men"): Decimal(3)},
        disaggregation_note="Three took part online and gave no details.",
    )
    assert changed
    assert value.breakdown.count() == 2


def test_each_dimension_adds_up_on_its_own(cast: Cast, chain: Chain) -> None:
    indicator = services.indicator_create(
        actor=cast.officer,
        goal=chain.goal,
        name="People consulted",
        unit_of_measure="people",
        dimensions=[dimension("age"), dimension("disability")],
    )
    value, _changed = services.indicator_value_save(
        actor=cast.officer,
        indicator=indicator,
        period=f"{YEAR}-H1",
        actual=Decimal(12),
        figures={
            category("gender", "women"): Decimal(8),
            category("gender", "men"): Decimal(4),
            category("age", "18-29"): Decimal(5),
            category("age", "30-59"): Decimal(7),
            category("disability", "with-disability"): Decimal(2),
            category("disability", "not-stated"): Decimal(10),
        },
    )
    # Seven figures for three dimensions, not 3 × 5 × 3 combinations.
    assert value.breakdown.count() == 6


def test_saving_the_same_value_twice_changes_nothing(cast: Cast, chain: Chain) -> None:
    history = chain.value.history.count()
    _value, changed = services.indicator_value_save(
        actor=cast.officer,
        indicator=chain.indicator,
        period=str(YEAR),
        baseline=Decimal("2.00"),
        target=Decimal(6),
        actual=Decimal(5),
        figures={category("gender", "women"): Decimal(5)},
    )
    assert not changed
    assert chain.value.history.count() == history


def test_a_period_outside_the_plans_year_is_refused(cast: Cast, chain: Chain) -> None:
    with pytest.raises(ValidationError, match="fall in the plan's year"):
        services.indicator_value_save(
            actor=cast.officer, indicator=chain.indicator, period="2031", actual=Decimal(1)
        )


# --- copy forward ----------------------------------------------------------------------


def test_copying_a_plan_forward_keeps_goals_indicators_and_open_activities(
    cast: Cast, chain: Chain
) -> None:
    chain.activity.due_date = dt.date(YEAR, 2, 28)
    chain.activity.save()
    done = services.activity_create(
        actor=cast.officer, goal=chain.goal, title="Finished", status="done"
    )
    copy = services.plan_copy_forward(actor=cast.officer, plan=chain.plan)
    assert (copy.year, copy.status, copy.copied_from) == (YEAR + 1, "draft", chain.plan)
    [goal] = copy.goals.all()
    assert list(goal.items.values_list("code", flat=True)) == ["P1.C.1"]
    assert [a.title for a in goal.activities.all()] == [chain.activity.title]
    assert goal.activities.get().due_date == dt.date(YEAR + 1, 2, 28)
    assert not goal.activities.filter(title=done.title).exists()
    [indicator] = goal.indicators.all()
    assert not indicator.values.exists()
    assert indicator.dimensions.filter(code="gender").exists()
    with pytest.raises(ValidationError, match="already a plan"):
        services.plan_copy_forward(actor=cast.officer, plan=chain.plan)


# --- checklist -------------------------------------------------------------------------


def test_a_no_becomes_an_activity_in_one_step_linked_back(cast: Cast, guidelines: None) -> None:
    plan = make_plan(cast.bogota, cast.officer)
    run = make_run(cast.bogota, cast.officer)
    answer = services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.1.b"), answer="no", note="Nobody has a role."
    )
    activity = services.checklist_answer_to_activity(
        actor=cast.officer, answer=answer, plan=plan, title="Give each woman a clear role"
    )
    assert activity.from_answer == answer
    assert list(activity.goal.items.values_list("code", flat=True)) == ["CL.1.b"]
    assert activity.goal.plan == plan
    assert activity.notes == "Nobody has a role."
    # A second activity from the same item goes under the same goal.
    again = services.checklist_answer_to_activity(
        actor=cast.officer, answer=answer, plan=plan, title="Ask the ambassador to follow up"
    )
    assert again.goal == activity.goal


def test_only_no_or_partly_becomes_an_activity(cast: Cast, guidelines: None) -> None:
    plan = make_plan(cast.bogota, cast.officer)
    run = make_run(cast.bogota, cast.officer)
    answer = services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.3"), answer="yes"
    )
    with pytest.raises(ValidationError, match="Only a"):
        services.checklist_answer_to_activity(
            actor=cast.officer, answer=answer, plan=plan, title="Nothing to do"
        )


def test_a_checklist_answer_must_be_a_checklist_item(cast: Cast, guidelines: None) -> None:
    run = make_run(cast.bogota, cast.officer)
    with pytest.raises(ValidationError, match="not an item of this checklist"):
        services.checklist_answer_save(
            actor=cast.officer, run=run, item=item("P1.C.1"), answer="yes"
        )


def test_one_checklist_run_per_unit_and_year(cast: Cast, guidelines: None) -> None:
    make_run(cast.bogota, cast.officer)
    with pytest.raises(ValidationError, match="already started"):
        make_run(cast.bogota, cast.lead)


def test_plan_create_refuses_a_second_plan_of_the_same_kind(cast: Cast, chain: Chain) -> None:
    with pytest.raises(ValidationError, match="already has a plan"):
        make_plan(cast.bogota, cast.lead)
    other = make_plan(cast.bogota, cast.lead, kind="separate")
    assert WorkPlan.objects.filter(unit=cast.bogota, year=YEAR).count() == 2
    assert other.kind == "separate"


def test_removing_evidence_keeps_the_activity(cast: Cast, chain: Chain) -> None:
    evidence = services.evidence_add(
        actor=cast.officer, activity=chain.activity, url="https://example.org/minutes"
    )
    services.evidence_remove(actor=cast.officer, evidence=evidence)
    assert Activity.objects.filter(pk=chain.activity.pk).exists()
    assert not Evidence.objects.exists()
