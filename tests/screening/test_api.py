"""The screening API: real files in, the same rules and services as the pages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.screening import docs
from wpsdesk.api.services import api_token_create
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation.models import User
from wpsdesk.screening import services
from wpsdesk.screening.models import ScreenedDocument, Status

pytestmark = pytest.mark.django_db

DOCUMENTS = "/api/screening/documents/"
COMPARE = "/api/screening/compare/"
SCREEN = "/api/screening/screen/"


@pytest.fixture(autouse=True)
def own_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def post_json(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def upload(client: Client, url: str, path: Path, **fields: Any) -> Any:
    with path.open("rb") as handle:
        return client.post(url, {"file": handle, **fields})


def paste(cast: Cast, text: str = docs.AGREEMENT, **more: Any) -> ScreenedDocument:
    fields: dict[str, Any] = {
        "actor": cast.officer,
        "unit": cast.bogota,
        "title": "Agreement",
        "classification": "internal",
        **more,
    }
    return services.add_document(text=text, **fields)


def token_client(owner: User, *scopes: str) -> Client:
    _token, text = api_token_create(
        owner=owner, name="script", scopes=scopes, lifetime=dt.timedelta(days=1), actor=owner
    )
    return Client(headers={"Authorization": f"Bearer {text}"})


# --- adding documents ------------------------------------------------------------------


def test_a_pasted_text_is_added_screened_and_described(cast: Cast, as_officer: Client) -> None:
    response = post_json(
        as_officer,
        DOCUMENTS,
        {"unit": cast.bogota.pk, "title": "Draft one", "text": docs.AGREEMENT},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    document = ScreenedDocument.objects.get()
    assert response["Location"] == f"{DOCUMENTS}{document.pk}/"
    assert body["status"] == "done" and body["progress"] == 100
    assert body["unit"] == cast.bogota.pk and body["classification"] == "internal"
    assert body["source"] == "paste" and body["added_by"] == "officer"
    assert body["counts"]["findings"] == document.findings_count > 0
    assert body["counts"]["provisions"] == document.provisions_count
    assert body["document_type"] == "peace_agreement"
    assert set(body["themes"]) == set(document.theme_ids)
    assert body["links"]["exports"]["xlsx"] == f"/screening/{document.pk}/findings.xlsx"
    assert body["links"]["page"] == f"/screening/{document.pk}/"
    assert body["summary"]["gaps"]
    # A general reference ("women") is filed under each theme its sentence speaks of.
    assert len(body["findings"]) >= document.findings_count
    rape = [f for f in body["findings"] if f["text"].lower() == "rape"]
    assert rape and rape[0]["provision"].startswith("Article 2")
    assert rape[0]["theme_label"] and rape[0]["theme_label"] != rape[0]["theme"]


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("agreement.txt", "text", "Implementation Commission"),
        ("agreement.pdf", "pdf", "Rape is prohibited"),
        ("agreement.docx", "docx", "Widows shall receive pensions"),
        ("points.html", "html", None),
    ],
)
def test_uploads_of_each_format_are_screened(
    cast: Cast, as_officer: Client, files: dict[str, Path], name: str, fmt: str, expected: str
) -> None:
    response = upload(
        as_officer,
        DOCUMENTS,
        files[name],
        unit=cast.bogota.pk,
        classification="restricted",
        document_type="speaking_points" if fmt == "html" else "",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["file_format"], body["file_name"]) == ("done", fmt, name)
    assert body["classification"] == "restricted"
    assert body["counts"]["findings"] > 0
    document = ScreenedDocument.objects.get()
    if expected:
        assert expected in document.text
    if fmt == "html":
        assert body["chosen_type"] == body["document_type"] == "speaking_points"


# Each broken file is taken in (its bytes are a file of a supported kind) and then fails
# to screen, with the engine's reason kept on the document. Never a 500.
BROKEN = {
    "encrypted.pdf": "encrypted",
    "bomb.docx": "archive_bomb",
    "truncated.pdf": "corrupt",
    "script.pdf": "active_content",
    "binary.txt": "not_text",
    "macro.docx": "active_content",
    "scan.pdf": "no_text_layer",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_fail_with_the_engines_reason(
    cast: Cast, as_officer: Client, files: dict[str, Path], name: str
) -> None:
    response = upload(as_officer, DOCUMENTS, files[name], unit=cast.bogota.pk)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["error_code"]) == ("failed", BROKEN[name])
    assert body["findings"] == [] and body["summary"] is None
    assert "exports" not in body["links"]
    assert body["error"] and "Traceback" not in body["error"]
    assert ScreenedDocument.objects.get().error == body["error"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old-format Office"),
        ("draft.docm", b"PK\x03\x04" + b"\x00" * 200, "Macro-enabled Office files"),
        ("draft.pdf", b"Women shall participate.", "named as a PDF but is not one"),
    ],
)
def test_a_file_refused_by_its_kind_is_a_400_and_nothing_is_kept(
    cast: Cast, as_officer: Client, name: str, data: bytes, message: str
) -> None:
    response = as_officer.post(
        DOCUMENTS, {"unit": cast.bogota.pk, "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400, response.content
    assert message in " ".join(response.json()["detail"])
    assert not ScreenedDocument.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "The text is empty."),
        ({}, "Upload a file or give a text, not both."),
        ({"text": docs.AGREEMENT, "document_type": "novel"}, "is not a valid choice"),
        ({"text": docs.AGREEMENT, "classification": "secret"}, "is not a valid choice"),
        ({"text": docs.AGREEMENT, "unit": 999999}, "object does not exist"),
    ],
)
def test_bad_input_is_a_400_in_plain_words(
    cast: Cast, as_officer: Client, data: dict[str, Any], message: str
) -> None:
    response = post_json(as_officer, DOCUMENTS, {"unit": cast.bogota.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ScreenedDocument.objects.exists()


def test_a_file_and_a_text_together_are_refused(
    cast: Cast, as_officer: Client, files: dict[str, Path]
) -> None:
    response = upload(as_officer, DOCUMENTS, files["agreement.txt"], unit=cast.bogota.pk, text="x")
    assert response.status_code == 400
    assert "Upload a file or give a text, not both." in response.content.decode()


def test_a_large_text_is_queued_and_shows_its_progress(
    cast: Cast, as_officer: Client, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SCREENING_INLINE_BYTES = 100
    with django_capture_on_commit_callbacks() as queued:
        response = post_json(
            as_officer, DOCUMENTS, {"unit": cast.bogota.pk, "text": docs.AGREEMENT}
        )
    assert response.status_code == 201
    assert len(queued) == 1  # the job goes to the queue once the row is committed
    body = response.json()
    assert (body["status"], body["progress"], body["findings"]) == ("queued", 0, [])
    services.run_screening(body["id"])
    again = as_officer.get(f"{DOCUMENTS}{body['id']}/").json()
    assert again["status"] == "done" and again["findings"]


def test_nobody_adds_to_a_unit_they_may_not_write_in(
    cast: Cast, as_outsider: Client, as_reader: Client, as_coordinator: Client
) -> None:
    for client in (as_outsider, as_reader, as_coordinator):
        response = post_json(client, DOCUMENTS, {"unit": cast.bogota.pk, "text": docs.AGREEMENT})
        assert response.status_code == 403
    assert not ScreenedDocument.objects.exists()


# --- reading, filtering, deleting ------------------------------------------------------


def test_details_filter_findings_by_theme_and_weight(cast: Cast, as_reader: Client) -> None:
    document = paste(cast)
    url = f"{DOCUMENTS}{document.pk}/"
    everything = as_reader.get(url).json()["findings"]
    theme = everything[0]["theme"]
    only = as_reader.get(url, {"theme": theme}).json()["findings"]
    assert only and {f["theme"] for f in only} == {theme} and len(only) <= len(everything)
    passing = as_reader.get(url, {"weight": "passing"}).json()["findings"]
    substantive = as_reader.get(url, {"weight": "substantive"}).json()["findings"]
    assert passing and substantive and len(passing) + len(substantive) == len(everything)
    assert {f["weight"] for f in passing} == {"passing"}
    assert as_reader.get(url, {"weight": "heavy"}).status_code == 400
    assert as_reader.get(url, {"theme": "no_such_theme"}).status_code == 400


def test_another_units_document_is_404_everywhere(cast: Cast, as_outsider: Client) -> None:
    document = paste(cast)
    url = f"{DOCUMENTS}{document.pk}/"
    assert as_outsider.get(url).status_code == 404
    assert as_outsider.delete(url).status_code == 404
    assert as_outsider.get(DOCUMENTS).json()["count"] == 0
    assert ScreenedDocument.objects.filter(pk=document.pk).exists()


def test_readers_may_not_delete_editors_may(
    cast: Cast, as_reader: Client, as_coordinator: Client, as_officer: Client
) -> None:
    document = paste(cast)
    url = f"{DOCUMENTS}{document.pk}/"
    assert as_reader.delete(url).status_code == 403
    assert as_coordinator.delete(url).status_code == 403
    assert ScreenedDocument.objects.filter(pk=document.pk).exists()
    assert as_officer.delete(url).status_code == 204
    assert not ScreenedDocument.objects.filter(pk=document.pk).exists()
    event = SecurityEvent.objects.get(kind="screening.document_deleted")
    assert event.actor == cast.officer


def test_editors_rename_reclassify_and_retype_readers_may_not(
    cast: Cast, as_reader: Client, as_officer: Client
) -> None:
    document = paste(cast)
    url = f"{DOCUMENTS}{document.pk}/"
    change = {"title": "Mandate draft", "document_type": "mandate"}
    refused = as_reader.patch(url, json.dumps(change), content_type="application/json")
    assert refused.status_code == 403
    document.refresh_from_db()
    assert document.title == "Agreement"
    read = {"If-Match": as_officer.get(url)["ETag"]}
    bad = as_officer.patch(
        url,
        json.dumps({"classification": "secret"}),
        content_type="application/json",
        headers=read,
    )
    assert bad.status_code == 400
    answer = as_officer.patch(
        url, json.dumps(change), content_type="application/json", headers=read
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["title"] == "Mandate draft"
    assert body["status"] == "done"
    document.refresh_from_db()
    assert (document.title, document.detected_type) == ("Mandate draft", "mandate")
    assert SecurityEvent.objects.filter(kind="screening.document_changed").exists()


def test_editors_screen_a_document_again(cast: Cast, as_reader: Client, as_officer: Client) -> None:
    document = paste(cast)
    url = f"{DOCUMENTS}{document.pk}/rescreen/"
    assert as_reader.post(url).status_code == 403
    answer = as_officer.post(url)
    assert answer.status_code == 202
    assert answer.json()["status"] == "done"
    assert SecurityEvent.objects.filter(kind="screening.rescreened").count() == 1
    empty = ScreenedDocument.objects.create(
        unit=cast.bogota, title="Nothing kept", source="upload", status=Status.FAILED
    )
    refused = as_officer.post(f"{DOCUMENTS}{empty.pk}/rescreen/")
    assert refused.status_code == 400
    assert "Add it once more" in json.dumps(refused.json())


def test_anonymous_visitors_get_nothing(cast: Cast) -> None:
    document = paste(cast)
    anonymous = Client()
    assert anonymous.get(DOCUMENTS).status_code == 401
    assert anonymous.get(f"{DOCUMENTS}{document.pk}/").status_code == 401
    assert post_json(anonymous, SCREEN, {"text": docs.AGREEMENT}).status_code == 401
    ids = {"old": document.pk, "new": document.pk}
    assert post_json(anonymous, COMPARE, ids).status_code == 401


def test_the_list_filters_and_keeps_its_query_count_flat(
    cast: Cast, as_coordinator: Client, django_assert_num_queries: Any
) -> None:
    agreement = paste(cast, title="Peace agreement draft")
    paste(
        cast, text="The mission shall protect civilians.\n", title="Mandate", chosen_type="mandate"
    )
    services.add_document(
        actor=cast.outsider,
        unit=cast.amman,
        title="Restricted points",
        classification="restricted",
        text=docs.AGREEMENT,
    )
    with django_assert_num_queries(QUERIES_API_LIST):
        body = as_coordinator.get(DOCUMENTS).json()
    assert body["count"] == 2  # HQ reads internal documents, not Amman's restricted one
    assert [d["title"] for d in body["results"]] == ["Mandate", "Peace agreement draft"]
    theme = agreement.theme_ids[0]

    def titles(**query: Any) -> list[str]:
        return [d["title"] for d in as_coordinator.get(DOCUMENTS, query).json()["results"]]

    assert titles(theme=theme) == ["Peace agreement draft"]
    assert titles(q="MANDATE") == ["Mandate"]
    assert titles(type="peace_agreement") == ["Peace agreement draft"]
    assert titles(type="mandate") == ["Mandate"]
    assert titles(status="failed") == []
    assert titles(unit=cast.amman.pk) == []
    assert len(titles(unit=cast.bogota.pk)) == 2
    assert as_coordinator.get(DOCUMENTS, {"status": "lost"}).status_code == 400
    for n in range(6):
        paste(cast, title=f"Draft {n}")
    with django_assert_num_queries(QUERIES_API_LIST):
        assert as_coordinator.get(DOCUMENTS).json()["count"] == 8


# Session, person, second factor, unit roles, count, the page with units and people.
QUERIES_API_LIST = 6


# --- comparing -------------------------------------------------------------------------


def test_two_drafts_are_compared(cast: Cast, as_reader: Client) -> None:
    old = paste(cast, title="Draft one")
    new = paste(cast, text=docs.DRAFT_TWO, title="Draft two")
    response = post_json(as_reader, COMPARE, {"old": old.pk, "new": new.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["old"] == {"id": old.pk, "title": "Draft one", "unit": "test-bogota"}
    assert (body["added"], body["removed"], body["changed"]) == (1, 0, 2)
    by_status = {c["status"]: c for c in body["changes"]}
    assert "Female ex-combatants" in by_status["added"]["new_text"]
    changed = [c for c in body["changes"] if c["status"] == "changed"]
    protection = next(c for c in changed if "rape" in c["terms_removed"])
    assert protection["themes_removed"]
    ops = {w["op"] for c in changed for w in c["words"]}
    assert {"equal", "replace"} <= ops


def test_comparing_needs_two_readable_screened_documents(
    cast: Cast, as_officer: Client, as_outsider: Client
) -> None:
    old = paste(cast)
    new = paste(cast, text=docs.DRAFT_TWO)
    waiting = ScreenedDocument.objects.create(
        unit=cast.bogota, title="Waiting", source="paste", status=Status.QUEUED
    )
    ids = {"old": old.pk, "new": new.pk}
    assert post_json(as_outsider, COMPARE, ids).status_code == 404
    same = post_json(as_officer, COMPARE, {"old": old.pk, "new": old.pk})
    assert same.status_code == 400
    assert "Choose two different documents." in same.content.decode()
    queued = post_json(as_officer, COMPARE, {"old": old.pk, "new": waiting.pk})
    assert queued.status_code == 400
    assert "“Waiting” has not been screened yet." in queued.content.decode()
    assert post_json(as_officer, COMPARE, {"old": old.pk, "new": 999999}).status_code == 404
    assert post_json(as_officer, COMPARE, {"old": "one"}).status_code == 400


# --- screening without storing ---------------------------------------------------------


def test_a_text_is_screened_and_nothing_is_kept(cast: Cast, as_outsider: Client) -> None:
    response = post_json(
        as_outsider, SCREEN, {"text": docs.AGREEMENT, "document_type": "speaking_points"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["document_type"] == "speaking_points"
    assert body["findings"] and body["summary"]["gaps"] is not None
    assert "text" not in body["document"]
    assert not ScreenedDocument.objects.exists()


@pytest.mark.parametrize("name", ["agreement.pdf", "agreement.docx", "points.html"])
def test_files_are_screened_on_the_spot(
    cast: Cast, as_reader: Client, files: dict[str, Path], name: str
) -> None:
    response = upload(as_reader, SCREEN, files[name])
    assert response.status_code == 200, response.content
    assert response.json()["findings"]
    assert not ScreenedDocument.objects.exists()


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_screened_on_the_spot_are_a_400_with_the_engines_reason(
    cast: Cast, as_reader: Client, files: dict[str, Path], name: str
) -> None:
    response = upload(as_reader, SCREEN, files[name])
    assert response.status_code == 400, response.content
    assert response.json()["code"] == BROKEN[name]
    assert response.json()["detail"]


def test_screening_on_the_spot_has_a_size_limit(
    cast: Cast, as_reader: Client, files: dict[str, Path], settings: Any
) -> None:
    settings.SCREENING_API_MAX_BYTES = 200
    text = post_json(as_reader, SCREEN, {"text": docs.AGREEMENT})
    assert text.status_code == 400 and text.json()["code"] == "too_large"
    file = upload(as_reader, SCREEN, files["agreement.pdf"])
    assert file.status_code == 400 and file.json()["code"] == "too_large"
    assert "limit" in file.json()["detail"]


# --- tokens and scopes -----------------------------------------------------------------


def test_a_read_token_reads_screens_and_compares_but_adds_nothing(cast: Cast) -> None:
    old = paste(cast)
    new = paste(cast, text=docs.DRAFT_TWO)
    client = token_client(cast.officer, "read")
    assert client.get(DOCUMENTS).json()["count"] == 2
    assert post_json(client, SCREEN, {"text": docs.AGREEMENT}).status_code == 200
    assert post_json(client, COMPARE, {"old": old.pk, "new": new.pk}).status_code == 200
    refused = post_json(client, DOCUMENTS, {"unit": cast.bogota.pk, "text": docs.AGREEMENT})
    assert refused.status_code == 403
    assert "lacks the scope write" in refused.content.decode()
    assert client.delete(f"{DOCUMENTS}{old.pk}/").status_code == 403
    assert ScreenedDocument.objects.count() == 2


def test_a_write_only_token_adds_and_deletes_but_does_not_screen(cast: Cast) -> None:
    client = token_client(cast.officer, "write")
    response = post_json(client, DOCUMENTS, {"unit": cast.bogota.pk, "text": docs.AGREEMENT})
    assert response.status_code == 201
    refused = post_json(client, SCREEN, {"text": docs.AGREEMENT})
    assert refused.status_code == 403
    assert "lacks the scope read" in refused.content.decode()
    assert client.delete(response["Location"]).status_code == 204


def test_a_token_speaks_for_its_owner_only(cast: Cast) -> None:
    document = paste(cast)
    client = token_client(cast.outsider, "read", "write")
    assert client.get(f"{DOCUMENTS}{document.pk}/").status_code == 404
    assert client.delete(f"{DOCUMENTS}{document.pk}/").status_code == 404
    response = post_json(client, DOCUMENTS, {"unit": cast.bogota.pk, "text": docs.AGREEMENT})
    assert response.status_code == 403


def test_the_schema_describes_the_screening_endpoints(cast: Cast) -> None:
    schema = yaml.safe_load(verified_client(cast.officer).get(reverse("api:schema")).content)
    paths = schema["paths"]
    assert set(paths["/api/screening/documents/"]) >= {"get", "post"}
    assert set(paths["/api/screening/documents/{id}/"]) >= {"get", "delete"}
    assert "put" not in paths["/api/screening/documents/{id}/"]
    assert set(paths["/api/screening/compare/"]) == {"post"}
    assert set(paths["/api/screening/screen/"]) == {"post"}
    post = paths["/api/screening/documents/"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(post)


def test_the_schema_accepts_the_empty_stage_and_type_a_document_has(cast: Cast) -> None:
    document = paste(cast)
    body = token_client(cast.officer, "read").get(f"{DOCUMENTS}{document.pk}/").json()
    assert body["stage"] == "" and body["chosen_type"] == ""
    schema = yaml.safe_load(verified_client(cast.officer).get(reverse("api:schema")).content)
    fields = schema["components"]["schemas"]["DocumentDetail"]["properties"]
    for name, other in (("stage", "reading"), ("chosen_type", "mandate")):
        validator = jsonschema.Draft7Validator(fields[name])
        assert validator.is_valid(body[name]), name
        assert validator.is_valid(other), name
        assert not validator.is_valid("something else"), name


def test_an_id_too_large_for_the_database_is_a_400_not_a_500(cast: Cast) -> None:
    document = paste(cast)
    client = token_client(cast.officer, "read", "write")
    listed = client.get(DOCUMENTS, {"unit": 2**80})
    assert listed.status_code == 400 and "unit" in listed.json()
    compared = post_json(client, COMPARE, {"old": document.pk, "new": 2**80})
    assert compared.status_code == 400 and "new" in compared.json()
