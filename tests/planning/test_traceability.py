"""Guideline item → goal → activity → indicator value, visible from both ends; HQ's gaps."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.planning.factories import YEAR, Chain, item, make_chain, make_plan, make_run
from wpsdesk.planning import services
from wpsdesk.planning.selectors import gaps, work_serving_item


def test_the_chain_is_visible_from_the_guideline_item(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.get(reverse("planning:serving", args=["P1.C.1"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert chain.goal.title in html
    assert reverse("planning:activity_detail", args=[chain.activity.pk]) in html
    assert reverse("planning:indicator_detail", args=[chain.indicator.pk]) in html
    assert f"{YEAR}: 5" in html  # the latest actual beside the indicator


def test_the_chain_is_visible_from_the_plan_to_the_guideline_item(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    plan_page = as_officer.get(reverse("planning:plan_detail", args=[chain.plan.pk])).content
    assert reverse("catalogue:item", args=["P1.C.1"]).encode() in plan_page
    indicator_page = as_officer.get(
        reverse("planning:indicator_detail", args=[chain.indicator.pk])
    ).content.decode()
    assert "Women" in indicator_page
    assert ">5<" in indicator_page


def test_work_on_a_sub_point_serves_its_commitment(cast: Cast, guidelines: None) -> None:
    make_chain(cast.bogota, cast.officer, code="P1.C.5.a")
    work = work_serving_item(user=cast.officer, item=item("P1.C.5"))
    assert [goal.title for goal in work.goals] == ["More women in the local peace talks"]
    assert work_serving_item(user=cast.officer, item=item("P1.C.1")).goals == []


def test_another_unit_sees_none_of_the_chain(cast: Cast, chain: Chain, as_outsider: Client) -> None:
    response = as_outsider.get(reverse("planning:serving", args=["P1.C.1"]))
    assert chain.goal.title not in response.content.decode()
    assert "No goal in the plans you may see" in response.content.decode()
    for name, pk in [
        ("planning:plan_detail", chain.plan.pk),
        ("planning:activity_detail", chain.activity.pk),
        ("planning:indicator_detail", chain.indicator.pk),
        ("planning:value_edit", chain.value.pk),
        ("planning:goal_edit", chain.goal.pk),
    ]:
        assert as_outsider.get(reverse(name, args=[pk])).status_code == 404
        assert as_outsider.post(reverse(name, args=[pk]), {"title": "x"}).status_code in {404, 405}


def test_the_hq_coordinator_sees_every_units_work_on_an_item(
    cast: Cast, chain: Chain, as_coordinator: Client
) -> None:
    make_chain(cast.amman, cast.outsider, title="Amman's women mediators")
    work = as_coordinator.get(reverse("planning:serving", args=["P1.C.1"])).context["work"]
    assert {goal.plan.unit for goal in work.goals} == {cast.bogota, cast.amman}
    assert work.unit_count == 2


def test_restricted_plans_are_not_shown_to_hq(cast: Cast, chain: Chain) -> None:
    services.plan_update(
        actor=cast.officer, plan=chain.plan, title="", summary="", classification="restricted"
    )
    assert work_serving_item(user=cast.coordinator, item=item("P1.C.1")).goals == []
    assert work_serving_item(user=cast.officer, item=item("P1.C.1")).goals != []
    assert work_serving_item(user=cast.reader, item=item("P1.C.1")).goals == []


def test_an_unknown_code_is_404(cast: Cast, guidelines: None, as_officer: Client) -> None:
    assert as_officer.get(reverse("planning:serving", args=["P9.C.99"])).status_code == 404


@pytest.mark.parametrize("units", [1, 3])
def test_the_serving_page_query_count_does_not_grow(
    cast: Cast, guidelines: None, django_assert_num_queries, units: int
) -> None:
    for year in range(units):
        make_chain(cast.bogota, cast.officer, year=YEAR + year)
        make_chain(cast.amman, cast.outsider, year=YEAR + year)
    client = verified_client(cast.coordinator)
    with django_assert_num_queries(12):
        response = client.get(reverse("planning:serving", args=["P1.C.1"]))
    assert len(response.context["work"].goals) == 2 * units


def test_the_catalogue_item_page_fragment_shows_the_work(cast: Cast, chain: Chain) -> None:
    request = RequestFactory().get("/")
    request.user = cast.reader
    html = Template("{% load planning_tags %}{% serving_item item %}").render(
        Context({"item": item("P1.C.1"), "request": request})
    )
    assert "Work that serves this item" in html
    assert chain.goal.title in html
    request.user = cast.outsider
    html = Template("{% load planning_tags %}{% serving_item item %}").render(
        Context({"item": item("P1.C.1"), "request": request})
    )
    assert chain.goal.title not in html


# --- the HQ gap view ---------------------------------------------------------------------


def test_gaps_show_commitments_and_action_points_nobody_serves(
    cast: Cast, chain: Chain, as_coordinator: Client
) -> None:
    response = as_coordinator.get(reverse("planning:gaps"), {"year": YEAR})
    result = response.context["gaps"]
    by_priority = {
        group.priority.code if group.priority else None: group for group in result.groups
    }
    p1 = by_priority["P1"]
    assert [gap.item.code for gap in p1.no_work] == ["P1.AP.1", "P1.C.5"]
    assert p1.served == 1  # P1.C.1 has a goal with an activity
    assert [gap.item.code for gap in by_priority["P2"].no_work] == ["P2.C.1"]
    assert [gap.item.code for gap in by_priority[None].no_work] == ["INTRO.MFA.1"]


def test_a_goal_without_activities_is_a_gap_of_its_own_kind(cast: Cast, guidelines: None) -> None:
    plan = make_plan(cast.bogota, cast.officer)
    services.goal_create(actor=cast.officer, plan=plan, title="Idle goal", items=[item("P2.C.1")])
    result = gaps(user=cast.coordinator, year=YEAR)
    p2 = next(group for group in result.groups if group.priority and group.priority.code == "P2")
    assert [gap.item.code for gap in p2.no_activity] == ["P2.C.1"]
    assert p2.no_work == []


def test_gaps_list_units_without_a_plan_or_a_checklist(cast: Cast, chain: Chain) -> None:
    make_run(cast.amman, cast.outsider)
    result = gaps(user=cast.coordinator, year=YEAR)
    assert [unit.name for unit in result.units_without_plan] == [
        "Embassy in Amman",
        "Section for Peace and Reconciliation",
    ]
    assert [unit.name for unit in result.units_without_run] == [
        "Embassy in Bogotá",
        "Section for Peace and Reconciliation",
    ]


@pytest.mark.parametrize("who", ["officer", "lead", "reader", "outsider", "auditor", "admin"])
def test_only_hq_coordinators_see_the_gaps(cast: Cast, guidelines: None, who: str) -> None:
    assert verified_client(getattr(cast, who)).get(reverse("planning:gaps")).status_code == 403


@pytest.mark.parametrize("goals", [1, 6])
def test_the_gap_view_query_count_does_not_grow(
    cast: Cast, chain: Chain, django_assert_num_queries, goals: int
) -> None:
    make_chain(cast.amman, cast.outsider, code="P2.C.1")
    for number in range(goals):
        goal = services.goal_create(
            actor=cast.officer,
            plan=chain.plan,
            title=f"Goal {number}",
            items=[item("P1.C.5.a"), item("P1.AP.1")],
        )
        services.activity_create(actor=cast.officer, goal=goal, title="Work")
    client = verified_client(cast.coordinator)
    # One query per other serving type: engagements, strategy objectives, grants, best
    # practice, negotiation objectives, statements, reports home.
    with django_assert_num_queries(20):
        response = client.get(reverse("planning:gaps"), {"year": YEAR})
    assert response.status_code == 200


def test_the_serving_work_is_paged_with_totals_over_every_page(cast: Cast, chain: Chain) -> None:
    make_chain(cast.bogota, cast.officer, title="Second goal", year=chain.plan.year + 1)
    first = work_serving_item(user=cast.officer, item=item("P1.C.1"), per_page=1)
    assert len(first.goals) == 1
    assert (first.total, first.unit_count, first.more) == (2, 1, True)
    second = work_serving_item(user=cast.officer, item=item("P1.C.1"), page=2, per_page=1)
    assert {first.goals[0].pk, second.goals[0].pk} == {
        goal.pk for goal in work_serving_item(user=cast.officer, item=item("P1.C.1")).goals
    }
    assert not work_serving_item(user=cast.officer, item=item("P1.C.1")).more
