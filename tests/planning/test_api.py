"""/api/plans/: the same rules as the pages, in JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from tests.api.conftest import MakeToken, bearer_client
from tests.api.conftest import make_token as make_token  # the fixture, for this module
from tests.personas import Cast, verified_client
from tests.planning.factories import YEAR, Chain, make_chain
from wpsdesk.planning.models import ApprovalStatus, Goal, IndicatorValue, WorkPlan


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"api:planning:{name}", kwargs=kwargs or None)


def send(client: Client, method: str, path: str, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.generic(method, path, json.dumps(body), content_type="application/json")


def test_plans_are_listed_as_the_pages_list_them(
    cast: Cast, chain: Chain, as_officer: Client, as_coordinator: Client, as_outsider: Client
) -> None:
    make_chain(cast.amman, cast.outsider)
    mine = as_officer.get(url("plan-list")).json()
    assert [plan["unit_code"] for plan in mine["results"]] == ["test-bogota"]
    assert mine["results"][0]["goals"][0]["items"] == ["P1.C.1"]
    everyone = as_coordinator.get(url("plan-list")).json()
    assert {plan["unit_code"] for plan in everyone["results"]} == {"test-bogota", "test-amman"}
    assert as_outsider.get(url("plan-detail", pk=chain.plan.pk)).status_code == 404


def test_a_plan_is_started_and_approved_through_the_api(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    response = send(
        as_officer,
        "POST",
        url("plan-list"),
        {"unit": cast.bogota.pk, "year": YEAR, "kind": "separate"},
    )
    assert response.status_code == 201, response.json()
    plan_id = response.json()["id"]
    goal = send(
        as_officer,
        "POST",
        url("goal-list"),
        {"plan": plan_id, "title": "Women in talks", "items": ["P1.C.5"]},
    )
    assert goal.status_code == 201, goal.json()
    assert send(as_officer, "POST", url("plan-approve", pk=plan_id), {}).status_code == 404
    approved = send(verified_client(cast.lead), "POST", url("plan-approve", pk=plan_id), {})
    assert approved.json()["status"] == "approved"
    assert approved.json()["approved_by"] == "lead"


def test_a_plan_cannot_be_started_in_another_unit(
    cast: Cast, guidelines: None, as_outsider: Client
) -> None:
    response = send(as_outsider, "POST", url("plan-list"), {"unit": cast.bogota.pk, "year": YEAR})
    assert response.status_code == 400
    assert "unit" in response.json()
    assert not WorkPlan.objects.exists()


def test_a_reader_cannot_change_a_plan(cast: Cast, chain: Chain, as_reader: Client) -> None:
    response = send(as_reader, "PATCH", url("plan-detail", pk=chain.plan.pk), {"title": "Mine"})
    assert response.status_code == 404
    chain.plan.refresh_from_db()
    assert chain.plan.title == ""


def test_a_goal_cannot_be_added_to_another_units_plan(
    cast: Cast, chain: Chain, as_outsider: Client
) -> None:
    response = send(as_outsider, "POST", url("goal-list"), {"plan": chain.plan.pk, "title": "Ours"})
    assert response.status_code == 400
    assert Goal.objects.count() == 1


def test_breakdowns_that_do_not_add_up_are_refused_in_plain_words(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = send(
        as_officer,
        "POST",
        url("value-list"),
        {
            "indicator": chain.indicator.pk,
            "period": f"{YEAR}-H1",
            "actual": "10",
            "breakdown": [
                {"dimension": "gender", "category": "women", "amount": "4"},
                {"dimension": "gender", "category": "men", "amount": "4"},
            ],
        },
    )
    assert response.status_code == 400
    assert response.json()["detail"][0].startswith(
        "The figures for gender add up to 8, but the actual is 10."
    )
    assert not IndicatorValue.objects.filter(period=f"{YEAR}-H1").exists()


def test_a_value_is_entered_and_read_back_with_its_breakdown(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = send(
        as_officer,
        "POST",
        url("value-list"),
        {
            "indicator": chain.indicator.pk,
            "period": f"{YEAR}-H1",
            "actual": "3",
            "breakdown": [{"dimension": "gender", "category": "women", "amount": "3"}],
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["breakdown"] == [
        {"dimension": "gender", "category": "women", "amount": "3.00"}
    ]


def test_the_chain_is_visible_from_the_item_through_the_api(
    cast: Cast, chain: Chain, as_reader: Client, as_outsider: Client
) -> None:
    data = as_reader.get(url("serving", code="P1.C.1")).json()
    [goal] = data["goals"]
    assert goal["title"] == chain.goal.title
    assert goal["activities"][0]["id"] == chain.activity.pk
    assert goal["indicators"][0]["values"] == [
        {"period": str(YEAR), "target": "6.00", "actual": "5.00"}
    ]
    assert as_outsider.get(url("serving", code="P1.C.1")).json()["goals"] == []


def test_a_checklist_is_answered_through_the_api(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = send(
        as_officer, "POST", url("checklist-run-list"), {"unit": cast.bogota.pk, "year": YEAR}
    )
    assert run.status_code == 201, run.json()
    answered = send(
        as_officer,
        "POST",
        url("checklist-run-answer", pk=run.json()["id"]),
        {"item": "CL.1.a", "answer": "no", "note": "Only men"},
    )
    assert answered.json()["answer"] == "no"
    wrong = send(
        as_officer,
        "POST",
        url("checklist-run-answer", pk=run.json()["id"]),
        {"item": "P1.C.1", "answer": "no"},
    )
    assert wrong.status_code == 400


def test_a_read_token_cannot_write(cast: Cast, chain: Chain, make_token: MakeToken) -> None:
    _token, text = make_token(cast.officer, scopes=("read",))
    client = bearer_client(text)
    assert client.get(url("plan-list")).status_code == 200
    response = send(client, "PATCH", url("plan-detail", pk=chain.plan.pk), {"title": "Token"})
    assert response.status_code == 403


def test_plans_are_never_deleted_through_the_api(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    assert as_officer.delete(url("plan-detail", pk=chain.plan.pk)).status_code == 405
    assert WorkPlan.objects.filter(pk=chain.plan.pk, status=ApprovalStatus.DRAFT).exists()


#: Queries of each API list: the person, the token, the policy, the count, the page, and
#: one per prefetched relation.
QUERIES_API_LIST = {
    "plan-list": 8,
    "goal-list": 7,
    "activity-list": 6,
    "indicator-list": 7,
    "value-list": 7,
    "checklist-run-list": 7,
}


@pytest.mark.parametrize("plans", [1, 6])
@pytest.mark.parametrize(
    "name",
    [
        "plan-list",
        "goal-list",
        "activity-list",
        "indicator-list",
        "value-list",
        "checklist-run-list",
    ],
)
def test_api_lists_do_not_grow_in_queries(
    cast: Cast, guidelines: None, django_assert_num_queries, plans: int, name: str
) -> None:
    from tests.planning.factories import make_run

    for offset in range(plans):
        make_chain(cast.bogota, cast.officer, year=YEAR + offset)
        make_run(cast.bogota, cast.officer, year=YEAR + offset)
    client = verified_client(cast.officer)
    with django_assert_num_queries(QUERIES_API_LIST[name]):
        response = client.get(url(name))
    assert response.json()["count"] == plans


def test_a_draft_plans_approvers_are_null_and_the_schema_allows_it(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    plan = as_officer.get(url("plan-detail", pk=chain.plan.pk)).json()
    assert plan["approved_by"] is None and plan["results_approved_by"] is None
    schema = yaml.safe_load(as_officer.get(reverse("api:schema")).content)
    fields = schema["components"]["schemas"]["Plan"]["properties"]
    assert fields["approved_by"]["nullable"] is True
    assert fields["results_approved_by"]["nullable"] is True


@pytest.mark.parametrize("query", [{"unit": 2**80}, {"year": 2**80}])
def test_a_number_too_large_for_the_database_is_a_400_not_a_500(
    cast: Cast, chain: Chain, as_officer: Client, query: dict[str, int]
) -> None:
    response = as_officer.get(url("plan-list"), query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_an_owner_who_is_nobody_and_one_outside_the_unit_get_the_same_answer(
    cast: Cast, chain: Chain, as_officer: Client, method: str
) -> None:
    def give_owner(username: str) -> Any:
        if method == "POST":
            body = {"goal": chain.goal.pk, "title": f"Visit {username}", "owner": username}
            return send(as_officer, method, url("activity-list"), body)
        path = url("activity-detail", pk=chain.activity.pk)
        chain.activity.refresh_from_db()
        return as_officer.generic(
            method,
            path,
            json.dumps({"owner": username}),
            content_type="application/json",
            headers={"If-Match": f'"{chain.activity.version}"'},
        )

    nobody = give_owner("no-such-person")
    stranger = give_owner(cast.outsider.username)
    assert (nobody.status_code, stranger.status_code) == (400, 400)
    assert (
        nobody.json() == stranger.json() == {"owner": ["The owner must be a member of the unit."]}
    )
    member = give_owner(cast.reader.username)
    assert member.status_code in (200, 201), member.json()
    assert member.json()["owner"] == cast.reader.username
