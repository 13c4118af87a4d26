"""The catalogue API: items filtered by kind, priority and text; resolutions; priority lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tests.personas import Cast
from wpsdesk.catalogue.models import Edition, PriorityEntry
from wpsdesk.catalogue.services import priority_entry_end, priority_lists_seed

API = "/api/catalogue"


def get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def codes(body: dict[str, Any]) -> list[str]:
    return [item["code"] for item in body["results"]]


def test_items_are_listed_in_document_order_page_by_page(
    guidelines: Edition, as_reader: Client
) -> None:
    body = get(as_reader, "/items/")
    assert body["count"] == guidelines.items.count()
    assert codes(body)[:3] == ["INTRO", "INTRO.1", "INTRO.SCR1325"]
    assert len(body["results"]) == 50
    assert body["next"]


def test_an_item_carries_its_code_kind_text_parent_and_related_codes(
    guidelines: Edition, as_reader: Client
) -> None:
    body = get(as_reader, "/items/P1.C.5/")
    assert body["kind"] == "commitment"
    assert body["parent"] == "P1"
    assert body["edition"] == "2023–2030"
    assert body["text"].startswith("Advance women’s influence")
    assert body["related"] == ["SCR.1325", "SCR.2122", "SCR.2493"]
    assert body["children"] == [f"P1.C.5.{letter}" for letter in "abcdef"]


def test_related_codes_include_links_made_from_the_other_side(
    guidelines: Edition, as_reader: Client
) -> None:
    assert "CL.14.e" in get(as_reader, "/items/P1.C.7/")["related"]


def test_items_filter_by_kind(guidelines: Edition, as_reader: Client) -> None:
    body = get(as_reader, "/items/", kind="box")
    assert codes(body) == [
        "P1.BOX.ANALYSIS",
        "P1.BOX.MEDIATORS",
        "P1.BOX.REPRESENT",
        "P2.BOX.SGREPORT",
        "P2.BOX.EXTREMISM",
    ]


def test_items_filter_by_thematic_priority(guidelines: Edition, as_reader: Client) -> None:
    body = get(as_reader, "/items/", priority="P2", kind="commitment")
    assert codes(body) == [f"P2.C.{number}" for number in range(1, 10)]


def test_items_filter_by_text_with_the_same_hits_as_the_search_page(
    guidelines: Edition, as_reader: Client
) -> None:
    body = get(as_reader, "/items/", q='"women mediators"')
    assert codes(body) == ["P1.BOX.MEDIATORS", "RES.OTHER.8", "RES.OTHER.9", "RES.OTHER.10", "FN.7"]
    assert get(as_reader, "/items/", q="NEAR(")["count"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "wish"}, "kind"),
        ({"priority": "P9"}, "priority"),
        ({"priority": "CL"}, "priority"),
    ],
)
def test_a_bad_filter_is_refused_with_a_reason(
    guidelines: Edition, as_reader: Client, params: dict[str, str], field: str
) -> None:
    response = as_reader.get(f"{API}/items/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_an_unknown_item_or_edition_is_not_found(guidelines: Edition, as_reader: Client) -> None:
    assert as_reader.get(f"{API}/items/P9.Z/").status_code == 404
    assert as_reader.get(f"{API}/items/", {"edition": "1999"}).status_code == 404


def test_the_resolutions_come_with_their_main_messages_and_referring_items(
    guidelines: Edition, as_reader: Client
) -> None:
    body = get(as_reader, "/resolutions/")
    assert [item["code"] for item in body["results"]] == [
        "SCR.1325",
        "SCR.1820",
        "SCR.1888",
        "SCR.1889",
        "SCR.1960",
        "SCR.2106",
        "SCR.2122",
        "SCR.2242",
        "SCR.2467",
        "SCR.2493",
    ]
    scr_2493 = body["results"][-1]
    assert scr_2493["added"] is True
    assert scr_2493["title"] == "SCR 2493 (2019)"
    assert "P1.AP.1" in scr_2493["related"]


def test_the_priority_lists_as_of_a_date(db: None, cast: Cast, as_reader: Client) -> None:
    priority_lists_seed()
    priority_entry_end(
        actor=cast.coordinator,
        entry=PriorityEntry.objects.get(code="ML"),
        valid_to=dt.date(2024, 6, 30),
        reason="Closed.",
    )
    before = get(as_reader, "/priority-entries/", on="2024-06-30", kind="country")
    after = get(as_reader, "/priority-entries/", on="2024-07-01", kind="country")
    assert before["count"] == 18 and "ML" in [entry["code"] for entry in before["results"]]
    assert after["count"] == 17 and "ML" not in [entry["code"] for entry in after["results"]]
    assert get(as_reader, "/priority-entries/", on="2024-07-01", kind="forum")["count"] == 7
    assert get(as_reader, "/priority-entries/", on="2022-12-31")["count"] == 0


def test_a_bad_date_is_refused_with_a_reason(db: None, as_reader: Client) -> None:
    response = as_reader.get(f"{API}/priority-entries/", {"on": "30.06.2024"})
    assert response.status_code == 400
    assert response.json() == {"on": ["Give the date as YYYY-MM-DD."]}


@pytest.mark.parametrize(
    "path",
    ["/items/", "/items/?kind=commitment", "/items/?q=women", "/items/P1/", "/resolutions/"],
)
def test_each_endpoint_runs_a_fixed_number_of_queries(
    guidelines: Edition, as_reader: Client, path: str, django_assert_num_queries: Any
) -> None:
    """Session, person, second factor; edition, count, page, two for the links (and children)."""
    with django_assert_num_queries(8):
        response = as_reader.get(f"{API}{path}")
    assert response.status_code == 200


def test_the_api_schema_describes_the_catalogue(db: None, as_reader: Client) -> None:
    schema = as_reader.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/catalogue/items/",
        "/api/catalogue/items/{code}/",
        "/api/catalogue/resolutions/",
        "/api/catalogue/priority-entries/",
    ):
        assert path in schema
