"""What serves a guideline item: goals and engagements through one registry, each type
behind its own policy filter, on the item's page, its paged lists and HQ's gap view."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.engagements.factories import make_engagement
from tests.personas import Cast, verified_client
from tests.planning.factories import YEAR, item, load_guidelines, make_plan
from wpsdesk.catalogue import serving
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Classification, Unit
from wpsdesk.planning import services
from wpsdesk.planning.selectors import gaps


@pytest.fixture
def guidelines(db: None) -> None:
    load_guidelines()


def engagement_serving(
    unit: Unit, *codes: str, title: str = "Talks with the women's network", **fields: Any
) -> Engagement:
    """An engagement of ``unit`` whose WPS messages are ``codes``."""
    engagement = make_engagement(unit, title=title, date=dt.date(YEAR, 3, 10), **fields)
    engagement.messages.set([item(code) for code in codes])
    return engagement


def engagements() -> serving.ServingType:
    return serving.type_or_404("engagements")


def total(user: Any, code: str) -> int:
    return serving.serving_records(serving_type=engagements(), user=user, item=item(code)).total


def test_goals_and_engagements_are_registered() -> None:
    assert {t.key for t in serving.types()} == {
        "goals",
        "engagements",
        "objectives",
        "grants",
        "best-practice",
        "negotiation-objectives",
        "statements",
        "reports",
    }
    assert serving.type_or_404("goals").model.__name__ == "Goal"
    assert engagements().model is Engagement


def test_the_item_page_lists_the_engagements_serving_it(cast: Cast, guidelines: None) -> None:
    engagement_serving(cast.bogota, "P1.C.1")
    body = verified_client(cast.reader).get(reverse("catalogue:item", args=["P1.C.1"]))
    html = body.content.decode()
    assert "Engagements serving this item" in html
    assert "Talks with the women&#x27;s network" in html


def test_another_unit_sees_the_panel_but_not_our_engagement(cast: Cast, guidelines: None) -> None:
    engagement_serving(cast.bogota, "P1.C.1")
    html = (
        verified_client(cast.outsider)
        .get(reverse("catalogue:item", args=["P1.C.1"]))
        .content.decode()
    )
    assert "Engagements serving this item" in html
    assert "women&#x27;s network" not in html
    assert "Engagements: none that you may see serves this item yet." in html


def test_a_restricted_engagement_counts_only_for_those_cleared_to_see_it(
    cast: Cast, guidelines: None
) -> None:
    engagement_serving(cast.bogota, "P1.C.1", classification=Classification.RESTRICTED)
    assert total(cast.officer, "P1.C.1") == 1  # Bogotá, restricted clearance
    assert total(cast.reader, "P1.C.1") == 0  # Bogotá, no clearance
    assert total(cast.coordinator, "P1.C.1") == 0  # HQ reads internal records only
    assert total(cast.outsider, "P1.C.1") == 0


def test_an_engagement_serving_a_sub_point_serves_its_commitment(
    cast: Cast, guidelines: None
) -> None:
    engagement_serving(cast.bogota, "P1.C.5.a")
    assert total(cast.reader, "P1.C.5") == 1
    assert total(cast.reader, "P1.C.1") == 0


def test_boxes_and_questions_can_be_served(cast: Cast, guidelines: None) -> None:
    engagement_serving(cast.bogota, "CL.1.a")
    plan = make_plan(cast.bogota, cast.officer)
    goal = services.goal_create(
        actor=cast.officer, plan=plan, title="Ask who women represent", items=[item("CL.1.a")]
    )
    assert total(cast.reader, "CL.1") == 1
    goals = serving.type_or_404("goals")
    found = serving.serving_records(serving_type=goals, user=cast.reader, item=item("CL.1"))
    assert found.records == [goal]


def test_the_panel_is_bounded_and_links_to_the_paged_list(cast: Cast, guidelines: None) -> None:
    for number in range(serving.PANEL_ROWS + 2):
        engagement_serving(cast.bogota, "P1.C.1", title=f"Round {number:02d}")
    client = verified_client(cast.reader)
    html = client.get(reverse("catalogue:item", args=["P1.C.1"])).content.decode()
    assert html.count("Round ") == serving.PANEL_ROWS
    list_url = reverse("catalogue:serving", args=["P1.C.1", "engagements"])
    assert f'href="{list_url}"' in html
    assert "Engagements: all 12 serving this item" in html
    listed = client.get(list_url).content.decode()
    assert listed.count("Round ") == serving.PANEL_ROWS + 2


def test_a_few_records_show_no_link_to_the_list(cast: Cast, guidelines: None) -> None:
    engagement_serving(cast.bogota, "P1.C.1")
    html = (
        verified_client(cast.reader).get(reverse("catalogue:item", args=["P1.C.1"])).content
    ).decode()
    assert reverse("catalogue:serving", args=["P1.C.1", "engagements"]) not in html


def test_the_list_shows_only_what_the_person_may_see(cast: Cast, guidelines: None) -> None:
    engagement_serving(cast.bogota, "P1.C.1", title="Bogotá's round")
    engagement_serving(cast.amman, "P1.C.1", title="Amman's round")
    url = reverse("catalogue:serving", args=["P1.C.1", "engagements"])
    reader = verified_client(cast.reader).get(url).content.decode()
    assert "Bogotá&#x27;s round" in reader
    assert "Amman&#x27;s round" not in reader
    outsider = verified_client(cast.outsider).get(url).content.decode()
    assert "Amman&#x27;s round" in outsider
    assert "Bogotá&#x27;s round" not in outsider


@pytest.mark.parametrize(
    "url",
    [
        reverse("catalogue:serving", args=["P1.C.1", "nothing"]),
        reverse("catalogue:serving", args=["P9.C.99", "engagements"]),
    ],
)
def test_an_unknown_type_or_item_is_not_found(cast: Cast, guidelines: None, url: str) -> None:
    assert verified_client(cast.reader).get(url).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_runs_the_same_queries_however_many_records(
    cast: Cast, guidelines: None, django_assert_num_queries: Any, count: int
) -> None:
    for number in range(count):
        engagement_serving(cast.bogota, "P1.C.1", title=f"Round {number:02d}")
    client = verified_client(cast.coordinator)
    url = reverse("catalogue:serving", args=["P1.C.1", "engagements"])
    # Shell, edition, item, then the count and the page's rows with their units.
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["serving"].records) == min(count, 25)


@pytest.mark.parametrize("count", [1, 12])
def test_the_item_page_runs_the_same_queries_however_many_engagements(
    cast: Cast, guidelines: None, django_assert_num_queries: Any, count: int
) -> None:
    for number in range(count):
        engagement_serving(cast.bogota, "P1.C.1", title=f"Round {number:02d}")
    client = verified_client(cast.coordinator)
    # One count per serving type with a panel (engagements, objectives, grants, best practice),
    # and one for the catalogue switcher.
    with django_assert_num_queries(21):
        response = client.get(reverse("catalogue:item", args=["P1.C.1"]))
    assert response.content.decode().count("Round ") == min(count, serving.PANEL_ROWS)


# --- the HQ gap view -----------------------------------------------------------------------


def gap_group(result: Any, priority: str) -> Any:
    return next(g for g in result.groups if g.priority and g.priority.code == priority)


def test_the_gap_view_counts_engagements_wps_messages_as_work(cast: Cast, guidelines: None) -> None:
    before = gap_group(gaps(user=cast.coordinator, year=YEAR), "P2")
    assert [gap.item.code for gap in before.no_work] == ["P2.C.1"]
    engagement_serving(cast.bogota, "P2.C.1")
    after = gap_group(gaps(user=cast.coordinator, year=YEAR), "P2")
    assert after.no_work == []
    assert [gap.item.code for gap in after.no_goal_but_other] == ["P2.C.1"]
    assert [str(label) for label in after.no_goal_but_other[0].served_by] == ["Engagements"]
    assert after.served == 1


def test_the_gap_page_shows_commitments_worked_on_through_engagements(
    cast: Cast, guidelines: None
) -> None:
    engagement_serving(cast.bogota, "P2.C.1", "P1.C.5.a")
    client: Client = verified_client(cast.coordinator)
    response = client.get(reverse("planning:gaps"), {"year": YEAR})
    html = response.content.decode()
    assert "Worked on, but in no goal" in html
    assert "Engagements 2" in html
    assert {str(k): v for k, v in response.context["gaps"].worked_on_by} == {
        "Goals": 0,
        "Engagements": 2,
        "WPS strategy objectives": 0,
        "Grants": 0,
        "Best practice": 0,
        "WPS objectives in negotiations": 0,
        "Statements in multilateral forums": 0,
        "Reports home and speaking points": 0,
    }


def test_the_gap_view_counts_only_engagements_of_the_year(cast: Cast, guidelines: None) -> None:
    engagement_serving(cast.bogota, "P2.C.1").__class__.objects.update(date=dt.date(YEAR - 1, 6, 1))
    group = gap_group(gaps(user=cast.coordinator, year=YEAR), "P2")
    assert [gap.item.code for gap in group.no_work] == ["P2.C.1"]
    earlier = gap_group(gaps(user=cast.coordinator, year=YEAR - 1), "P2")
    assert earlier.no_work == []


def test_a_restricted_engagement_is_work_only_for_those_who_may_see_it(
    cast: Cast, guidelines: None
) -> None:
    engagement_serving(cast.bogota, "P2.C.1", classification=Classification.RESTRICTED)
    hq = gap_group(gaps(user=cast.coordinator, year=YEAR), "P2")
    assert [gap.item.code for gap in hq.no_work] == ["P2.C.1"]
    cleared = gap_group(gaps(user=cast.officer, year=YEAR), "P2")
    assert cleared.no_work == []
    assert [gap.item.code for gap in cleared.no_goal_but_other] == ["P2.C.1"]


def test_a_goal_without_activity_is_worked_on_when_an_engagement_serves_it_too(
    cast: Cast, guidelines: None
) -> None:
    plan = make_plan(cast.bogota, cast.officer)
    services.goal_create(actor=cast.officer, plan=plan, title="Idle goal", items=[item("P2.C.1")])
    assert [
        g.item.code for g in gap_group(gaps(user=cast.coordinator, year=YEAR), "P2").no_activity
    ] == ["P2.C.1"]
    engagement_serving(cast.bogota, "P2.C.1")
    group = gap_group(gaps(user=cast.coordinator, year=YEAR), "P2")
    assert (group.no_activity, group.no_work, group.served) == ([], [], 1)
