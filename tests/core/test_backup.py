"""Backups you can restore: the drill (backup → restore into an empty database → checks),
and the refusals (a non-empty database, another key, an altered or cut file)."""

from __future__ import annotations

import io
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from tests.core import upload_files
from tests.personas import Cast
from tests.planning.factories import load_guidelines, make_chain
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.core import backup
from wpsdesk.core.crypto import key_ring
from wpsdesk.planning import services as planning
from wpsdesk.screening.models import ScreenedDocument, Source, Status

CANARY = "CANARY mediator's notes: meeting in the back room"


def _cli_env(database_url: str, media: Path) -> dict[str, str]:
    """The command line as an operator runs it: the same apps and keys, the new place."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WPSDESK_TEST", "DJANGO"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.core.restore_settings",
        WPSDESK_DEV="1",
        DATABASE_URL=database_url,
        WPSDESK_MEDIA_ROOT=str(media),
        WPSDESK_SECRET_KEY=django_settings.SECRET_KEY,
        WPSDESK_ENCRYPTION_KEYS=django_settings.ENCRYPTION_KEYS,
        WPSDESK_AUDIT_KEY=django_settings.AUDIT_HMAC_KEY,
        WPSDESK_BACKUP_KEY=django_settings.BACKUP_KEY,
    )
    return env


def _wpsdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wpsdesk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A new, empty database of the suite's kind: its URL and a DB-API connection maker."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(str(path))
        return
    import psycopg

    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.fail("pg_dump and pg_restore are needed for the PostgreSQL backup drill")
    given = connection.settings_dict
    params = {
        "user": given.get("USER") or None,
        "password": given.get("PASSWORD") or None,
        "host": given.get("HOST") or None,
        "port": given.get("PORT") or None,
    }
    params = {k: v for k, v in params.items() if v is not None}
    name = f"{given['NAME']}_restore_{secrets.token_hex(4)}"[:63]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = given.get("USER") or ""
    password = f":{given['PASSWORD']}" if given.get("PASSWORD") else ""
    host = given.get("HOST") or "localhost"
    port = f":{given['PORT']}" if given.get("PORT") else ""
    url = f"postgres://{user}{password}@{host}{port}/{name}"
    try:
        yield url, lambda: psycopg.connect(dbname=name, **params)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_the_backup_drill_restores_everything_into_an_empty_database(
    cast: Cast, tmp_path: Path, settings: Any, empty_target: tuple[str, Any]
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # A representative subset of real use: people and units, a plan with a stored upload,
    # an encrypted field, security events.
    load_guidelines()
    chain = make_chain(cast.bogota, cast.officer)
    evidence = planning.evidence_add(
        actor=cast.officer,
        activity=chain.activity,
        upload=SimpleUploadedFile("photo.jpg", upload_files.jpeg_with_gps()),
    )
    document = ScreenedDocument.objects.create(
        unit=cast.bogota,
        classification="internal",
        title="Notes",
        source=Source.PASTE,
        file_format="text",
        status=Status.DONE,
        text=CANARY,
        added_by=cast.officer,
    )
    call_command("audit", "verify", stdout=io.StringIO())
    with connection.cursor() as cursor:
        before = backup.count_rows(cursor, connection.vendor)
    assert before["organisation_user"] > 0 and before["audit_securityevent"] > 0
    plan_before = io.StringIO()
    call_command("showmigrations", "--plan", stdout=plan_before)

    archive = tmp_path / "backups" / "drill.backup"
    out = io.StringIO()
    call_command("backup", "create", "--output", str(archive), stdout=out)
    assert "Backup written" in out.getvalue()
    assert (archive.stat().st_mode & 0o777) == 0o600
    assert CANARY.encode() not in archive.read_bytes()
    assert SecurityEvent.objects.filter(kind="backup.created").count() == 1

    url, connect = empty_target
    restored_media = tmp_path / "restored-media"
    env = _cli_env(url, restored_media)
    done = _wpsdesk(env, "backup", "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "every row count checked" in done.stdout

    verified = _wpsdesk(env, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert "intact" in verified.stdout
    plan_after = _wpsdesk(env, "showmigrations", "--plan")
    assert plan_after.returncode == 0, plan_after.stderr
    assert plan_after.stdout == plan_before.getvalue()
    assert "[ ]" not in plan_after.stdout
    check = _wpsdesk(env, "makemigrations", "--check", "--dry-run")
    assert check.returncode == 0, check.stdout + check.stderr

    target = connect()
    try:
        cursor = target.cursor()
        vendor = "sqlite" if isinstance(target, sqlite3.Connection) else "postgresql"
        assert backup.count_rows(cursor, vendor) == before  # every table, every row
        marker = "?" if vendor == "sqlite" else "%s"
        cursor.execute(
            f"SELECT text FROM screening_screeneddocument WHERE id = {marker}",  # noqa: S608
            [document.pk],
        )
        (sealed,) = cursor.fetchone()
    finally:
        target.close()
    assert CANARY not in sealed  # still encrypted at rest in the restored database
    assert key_ring().decrypt(sealed) == CANARY  # and opened with the kept keys

    copied = restored_media / evidence.file_key
    assert copied.read_bytes() == (settings.MEDIA_ROOT / evidence.file_key).read_bytes()

    again = _wpsdesk(env, "backup", "restore", str(archive))
    assert again.returncode != 0
    assert "not empty" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_database_in_use_is_refused_and_changes_nothing(
    cast: Cast, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "x.backup"
    call_command("backup", "create", "--output", str(archive), stdout=io.StringIO())
    users = cast.officer.__class__.objects.count()
    with pytest.raises(CommandError, match="database is not empty"):
        call_command("backup", "restore", str(archive))
    assert cast.officer.__class__.objects.count() == users


def test_a_missing_or_reused_backup_key_is_refused(settings: Any) -> None:
    settings.BACKUP_KEY = ""
    with pytest.raises(backup.BackupError, match="not set"):
        backup.backup_key()
    settings.BACKUP_KEY = "c2hvcnQ="
    with pytest.raises(backup.BackupError, match="32 bytes"):
        backup.backup_key()
    settings.BACKUP_KEY = settings.ENCRYPTION_KEYS.split(",")[0].split(":", 1)[1]
    with pytest.raises(backup.BackupError, match="not be one of the database keys"):
        backup.backup_key()


def _sealed(data: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    backup.encrypt_stream(io.BytesIO(data), out, key)
    return out.getvalue()


def _opened(blob: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    backup.decrypt_stream(io.BytesIO(blob), out, key)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 10, backup.CHUNK, backup.CHUNK * 2 + 7])
def test_the_archive_stream_round_trips(size: int) -> None:
    key = os.urandom(32)
    data = os.urandom(size)
    blob = _sealed(data, key)
    assert data[:64] not in blob or size == 0
    assert _opened(blob, key) == data


def test_another_key_an_altered_byte_a_cut_tail_or_a_dropped_chunk_are_refused() -> None:
    key = os.urandom(32)
    data = os.urandom(backup.CHUNK * 2 + 100)
    blob = _sealed(data, key)
    with pytest.raises(backup.BackupError, match="another backup key"):
        _opened(blob, os.urandom(32))
    altered = bytearray(blob)
    altered[len(blob) // 2] ^= 1
    with pytest.raises(backup.BackupError, match="altered"):
        _opened(bytes(altered), key)
    header = len(backup.MAGIC) + 15
    first = 4 + backup.CHUNK + 16
    with pytest.raises(backup.BackupError, match="cut short"):
        _opened(blob[: header + 2 * first], key)  # the last chunk is gone
    with pytest.raises(backup.BackupError, match="altered"):
        _opened(blob[:header] + blob[header + first :], key)  # the first chunk is gone
    with pytest.raises(backup.BackupError, match="not a wpsdesk backup"):
        _opened(b"PK\x03\x04" + blob, key)


@pytest.mark.django_db
def test_without_a_backup_key_the_command_says_so_in_one_line_and_writes_nothing(
    tmp_path: Path, settings: Any
) -> None:
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="WPSDESK_BACKUP_KEY is not set"):
        call_command("backup", "create", "--output", str(tmp_path / "x.backup"))
    assert not list(tmp_path.iterdir())
