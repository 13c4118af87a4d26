"""The canary: a distinctive string in a person's name, notes, log and uploaded file is
found in no database file, dump, table (history and search index included), log line,
cache or temporary file – on SQLite and on PostgreSQL.

The code name is plain by design; finding it where the canary is not found shows that
each place searched is the right one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import locmem
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from tests.database_switch import is_sqlite, sqlite_file
from tests.people_at_risk.factories import grant
from tests.personas import Cast, reauthenticated_client, verified_client
from wpsdesk.people_at_risk.models import PersonAtRisk

CANARY = "Quillwort7e1dCanary"
CODE = "CODE-LAPWING"


def _every_table_as_text() -> bytes:
    """Every row of every table, as text: what a SELECT of the whole database shows."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from introspection)
            for row in cursor.fetchall():
                chunks.append(repr(row))
    return "\n".join(chunks).encode()


def _database_bytes(tmp_path: Path, path: Path | None) -> bytes:
    """The database as stored: the SQLite file and its write-ahead log, or a pg_dump."""
    if path is not None:
        found = b""
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-journal")):
            if name.exists():
                found += name.read_bytes()
        return found
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    settings_dict = connection.settings_dict
    return subprocess.run(
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


def _files_under(directory: Path) -> bytes:
    found = b""
    for root, _dirs, names in os.walk(directory):
        for name in names:
            with contextlib.suppress(OSError):
                found += Path(root, name).read_bytes()
    return found


def _cache_bytes() -> bytes:
    for alias in settings.CACHES:
        caches[alias]
    return b"".join(pickle.dumps(dict(store)) for store in locmem._caches.values())


@contextlib.contextmanager
def _database(tmp_path: Path) -> Iterator[Path | None]:
    """SQLite: a real file in WAL mode (the test database lives in memory); PostgreSQL as is."""
    if is_sqlite():
        with sqlite_file(tmp_path) as path:
            yield path
    else:
        yield None


@pytest.mark.django_db(transaction=True)
def test_the_canary_is_found_nowhere_at_rest(
    cast: Cast, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    media_before = (
        set(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else set()
    )

    with _database(tmp_path) as path:
        connection.force_debug_cursor = True  # every statement and its parameters are logged
        try:
            officer = verified_client(cast.officer)
            made = officer.post(
                reverse("people_at_risk:create"),
                {
                    "code_name": CODE,
                    "role": "defender",
                    "country": "CO",
                    "real_name": f"Ada {CANARY}",
                    "contact": f"{CANARY}@example.invalid",
                    "notes": f"Lives near {CANARY}",
                    "consent_scope": f"Agreed {CANARY}",
                },
            )
            assert made.status_code == 302
            person = PersonAtRisk.objects.get(code_name=CODE)
            grant(person, cast.lead, by=cast.officer, approver=cast.reader)
            lead = reauthenticated_client(cast.lead)
            assert (
                lead.post(
                    reverse("people_at_risk:event_add", args=[person.pk]),
                    {
                        "event-occurred_on": "2026-01-02",
                        "event-kind": "threat",
                        "event-severity": "high",
                        "event-source": "person",
                        "event-reliability": "confirmed",
                        "event-description": f"Letter signed {CANARY}",
                    },
                ).status_code
                == 302
            )
            upload = SimpleUploadedFile(
                f"{CANARY}.txt", f"We know where {CANARY} lives.".encode(), "text/plain"
            )
            assert (
                lead.post(
                    reverse("people_at_risk:file_add", args=[person.pk]), {"file-upload": upload}
                ).status_code
                == 302
            )
            # Reading, searching and exporting it: each shows the canary to the grant holder…
            assert CANARY in lead.get(person.get_absolute_url()).content.decode()
            found = lead.post(reverse("people_at_risk:name_search"), {"name": f"ada {CANARY}"})
            assert CODE in found.content.decode()
            export = lead.post(reverse("people_at_risk:export", args=[person.pk]))
            assert CANARY in export.content.decode()
            assert CODE in lead.get(reverse("people_at_risk:list")).content.decode()
            lead.get(reverse("core:home"))

            # …and none of it stays anywhere at rest.
            stored = _database_bytes(tmp_path, path)
            assert CODE.encode() in stored  # the right database
            assert CANARY.encode() not in stored
            tables = _every_table_as_text()
            assert CODE.encode() in tables
            assert CANARY.encode() not in tables
            # The history tables are among them, and hold the record.
            history = PersonAtRisk.history.filter(id=person.pk)  # type: ignore[attr-defined]
            assert history.exists()
        finally:
            connection.force_debug_cursor = False

    logged = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    assert "people_at_risk_personatrisk" in logged  # statements were logged, with parameters
    assert CANARY not in logged
    assert CANARY.encode() not in _cache_bytes()
    assert CANARY.encode() not in _files_under(temporary)
    media_after = set(Path(settings.MEDIA_ROOT).rglob("*"))
    new_files = [p for p in media_after - media_before if p.is_file()]
    assert new_files  # the sealed upload is there
    assert all(CANARY.encode() not in p.read_bytes() for p in new_files)
