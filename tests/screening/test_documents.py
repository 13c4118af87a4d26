"""Screened documents: adding, screening now or in the background, failing cleanly, deleting."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.core import upload_files
from tests.personas import Cast, verified_client
from tests.screening import docs
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.screening import services
from wpsdesk.screening.models import STALLED_AFTER, ScreenedDocument, Source, Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media(settings: Any, tmp_path: Path) -> None:
    """Each test its own storage, so leftover files are this test's own."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def add(django_capture_on_commit_callbacks: Any) -> Any:
    """``services.add_document`` with what it leaves for after the commit run at once."""

    def add(**kwargs: Any) -> ScreenedDocument:
        with django_capture_on_commit_callbacks(execute=True):
            return services.add_document(**kwargs)

    return add


def upload(files: dict[str, Path], name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files[name].read_bytes())


def stored_uploads() -> list[str]:
    if not default_storage.exists(services.UPLOAD_DIR):
        return []
    return default_storage.listdir(services.UPLOAD_DIR)[1]


def test_pasted_text_is_screened_at_once(cast: Cast) -> None:
    document = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="",
        classification="internal",
        text=docs.AGREEMENT,
    )
    assert document.status == Status.DONE
    assert document.source == Source.PASTE
    assert document.title  # the first line when none is given
    assert document.findings_count > 0
    assert document.theme_ids and all(t in document.themes for t in document.theme_ids)
    data = document.result_data()
    assert data["findings"][0]["start"] < data["findings"][0]["end"]
    assert document.text[data["findings"][0]["start"] : data["findings"][0]["end"]]
    assert {p["id"] for p in data["provisions"]} == {f["provision"] for f in data["findings"]}
    assert SecurityEvent.objects.filter(kind="screening.document_added").count() == 1


@pytest.mark.parametrize("name", ["agreement.pdf", "agreement.docx", "points.html"])
def test_uploads_in_each_format_keep_only_their_text(
    add: Any, cast: Cast, files: dict[str, Path], name: str
) -> None:
    document = add(
        actor=cast.officer,
        unit=cast.bogota,
        title="Draft",
        classification="internal",
        upload=upload(files, name),
    )
    assert document.status == Status.DONE, document.error
    assert document.findings_count > 0
    assert document.upload_key == ""
    assert stored_uploads() == []
    raw = ScreenedDocument.objects.filter(pk=document.pk).values_list("text", flat=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM screening_screeneddocument WHERE id = %s", [document.pk])
        (stored,) = cursor.fetchone()
    assert "women" not in stored.lower()  # encrypted at rest
    assert "women" in raw[0].lower()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("encrypted.pdf", "encrypted"),
        ("scan.pdf", "no_text_layer"),
        ("bomb.docx", "archive_bomb"),
        ("truncated.pdf", "corrupt"),
        ("script.pdf", "active_content"),
    ],
)
def test_a_broken_file_fails_with_a_reason_and_leaves_nothing_behind(
    add: Any, cast: Cast, files: dict[str, Path], name: str, code: str
) -> None:
    document = add(
        actor=cast.officer,
        unit=cast.bogota,
        title="Broken",
        classification="internal",
        upload=upload(files, name),
    )
    assert document.status == Status.FAILED
    assert document.error_code == code
    assert document.error
    assert document.result == ""
    assert stored_uploads() == []


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("packed.pdf", upload_files.pdf_javascript_in_object_stream),
        ("escaped.pdf", upload_files.pdf_hex_escaped_launch),
        ("template.docx", upload_files.docx_remote_template),
        ("ole.docx", upload_files.docx_with_ole_object),
        ("ddeauto.docx", upload_files.docx_with_ddeauto_field),
    ],
)
def test_active_content_a_byte_scan_misses_is_refused_by_the_reader(
    add: Any, cast: Cast, name: str, build: Any
) -> None:
    """Object streams, escaped names, outside templates, OLE and DDE: found by parsing."""
    document = add(
        actor=cast.officer,
        unit=cast.bogota,
        title="Active",
        classification="internal",
        upload=SimpleUploadedFile(name, build()),
    )
    assert document.status == Status.FAILED
    assert document.error_code == "active_content"
    assert document.result == ""
    assert stored_uploads() == []


