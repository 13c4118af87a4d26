"""The peace-process API: the same rules as the pages, If-Match on every change."""

from __future__ import annotations

import json

from django.urls import reverse

from tests.personas import Cast
from tests.processes.factories import make_process
from wpsdesk.processes.models import PeaceProcess

LIST = "/api/processes/"
QUERIES_API_LIST = 8


def _detail(process: PeaceProcess) -> str:
    return reverse("api:processes:process-detail", args=[process.pk])


def test_an_editor_records_a_process_through_the_api(cast: Cast, as_officer) -> None:
    body = {
        "unit": "test-bogota",
        "name": "API talks",
        "countries": ["co", "VE"],
        "phase": "negotiation",
        "norway_role": "facilitator",
        "contributing_units": ["test-amman"],
    }
    response = as_officer.post(LIST, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    process = PeaceProcess.objects.get()
    assert process.countries == "CO,VE"
    assert response.json()["countries"] == ["CO", "VE"]
    assert response.json()["phases"][0]["phase"] == "negotiation"


def test_an_unknown_country_is_a_400_and_nothing_is_written(cast: Cast, as_officer) -> None:
    body = {"unit": "test-bogota", "name": "T", "countries": ["XX"], "phase": "negotiation"}
    response = as_officer.post(LIST, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "not a country code" in response.content.decode()
    assert not PeaceProcess.objects.exists()


def test_recording_in_another_unit_is_refused(cast: Cast, as_outsider) -> None:
    body = {"unit": "test-bogota", "name": "T", "phase": "negotiation"}
    response = as_outsider.post(LIST, json.dumps(body), content_type="application/json")
    assert response.status_code == 403
    assert not PeaceProcess.objects.exists()


def test_a_change_needs_if_match_and_a_stale_one_is_refused(cast: Cast, as_officer) -> None:
    process = make_process(cast.bogota, phase="negotiation")
    url = _detail(process)
    body = json.dumps({"phase": "ceasefire"})
    assert as_officer.patch(url, body, content_type="application/json").status_code == 428
    etag = as_officer.get(url)["ETag"]
    assert etag == f'"{process.version}"'
    response = as_officer.patch(
        url, body, content_type="application/json", headers={"If-Match": etag}
    )
    assert response.status_code == 200
    assert [p["phase"] for p in response.json()["phases"]] == ["ceasefire", "negotiation"]
    stale = as_officer.patch(
        url,
        json.dumps({"summary": "late"}),
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert stale.status_code == 412
    process.refresh_from_db()
    assert process.summary == "" and process.phase == "ceasefire"


def test_a_restricted_process_of_another_unit_is_404_and_a_reader_may_not_change(
    cast: Cast, as_outsider, as_reader
) -> None:
    process = make_process(cast.bogota, classification="restricted")
    assert as_outsider.get(_detail(process)).status_code == 404
    open_one = make_process(cast.bogota, name="Open")
    response = as_reader.patch(
        _detail(open_one),
        json.dumps({"summary": "x"}),
        content_type="application/json",
        headers={"If-Match": f'"{open_one.version}"'},
    )
    assert response.status_code == 403


def test_an_editor_may_not_lower_the_classification_through_the_api(cast: Cast, as_officer) -> None:
    process = make_process(cast.bogota, classification="restricted")
    response = as_officer.patch(
        _detail(process),
        json.dumps({"classification": "internal", "classification_reason": "Old"}),
        content_type="application/json",
        headers={"If-Match": f'"{process.version}"'},
    )
    assert response.status_code == 403
    process.refresh_from_db()
    assert process.classification == "restricted"


def test_the_list_filters_and_has_a_flat_query_count(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    make_process(cast.bogota, name="A", phase="ceasefire")
    as_officer.get(LIST)
    with django_assert_num_queries(QUERIES_API_LIST):
        as_officer.get(LIST)
    for n in range(10):
        make_process(cast.bogota, name=f"B{n}", contributing=[cast.amman])
    with django_assert_num_queries(QUERIES_API_LIST):
        response = as_officer.get(LIST, {"phase": "ceasefire"})
    assert [p["name"] for p in response.json()["results"]] == ["A"]
    assert as_officer.get(LIST, {"country": "nowhere"}).status_code == 400
