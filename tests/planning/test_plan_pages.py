"""The plan pages: the list, starting a plan, goals with guideline items, approval."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.planning.factories import YEAR, Chain, item, make_chain, make_plan
from wpsdesk.planning import services
from wpsdesk.planning.models import ApprovalStatus, Goal, WorkPlan


def test_the_plan_list_shows_own_plans_and_not_other_units(
    cast: Cast, chain: Chain, as_officer: Client, as_outsider: Client
) -> None:
    make_chain(cast.amman, cast.outsider, title="Amman's goal")
    response = as_officer.get(reverse("planning:plan_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert b"Embassy in Bogot" in response.content
    assert b"Embassy in Amman" not in response.content.split(b"<main")[1].split(b"</table>")[0]
    assert as_outsider.get(reverse("planning:plan_list")).context["page"].paginator.count == 1


def test_the_hq_coordinator_sees_every_units_internal_plans(
    cast: Cast, chain: Chain, as_coordinator: Client
) -> None:
    make_chain(cast.amman, cast.outsider)
    restricted = make_plan(cast.amman, cast.outsider, year=YEAR + 1, classification="restricted")
    page = as_coordinator.get(reverse("planning:plan_list")).context["page"]
    assert {plan.unit_id for plan in page} == {cast.bogota.pk, cast.amman.pk}
    assert restricted.pk not in {plan.pk for plan in page}


def test_the_plan_list_is_searched_and_filtered(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    make_plan(cast.bogota, cast.officer, year=YEAR + 1, title="Next year")
    url = reverse("planning:plan_list")
    assert as_officer.get(url, {"q": "More women"}).context["page"].paginator.count == 1
    assert as_officer.get(url, {"year": YEAR + 1}).context["page"].paginator.count == 1
    assert as_officer.get(url, {"status": "approved"}).context["page"].paginator.count == 0
    assert as_officer.get(url, {"year": "not a year"}).status_code == 200


@pytest.mark.parametrize("plans", [1, 12])
def test_the_plan_list_query_count_does_not_grow_with_plans(
    cast: Cast, guidelines: None, as_officer: Client, django_assert_num_queries, plans: int
) -> None:
    for offset in range(plans):
        make_chain(cast.bogota, cast.officer, year=YEAR + offset)
    with django_assert_num_queries(10):
        response = as_officer.get(reverse("planning:plan_list"))
    assert response.context["page"].paginator.count == plans


def test_an_officer_starts_a_plan_in_their_unit(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("planning:plan_create"),
        {"unit": cast.bogota.pk, "year": YEAR, "kind": "separate", "classification": "internal"},
    )
    plan = WorkPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:plan_detail", args=[plan.pk])
    assert (plan.unit, plan.kind, plan.created_by) == (cast.bogota, "separate", cast.officer)


def test_starting_a_plan_that_exists_leads_to_it(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("planning:plan_create"),
        {
            "unit": cast.bogota.pk,
            "year": YEAR,
            "kind": chain.plan.kind,
            "classification": "internal",
        },
    )
    assert response["Location"] == reverse("planning:plan_detail", args=[chain.plan.pk])
    assert WorkPlan.objects.count() == 1


def test_a_plan_cannot_be_started_in_another_unit(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("planning:plan_create"),
        {"unit": cast.amman.pk, "year": YEAR, "kind": "separate", "classification": "internal"},
    )
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert not WorkPlan.objects.exists()


def test_a_reader_may_not_start_a_plan(cast: Cast, as_reader: Client) -> None:
    assert as_reader.get(reverse("planning:plan_create")).status_code == 403


def test_the_plan_page_shows_the_chain(cast: Cast, chain: Chain, as_reader: Client) -> None:
    response = as_reader.get(reverse("planning:plan_detail", args=[chain.plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert chain.goal.title in html
    assert chain.activity.title.replace("’", "&#x27;") in html or chain.activity.title in html
    assert chain.indicator.name in html
    assert reverse("catalogue:item", args=["P1.C.1"]) in html
    # A reader sees no edit controls.
    assert reverse("planning:goal_create", args=[chain.plan.pk]) not in html
    assert reverse("planning:plan_approve", args=[chain.plan.pk]) not in html


@pytest.mark.parametrize("goals", [1, 8])
def test_the_plan_page_query_count_does_not_grow_with_goals(
    cast: Cast, chain: Chain, as_officer: Client, django_assert_num_queries, goals: int
) -> None:
    for number in range(goals - 1):
        goal = services.goal_create(
            actor=cast.officer, plan=chain.plan, title=f"Goal {number}", items=[item("P1.C.5")]
        )
        services.activity_create(actor=cast.officer, goal=goal, title="Work")
        services.indicator_create(
            actor=cast.officer, goal=goal, name="Count", unit_of_measure="people"
        )
    with django_assert_num_queries(14):
        response = as_officer.get(reverse("planning:plan_detail", args=[chain.plan.pk]))
    assert len(response.context["goals"]) == goals


def test_another_units_plan_is_404_like_a_missing_one(
    cast: Cast, chain: Chain, as_outsider: Client
) -> None:
    assert as_outsider.get(reverse("planning:plan_detail", args=[chain.plan.pk])).status_code == 404
    assert as_outsider.get(reverse("planning:plan_detail", args=[999999])).status_code == 404


def test_a_goal_is_linked_to_items_picked_from_a_search(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    plan = make_plan(cast.bogota, cast.officer)
    url = reverse("planning:goal_create", args=[plan.pk])
    searched = as_officer.post(
        url, {"title": "Women at the table", "item_q": "influence", "search": "1"}
    )
    assert searched.status_code == 200
    assert [choice.code for choice in searched.context["form"].item_choices] == ["P1.C.5"]
    assert b"Women at the table" in searched.content
    p1c5 = item("P1.C.5")
    response = as_officer.post(url, {"title": "Women at the table", "items": [p1c5.pk]})
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert list(goal.items.all()) == [p1c5]


def test_the_item_search_answers_htmx_with_the_options_only(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    plan = make_plan(cast.bogota, cast.officer)
    response = as_officer.post(
        reverse("planning:goal_create", args=[plan.pk]),
        {"item_q": "P1.C.5", "search": "1", "items": [item("CL.18").pk]},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="item-options"')
    assert "CL.18" in html
    assert "P1.C.5" in html
    assert "<html" not in html


def test_a_goal_needs_a_title(cast: Cast, guidelines: None, as_officer: Client) -> None:
    plan = make_plan(cast.bogota, cast.officer)
    response = as_officer.post(reverse("planning:goal_create", args=[plan.pk]), {"title": ""})
    assert response.status_code == 400
    assert b"This field is required" in response.content


def test_the_lead_approves_and_a_goal_change_puts_the_plan_back_to_draft(
    cast: Cast, chain: Chain
) -> None:
    lead = verified_client(cast.lead)
    response = lead.post(reverse("planning:plan_approve", args=[chain.plan.pk]))
    assert response.status_code == 302
    chain.plan.refresh_from_db()
    assert chain.plan.status == ApprovalStatus.APPROVED
    page = lead.get(reverse("planning:plan_detail", args=[chain.plan.pk])).content.decode()
    assert "Take the approval back" in page
    verified_client(cast.officer).post(
        reverse("planning:goal_edit", args=[chain.goal.pk]),
        {"title": "A sharper goal", "items": [item("P1.C.1").pk], "version": chain.goal.version},
    )
    chain.plan.refresh_from_db()
    assert chain.plan.status == ApprovalStatus.DRAFT


def test_an_officer_cannot_approve(cast: Cast, chain: Chain, as_officer: Client) -> None:
    response = as_officer.post(reverse("planning:plan_approve", args=[chain.plan.pk]))
    assert response.status_code == 404
    chain.plan.refresh_from_db()
    assert chain.plan.status == ApprovalStatus.DRAFT


def test_results_are_written_and_approved(cast: Cast, chain: Chain, as_officer: Client) -> None:
    response = as_officer.post(
        reverse("planning:results_edit", args=[chain.plan.pk]),
        {
            "results_summary": "Five women joined.",
            "results_obstacles": "Visas.",
            "version": chain.plan.version,
        },
    )
    assert response.status_code == 302
    lead = verified_client(cast.lead)
    draft_page = lead.get(reverse("planning:plan_detail", args=[chain.plan.pk])).content.decode()
    assert "Approve the year-end results" not in draft_page  # the plan itself is a draft
    lead.post(reverse("planning:plan_approve", args=[chain.plan.pk]))
    approved = lead.get(reverse("planning:plan_detail", args=[chain.plan.pk])).content.decode()
    assert "Approve the year-end results" in approved
    lead.post(reverse("planning:results_approve", args=[chain.plan.pk]))
    chain.plan.refresh_from_db()
    assert chain.plan.results_are_approved


def test_a_plan_is_copied_forward(cast: Cast, chain: Chain, as_officer: Client) -> None:
    response = as_officer.post(reverse("planning:plan_copy", args=[chain.plan.pk]))
    copy = WorkPlan.objects.get(year=YEAR + 1)
    assert response["Location"] == reverse("planning:plan_detail", args=[copy.pk])
    again = as_officer.post(reverse("planning:plan_copy", args=[chain.plan.pk]), follow=True)
    assert b"already a plan" in again.content


def test_the_plan_edit_form_keeps_restricted_downgrades_for_the_lead(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    url = reverse("planning:plan_edit", args=[chain.plan.pk])
    data = {"title": "", "summary": "", "kind": chain.plan.kind, "classification": "restricted"}
    assert as_officer.post(url, {**data, "version": chain.plan.version}).status_code == 302
    chain.plan.refresh_from_db()
    response = as_officer.post(
        url, {**data, "classification": "internal", "version": chain.plan.version}
    )
    assert response.status_code == 400
    assert b"Only the unit lead" in response.content
