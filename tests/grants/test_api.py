"""The grants API: the same rules as the pages, served items as codes, amounts, If-Match;
and the serving registry shows grants on a catalogue item's page."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.grants.factories import make_grant, restricted_grant
from tests.personas import Cast, verified_client
from wpsdesk.catalogue.models import Item
from wpsdesk.grants.models import Grant

pytestmark = pytest.mark.django_db

LIST = "/api/grants/"


def send(client: Client, url: str, data: dict, method: str = "post", **headers: str):
    return client.generic(
        method.upper(), url, json.dumps(data), content_type="application/json", headers=headers
    )


def body(**overrides: object) -> dict[str, object]:
    return {
        "unit": "test-bogota",
        "agreement_number": "API-1",
        "title": "From the API",
        "multilateral_partner": "UNFPA",
        "channel": "norad",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "country": "CO",
        "priority": 3,
        "gender_marker": 1,
        "humanitarian": True,
        "age_marker": 4,
        "serves": ["P1.C.5"],
        "amounts": [{"year": 2025, "amount": "100000", "currency": "USD", "nok": "1050000"}],
        **overrides,
    }


def test_an_editor_registers_a_grant_through_the_api(
    cast: Cast, as_officer: Client, guidelines: None
) -> None:
    response = send(as_officer, LIST, body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["serves"] == ["P1.C.5"]
    assert data["country_name"] == "Colombia"
    assert data["amounts"] == [
        {"year": 2025, "amount": "100000.00", "currency": "USD", "nok": "1050000.00"}
    ]
    grant = Grant.objects.get()
    assert grant.unit == cast.bogota and grant.age_marker == 4


def test_the_list_holds_only_what_the_person_may_open(
    cast: Cast, as_outsider: Client, as_officer: Client
) -> None:
    make_grant(cast.bogota, "COL-1")
    restricted_grant(cast.bogota, "COL-2")
    assert sorted(g["agreement_number"] for g in as_officer.get(LIST).json()["results"]) == [
        "COL-1",
        "COL-2",
    ]
    assert as_outsider.get(LIST).json()["results"] == []
    grant = make_grant(cast.bogota, "COL-3")
    assert as_outsider.get(f"{LIST}{grant.pk}/").status_code == 404


def test_a_change_needs_if_match_and_a_reader_is_refused(
    cast: Cast, as_officer: Client, as_reader: Client
) -> None:
    grant = make_grant(cast.bogota)
    url = f"{LIST}{grant.pk}/"
    assert send(as_officer, url, {"title": "New"}, "patch").status_code == 428
    assert send(as_reader, url, {"title": "New"}, "patch", **{"If-Match": '"1"'}).status_code == 403
    response = send(
        as_officer, url, {"title": "New"}, "patch", **{"If-Match": f'"{grant.version}"'}
    )
    assert response.status_code == 200
    grant.refresh_from_db()
    assert grant.title == "New"
    assert (
        send(as_officer, url, {"title": "Old"}, "patch", **{"If-Match": '"1"'}).status_code == 412
    )


def test_registering_in_another_unit_is_refused(
    cast: Cast, as_outsider: Client, guidelines: None
) -> None:
    assert send(as_outsider, LIST, body()).status_code == 403
    assert not Grant.objects.exists()


def test_a_grant_serving_an_item_shows_on_the_item_page_for_those_who_may_see_it(
    cast: Cast, guidelines: None
) -> None:
    grant = make_grant(cast.bogota, "COL-9", title="Serving grant")
    grant.serves.add(Item.objects.get(edition__is_current=True, code="P1.C.5"))
    url = reverse("catalogue:item", args=["P1.C.5"])
    assert "Serving grant" in verified_client(cast.reader).get(url).content.decode()
    assert "Serving grant" not in verified_client(cast.outsider).get(url).content.decode()
