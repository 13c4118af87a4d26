"""The civil-society API: the same rules and services as the pages, If-Match on changes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.civil_society.factories import make_organisation, restricted
from tests.engagements.factories import make_engagement
from tests.personas import Cast, verified_client
from wpsdesk.civil_society.models import Organisation

pytestmark = pytest.mark.django_db

URL = "/api/civil-society/organisations/"
# Session, person, second factor, roles and grants, the count, the page, its engagements.
QUERIES_API_LIST = 7

NEW = {
    "unit": "test-bogota",
    "name": "Mothers for Peace",
    "scope": "local",
    "kind": "womens_org",
    "country": "co",
    "stance": "ally",
    "themes": ["P3", "P1"],
    "who_they_are": "Mothers of the disappeared",
}


def send(client: Client, url: str, data: dict, method: str = "post", **headers: str):
    return client.generic(
        method.upper(), url, json.dumps(data), content_type="application/json", headers=headers
    )


def test_an_editor_adds_an_organisation_through_the_api(cast: Cast, as_officer: Client) -> None:
    response = send(as_officer, URL, NEW)
    assert response.status_code == 201, response.content
    org = Organisation.objects.get()
    assert (org.unit, org.country, org.themes, org.created_by) == (
        cast.bogota,
        "CO",
        "P1 P3",
        cast.officer,
    )
    body = response.json()
    assert (body["country_name"], body["themes"], body["version"]) == (
        "Colombia",
        ["P1", "P3"],
        1,
    )


def test_bad_input_is_a_400_in_plain_words_and_adds_nothing(as_officer: Client) -> None:
    response = send(as_officer, URL, {**NEW, "country": "XX", "themes": ["P9"]})
    assert response.status_code == 400
    text = response.content.decode()
    assert "is not a country code" in text
    assert "P9" in text
    assert not Organisation.objects.exists()


def test_adding_to_another_unit_is_refused(cast: Cast, as_outsider: Client) -> None:
    assert send(as_outsider, URL, NEW).status_code == 403
    assert not Organisation.objects.exists()


def test_the_list_has_only_what_one_may_open_and_takes_filters(
    cast: Cast, as_officer: Client, as_reader: Client
) -> None:
    make_organisation(cast.bogota, "Allies", stance="ally")
    restricted(cast.bogota, "Discreet", stance="opponent")
    make_organisation(cast.amman, "Amman Forum", country="JO")
    assert [o["name"] for o in as_officer.get(URL).json()["results"]] == ["Allies", "Discreet"]
    assert [o["name"] for o in as_reader.get(URL).json()["results"]] == ["Allies"]
    filtered = as_officer.get(URL, {"stance": "opponent"}).json()["results"]
    assert [o["name"] for o in filtered] == ["Discreet"]
    assert as_officer.get(URL, {"country": "XX"}).status_code == 400


def test_only_the_engagements_one_may_open_are_listed(cast: Cast, as_reader: Client) -> None:
    org = make_organisation(cast.bogota)
    open_one = make_engagement(cast.bogota, title="Open")
    org.engagements.add(
        open_one, make_engagement(cast.bogota, title="Secret", classification="restricted")
    )
    assert as_reader.get(f"{URL}{org.pk}/").json()["engagements"] == [open_one.pk]


@pytest.mark.parametrize("size", [1, 20])
def test_the_list_costs_the_same_queries_whatever_its_size(
    cast: Cast, as_reader: Client, django_assert_num_queries, size: int
) -> None:
    for n in range(size):
        org = make_organisation(cast.bogota, f"Organisation {n:02d}")
        org.engagements.add(make_engagement(cast.bogota))
    with django_assert_num_queries(QUERIES_API_LIST):
        assert as_reader.get(URL).status_code == 200


def test_another_units_restricted_organisation_is_404(
    cast: Cast, as_outsider: Client, as_officer: Client
) -> None:
    secret = restricted(cast.bogota)
    assert as_outsider.get(f"{URL}{secret.pk}/").status_code == 404
    response = as_officer.get(f"{URL}{secret.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'


def test_a_change_needs_the_version_read_and_a_stale_one_is_refused(
    cast: Cast, as_officer: Client
) -> None:
    org = make_organisation(cast.bogota)
    url = f"{URL}{org.pk}/"
    assert send(as_officer, url, {"name": "No header"}, "patch").status_code == 428
    changed = send(as_officer, url, {"name": "Renamed"}, "patch", **{"If-Match": '"1"'})
    assert changed.status_code == 200, changed.content
    stale = send(as_officer, url, {"name": "Too late"}, "patch", **{"If-Match": '"1"'})
    assert stale.status_code == 412
    org.refresh_from_db()
    assert (org.name, org.version) == ("Renamed", 2)


def test_a_reader_may_not_change_it(cast: Cast) -> None:
    org = make_organisation(cast.bogota)
    reader = verified_client(cast.reader)
    response = send(reader, f"{URL}{org.pk}/", {"name": "Mine"}, "patch", **{"If-Match": '"1"'})
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name == "Women Peacebuilders Network"


def test_an_editor_may_not_lower_the_classification(cast: Cast, as_officer: Client) -> None:
    secret = restricted(cast.bogota)
    response = send(
        as_officer,
        f"{URL}{secret.pk}/",
        {"classification": "internal", "classification_reason": "Public"},
        "patch",
        **{"If-Match": '"1"'},
    )
    assert response.status_code == 403
    secret.refresh_from_db()
    assert secret.classification == "restricted"


def test_the_schema_describes_the_organisations(as_officer: Client) -> None:
    schema = as_officer.get("/api/schema/", {"format": "json"}).json()
    assert "/api/civil-society/organisations/{id}/" in schema["paths"]