def test_unsupported_and_empty_inputs_are_refused_before_anything_is_stored(cast: Cast) -> None:
    for kwargs in (
        {"upload": SimpleUploadedFile("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 600)},
        {"upload": SimpleUploadedFile("empty.txt", b"  \n")},
        {"text": "   "},
        {"text": "a", "upload": SimpleUploadedFile("a.txt", b"a")},
    ):
        with pytest.raises(ValidationError):
            services.add_document(
                actor=cast.officer,
                unit=cast.bogota,
                title="x",
                classification="internal",
                **kwargs,  # type: ignore[arg-type]
            )
    assert ScreenedDocument.objects.count() == 0
    assert stored_uploads() == []


def test_people_outside_the_unit_or_read_only_may_not_add(cast: Cast) -> None:
    for person in (cast.reader, cast.outsider, cast.auditor, cast.coordinator):
        with pytest.raises(PermissionDenied):
            services.add_document(
                actor=person, unit=cast.bogota, title="x", classification="internal", text="Women."
            )
    assert ScreenedDocument.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_long_document_waits_for_a_worker_and_shows_progress(cast: Cast, settings: Any) -> None:
    """A real worker (the one `wpsdesk db_worker` runs) picks the committed job up."""
    settings.SCREENING_INLINE_BYTES = 10
    document = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Long",
        classification="internal",
        upload=SimpleUploadedFile("long.txt", docs.AGREEMENT.encode()),
    )
    document.refresh_from_db()
    assert document.status == Status.QUEUED
    assert document.progress == 0
    assert len(stored_uploads()) == 1
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    document.refresh_from_db()
    assert document.status == Status.DONE, document.error
    assert document.progress == 100
    assert document.findings_count > 0
    assert stored_uploads() == []


def test_rescreen_and_retype(cast: Cast) -> None:
    document = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="A",
        classification="internal",
        text=docs.AGREEMENT,
    )
    services.update_document(
        actor=cast.officer,
        document=document,
        title="Renamed",
        classification="restricted",
        chosen_type="mandate",
    )
    document.refresh_from_db()
    assert (document.title, document.detected_type, document.status) == (
        "Renamed",
        "mandate",
        Status.DONE,
    )
    with pytest.raises(PermissionDenied):
        services.rescreen(actor=cast.reader, document=document)


def test_delete_is_recorded(cast: Cast) -> None:
    document = services.add_document(
        actor=cast.officer, unit=cast.bogota, title="A", classification="internal", text="Women."
    )
    with pytest.raises(PermissionDenied):
        services.delete_document(actor=cast.reader, document=document)
    services.delete_document(actor=cast.officer, document=document)
    assert not ScreenedDocument.objects.exists()
    assert ScreenedDocument.history.filter(history_type="-").count() == 1
    assert SecurityEvent.objects.filter(kind="screening.document_deleted").count() == 1


def test_compare_two_drafts(cast: Cast) -> None:
    old = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="One",
        classification="internal",
        text=docs.AGREEMENT,
    )
    new = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Two",
        classification="internal",
        text=docs.DRAFT_TWO,
    )
    comparison = services.compare_documents(actor=cast.officer, old=old, new=new)
    assert comparison.changes
    with pytest.raises(PermissionDenied):
        services.compare_documents(actor=cast.outsider, old=old, new=new)


CANARY = "Kanarifugl7f3a9c"


@pytest.mark.django_db(transaction=True)
def test_no_plain_text_of_a_document_reaches_the_database_files(cast: Cast, tmp_path: Path) -> None:
    """The text and the findings that quote it are kept encrypted: a canary word in the text
    is found nowhere in the database file and its write-ahead log (SQLite) or a dump
    (PostgreSQL), including the history, the security log and the task queue."""
    document = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Canary test",
        classification="internal",
        text=f"Article 1. The Parties shall ensure the participation of women {CANARY}.",
    )
    assert document.status == Status.DONE and document.findings_count
    assert CANARY in document.text and CANARY in document.result
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        # The test database may live in memory: VACUUM INTO writes what a file would hold.
        copy = tmp_path / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        dumped = copy.read_bytes()
    else:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            pytest.skip("pg_dump is not installed")
        dumped = subprocess.run(
            [
                pg_dump,
                "--host",
                settings_dict["HOST"] or "127.0.0.1",
                "--port",
                str(settings_dict["PORT"] or 5432),
                "--username",
                settings_dict["USER"] or "postgres",
                settings_dict["NAME"],
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""},
        ).stdout
        assert b"screening_screeneddocument" in dumped
    assert b"Canary test" in dumped  # the title is plain, so the dump is the right one
    assert CANARY.encode() not in dumped


