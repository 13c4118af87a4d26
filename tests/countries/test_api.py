"""The countries API: the list, one country, and the records through their own endpoints,
with the same rules as the pages and If-Match on changes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.countries.factories import follow_up, law, recommendation
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_the_list_and_one_country(cast: Cast, as_officer: Client) -> None:
    rec = recommendation(cast.bogota)
    follow_up(rec)
    recommendation(cast.bogota, text="Restricted one", classification="restricted")
    body = as_officer.get(reverse("api:countries:country-list"), {"q": "norge"}).json()
    assert [row["code"] for row in body["results"]] == ["NO"]
    body = as_officer.get(reverse("api:countries:country-detail", args=["CO"])).json()
    assert body["name"] == "Colombia"
    assert body["covering_units"] == ["test-bogota"]
    texts = [r["text"] for r in body["recommendations"]]
    assert rec.text in texts and "Restricted one" in texts  # the officer is cleared
    mine = next(r for r in body["recommendations"] if r["id"] == rec.pk)
    assert mine["made_by_norway"] is True
    assert mine["follow_ups"][0]["status"] == "in_progress"
    assert as_officer.get("/api/countries/XX/").status_code == 404


def test_a_reader_without_clearance_gets_no_restricted_record(
    cast: Cast, as_reader: Client
) -> None:
    recommendation(cast.bogota, text="Open one")
    recommendation(cast.bogota, text="Restricted one", classification="restricted")
    body = as_reader.get(reverse("api:countries:country-detail", args=["CO"])).json()
    texts = [r["text"] for r in body["recommendations"]]
    assert "Open one" in texts and "Restricted one" not in texts
    listing = as_reader.get(reverse("api:countries:recommendations-list"), {"country": "CO"})
    assert [r["text"] for r in listing.json()["results"]] == ["Open one"]


def test_a_change_needs_if_match_and_the_right(
    cast: Cast, as_officer: Client, as_reader: Client, as_outsider: Client
) -> None:
    record = law(cast.bogota)
    url = reverse("api:countries:legislation-detail", args=[record.pk])
    etag = as_officer.get(url)["ETag"]
    assert as_officer.patch(url, {"note": "x"}, content_type="application/json").status_code == 428
    response = as_officer.patch(
        url, {"note": "Tabled in May"}, content_type="application/json", headers={"If-Match": etag}
    )
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.note == "Tabled in May"
    assert (
        as_reader.patch(
            url, {"note": "no"}, content_type="application/json", headers={"If-Match": etag}
        ).status_code
        == 403
    )
    assert (
        as_outsider.patch(
            url, {"note": "no"}, content_type="application/json", headers={"If-Match": etag}
        ).status_code
        == 404
    )
    moved = as_officer.patch(
        url,
        {"country": "JO"},
        content_type="application/json",
        headers={"If-Match": f'"{record.version}"'},
    )
    assert moved.status_code == 400


def test_adding_needs_a_unit_covering_the_country(
    cast: Cast, as_officer: Client, as_outsider: Client
) -> None:
    url = reverse("api:countries:legislation-list")
    body = {
        "unit": "test-bogota",
        "country": "CO",
        "title": "Law 1257",
        "kind": "protective",
        "status": "in_force",
    }
    assert as_officer.post(url, body, content_type="application/json").status_code == 201
    body_jo = {**body, "country": "JO"}
    assert as_officer.post(url, body_jo, content_type="application/json").status_code == 403
    amman = {**body, "unit": "test-amman"}
    assert as_outsider.post(url, amman, content_type="application/json").status_code == 403
    ok = {**amman, "country": "JO"}
    assert as_outsider.post(url, ok, content_type="application/json").status_code == 201
