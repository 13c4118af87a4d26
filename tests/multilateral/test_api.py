"""The negotiation-file API: the same rules as the pages, If-Match on every change."""

from __future__ import annotations

import json

from django.urls import reverse

from tests.multilateral.factories import add_draft, document, forum, make_file, make_objective
from tests.personas import Cast, verified_client
from wpsdesk.multilateral.models import NegotiationFile

LIST = "/api/multilateral/files/"
QUERIES_API_LIST = 9


def _detail(file: NegotiationFile) -> str:
    return reverse("api:multilateral:file-detail", args=[file.pk])


def test_an_editor_opens_a_file_through_the_api(cast: Cast, as_officer) -> None:
    forum()
    body = {
        "unit": "test-bogota",
        "title": "API resolution",
        "kind": "resolution",
        "forum": "csw",
        "year": 2026,
        "allies": "Nordic group",
    }
    response = as_officer.post(LIST, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    file = NegotiationFile.objects.get()
    assert (file.forum.code, file.created_by) == ("csw", cast.officer)
    assert response.json()["status"] == "open"


def test_a_bad_year_is_a_400_and_nothing_is_written(cast: Cast, as_officer) -> None:
    forum()
    body = {"unit": "test-bogota", "title": "T", "kind": "resolution", "forum": "unsc", "year": 3}
    response = as_officer.post(LIST, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "year" in response.json()
    assert not NegotiationFile.objects.exists()


def test_opening_a_file_in_another_unit_is_refused(cast: Cast, as_outsider) -> None:
    forum()
    body = {
        "unit": "test-bogota",
        "title": "T",
        "kind": "resolution",
        "forum": "unsc",
        "year": 2026,
    }
    response = as_outsider.post(LIST, json.dumps(body), content_type="application/json")
    assert response.status_code == 403
    assert not NegotiationFile.objects.exists()


def test_a_change_needs_if_match_and_a_stale_one_is_refused(cast: Cast, as_officer) -> None:
    file = make_file(cast.bogota)
    url = _detail(file)
    body = json.dumps({"status": "adopted"})
    assert as_officer.patch(url, body, content_type="application/json").status_code == 428
    etag = as_officer.get(url)["ETag"]
    assert etag == f'"{file.version}"'
    response = as_officer.patch(
        url, body, content_type="application/json", headers={"If-Match": etag}
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    stale = as_officer.patch(
        url,
        json.dumps({"summary": "late"}),
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    assert NegotiationFile.objects.get().summary == ""


def test_a_file_cannot_move_to_another_unit(cast: Cast, as_officer) -> None:
    file = make_file(cast.bogota)
    url = _detail(file)
    response = as_officer.patch(
        url,
        json.dumps({"unit": "test-amman"}),
        content_type="application/json",
        headers={"If-Match": f'"{file.version}"'},
    )
    assert response.status_code == 400
    assert NegotiationFile.objects.get().unit == cast.bogota


def test_lowering_the_classification_takes_the_lead(cast: Cast, as_officer) -> None:
    file = make_file(cast.bogota, classification="restricted")
    response = as_officer.patch(
        _detail(file),
        json.dumps({"classification": "internal"}),
        content_type="application/json",
        headers={"If-Match": f'"{file.version}"'},
    )
    assert response.status_code == 403
    assert NegotiationFile.objects.get().classification == "restricted"


def test_the_list_holds_what_the_person_may_see_with_a_flat_query_count(
    cast: Cast, as_reader, django_assert_num_queries
) -> None:
    def file_with_parts(title: str, **more: object) -> NegotiationFile:
        file = make_file(cast.bogota, title=title, **more)
        make_objective(file)
        add_draft(file, document(cast.bogota), 1)
        return file

    file_with_parts("Open file")
    closed = file_with_parts("Closed file", classification="restricted")
    with django_assert_num_queries(QUERIES_API_LIST):
        response = as_reader.get(LIST)
    assert [f["title"] for f in response.json()["results"]] == ["Open file"]
    for n in range(10):
        file_with_parts(f"File {n}")
    with django_assert_num_queries(QUERIES_API_LIST):
        response = as_reader.get(LIST)
    assert response.json()["count"] == 11
    assert as_reader.get(_detail(closed)).status_code == 404
    assert verified_client(cast.officer).get(_detail(closed)).status_code == 200


def test_the_detail_shows_objectives_and_only_readable_drafts(cast: Cast, as_reader) -> None:
    file = make_file(cast.bogota)
    make_objective(file, objective="Women mediators")
    add_draft(file, document(cast.bogota, "Open draft"), 1)
    add_draft(file, document(cast.bogota, "Closed draft", classification="restricted"), 2)
    data = as_reader.get(_detail(file)).json()
    assert [o["objective"] for o in data["objectives"]] == ["Women mediators"]
    assert [d["title"] for d in data["drafts"]] == ["Open draft"]


def test_filters_narrow_the_list_and_a_bad_one_is_a_400(cast: Cast, as_officer) -> None:
    make_file(cast.bogota, title="A", year=2025)
    make_file(cast.bogota, title="B", kind="budget")
    titles = lambda q: [f["title"] for f in as_officer.get(LIST, q).json()["results"]]  # noqa: E731
    assert titles({"year": 2025}) == ["A"]
    assert titles({"kind": "budget"}) == ["B"]
    assert titles({"q": "b"}) == ["B"]
    assert as_officer.get(LIST, {"year": "x"}).status_code == 400