def test_a_failed_screening_is_on_its_adders_home_page(
    cast: Cast, files: dict[str, Path], add: Any
) -> None:
    add(
        actor=cast.officer,
        unit=cast.bogota,
        title="Scanned agreement",
        classification="internal",
        upload=upload(files, "scan.pdf"),
    )
    add(
        actor=cast.officer, unit=cast.bogota, title="Fine", classification="internal", text="Women."
    )
    page = verified_client(cast.officer).get("/").content.decode()
    assert "Could not be screened: Scanned agreement" in page
    assert "Could not be screened: Fine" not in page
    assert "Could not be screened" not in verified_client(cast.lead).get("/").content.decode()


def test_a_run_whose_worker_died_can_be_screened_again(cast: Cast, files: dict[str, Path]) -> None:
    """A run silent for longer than any screening takes is shown as stopped, with the button."""
    document = services.add_document(
        actor=cast.officer, unit=cast.bogota, title="A", classification="internal", text="Women."
    )
    long_ago = timezone.now() - STALLED_AFTER - dt.timedelta(minutes=1)
    ScreenedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING, progress=40, progress_at=long_ago
    )
    client = verified_client(cast.officer)
    page = client.get(f"/screening/{document.pk}/").content.decode()
    assert "stopped without finishing" in page
    assert f"/screening/{document.pk}/rescreen/" in page
    assert "hx-trigger" not in page  # no more polling
    ScreenedDocument.objects.filter(pk=document.pk).update(progress_at=timezone.now())
    page = client.get(f"/screening/{document.pk}/").content.decode()
    assert "stopped without finishing" not in page
    assert f"/screening/{document.pk}/rescreen/" not in page
    ScreenedDocument.objects.filter(pk=document.pk).update(progress_at=long_ago)
    assert client.post(f"/screening/{document.pk}/rescreen/").status_code == 302
    document.refresh_from_db()
    assert document.status == Status.DONE


def test_path_tricks_in_file_names_are_cleaned(cast: Cast) -> None:
    for raw in ("../../etc/evil.txt", "C:\\Windows\\evil.txt", "evil.txt\x00.exe"):
        document = services.add_document(
            actor=cast.officer,
            unit=cast.bogota,
            title="",
            classification="internal",
            upload=SimpleUploadedFile(raw, b"The Parties shall ensure the participation of women."),
        )
        assert "/" not in document.file_name and "\\" not in document.file_name
        assert "\x00" not in document.file_name
        assert document.file_name.startswith("evil")


def test_an_oversized_upload_is_refused_before_anything_is_stored(cast: Cast) -> None:
    big = SimpleUploadedFile("big.txt", b"women " * (services.limits().max_bytes // 6 + 10))
    with pytest.raises(ValidationError, match="limit"):
        services.add_document(
            actor=cast.officer, unit=cast.bogota, title="Big", classification="internal", upload=big
        )
    assert not ScreenedDocument.objects.exists()
    assert stored_uploads() == []


def test_an_unexpected_error_fails_the_document_not_the_request(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "screen_document", broken)
    document = services.add_document(
        actor=cast.officer, unit=cast.bogota, title="A", classification="internal", text="Women."
    )
    assert (document.status, document.error_code) == (Status.FAILED, "internal")
    assert "a bug" not in document.error  # no internals shown
    with pytest.raises(RuntimeError):  # a worker re-raises, so the job is marked failed
        ScreenedDocument.objects.filter(pk=document.pk).update(status=Status.QUEUED)
        services.run_screening(document.pk)
