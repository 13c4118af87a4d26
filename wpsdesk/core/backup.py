"""Backups you can restore: the database and the uploads, in one encrypted archive.

``create_backup`` takes a consistent copy of the database (SQLite's online backup API, or
``pg_dump`` of an exported snapshot for PostgreSQL), counts every table's rows in that
same copy, adds every file under ``MEDIA_ROOT`` (the sealed uploads) and a manifest, and
writes it all as one tar archive encrypted with the *backup key*.

``restore_backup`` refuses a database or media folder that is not empty, checks that this
code knows every migration the backup was made with, restores, and then checks that every
table holds exactly the rows the manifest counted.

The backup key (``WPSDESK_BACKUP_KEY``, 32 bytes in base64) is separate from the database
keys: a backup file holds encrypted fields still encrypted under the key ring, and the
archive itself under the backup key, so someone with a stolen backup and no keys reads
nothing, and the keys are kept elsewhere than the backups. Restoring needs the backup key
*and* the key ring and audit key the data was written with.

Archive format: ``MAGIC``, an 8-byte key fingerprint, a 7-byte random nonce prefix, then
chunks of at most ``CHUNK`` plaintext bytes, each a 4-byte length and AES-256-GCM
ciphertext. A chunk's nonce is the prefix, its 4-byte index and a last-chunk flag, and
the header is authenticated with every chunk, so reordered, altered, dropped or cut
chunks are all found.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

MAGIC = b"WPSDESK-BACKUP-1\n"
CHUNK = 1024 * 1024
FORMAT_VERSION = 1
DATABASE_SQLITE = "database.sqlite3"
DATABASE_PG = "database.pgdump"


class BackupError(Exception):
    """A backup cannot be made or restored; ``str()`` is one plain line for the operator."""


@dataclass(frozen=True)
class Manifest:
    """What the archive holds, written at backup time and checked at restore time."""

    created_at: str
    vendor: str
    tables: dict[str, int]
    migrations: list[tuple[str, str]]
    media_files: int

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT_VERSION,
                "created_at": self.created_at,
                "vendor": self.vendor,
                "tables": self.tables,
                "migrations": [list(m) for m in self.migrations],
                "media_files": self.media_files,
            },
            indent=1,
            sort_keys=True,
        ).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        data = json.loads(raw)
        if data.get("format") != FORMAT_VERSION:
            raise BackupError("This backup was written in a format this version cannot read.")
        return cls(
            created_at=str(data["created_at"]),
            vendor=str(data["vendor"]),
            tables={str(k): int(v) for k, v in data["tables"].items()},
            migrations=[(str(a), str(n)) for a, n in data["migrations"]],
            media_files=int(data["media_files"]),
        )


# --- the backup key and the encrypted stream -----------------------------------------------


def backup_key() -> bytes:
    """The 32-byte backup key from settings, refused if missing, short or reused."""
    raw = getattr(settings, "BACKUP_KEY", "") or ""
    if not raw:
        raise BackupError(
            "WPSDESK_BACKUP_KEY is not set. Make one with 'wpsdesk keys new' and keep it "
            "apart from the backups and from the database keys."
        )
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BackupError("WPSDESK_BACKUP_KEY is not valid base64.") from exc
    if len(key) != 32:
        raise BackupError("WPSDESK_BACKUP_KEY must be 32 bytes (base64 of 32 random bytes).")
    from wpsdesk.core.crypto import key_ring

    reused = (
        key in key_ring().keys.values()
        or key == str(getattr(settings, "AUDIT_HMAC_KEY", "")).encode()
    )
    if reused:
        raise BackupError(
            "WPSDESK_BACKUP_KEY must not be one of the database keys: use a key of its own."
        )
    return key


def _fingerprint(key: bytes) -> bytes:
    return hmac.new(key, b"wpsdesk-backup-key-id", hashlib.sha256).digest()[:8]


def encrypt_stream(source: IO[bytes], target: IO[bytes], key: bytes) -> None:
    """Encrypt ``source`` into ``target`` in authenticated chunks (see the module docstring)."""
    prefix = os.urandom(7)
    header = MAGIC + _fingerprint(key) + prefix
    target.write(header)
    aead = AESGCM(key)
    index = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        nonce = prefix + struct.pack(">IB", index, 1 if last else 0)
        sealed = aead.encrypt(nonce, chunk, header)
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        chunk = following
        index += 1


def decrypt_stream(source: IO[bytes], target: IO[bytes], key: bytes) -> None:
    """Decrypt what :func:`encrypt_stream` wrote; :class:`BackupError` on any change."""
    header = source.read(len(MAGIC) + 8 + 7)
    if not header.startswith(MAGIC) or len(header) != len(MAGIC) + 15:
        raise BackupError("This is not a wpsdesk backup file.")
    if not hmac.compare_digest(header[len(MAGIC) : len(MAGIC) + 8], _fingerprint(key)):
        raise BackupError("This backup was made with another backup key (WPSDESK_BACKUP_KEY).")
    prefix = header[-7:]
    aead = AESGCM(key)
    index = 0
    while True:
        size_bytes = source.read(4)
        if len(size_bytes) != 4:
            raise BackupError("The backup file is cut short: its last part is missing.")
        (size,) = struct.unpack(">I", size_bytes)
        sealed = source.read(size)
        if len(sealed) != size or size > CHUNK + 16:
            raise BackupError("The backup file is cut short or damaged.")
        for last in (0, 1):
            nonce = prefix + struct.pack(">IB", index, last)
            try:
                target.write(aead.decrypt(nonce, sealed, header))
            except InvalidTag:
                continue
            break
        else:
            raise BackupError("The backup file was altered or is damaged; nothing was restored.")
        if last:
            if source.read(1):
                raise BackupError("The backup file has data after its end; it was refused.")
            return
        index += 1


# --- the database --------------------------------------------------------------------------


def _connection(alias: str = "default") -> Any:
    return connections[alias]


def _tables(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = ANY(current_schemas(false))"
        )
    return sorted(row[0] for row in cursor.fetchall())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def count_rows(cursor: Any, vendor: str) -> dict[str, int]:
    """Every table's row count, read through ``cursor``."""
    counts = {}
    for table in _tables(cursor, vendor):
        # A table name read from the catalogue, quoted: not data from a person.
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608  # nosec B608
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore: the password never on a command line."""
    env = dict(os.environ)
    for setting, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        value = settings_dict.get(setting)
        if value:
            env[variable] = str(value)
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed; it is needed for PostgreSQL backups.")
    return path


def _dump_sqlite(settings_dict: dict[str, Any], target: Path) -> dict[str, int]:
    source = sqlite3.connect(str(settings_dict["NAME"]))
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)  # SQLite's online backup: a consistent copy while others write
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return count_rows(copy.cursor(), "sqlite")
    finally:
        copy.close()
        source.close()


def _dump_postgresql(connection: Any, target: Path) -> dict[str, int]:
    import psycopg

    given = connection.settings_dict
    params = {
        "dbname": given.get("NAME"),
        "user": given.get("USER") or None,
        "password": given.get("PASSWORD") or None,
        "host": given.get("HOST") or None,
        "port": given.get("PORT") or None,
        **{k: v for k, v in (given.get("OPTIONS") or {}).items() if k == "sslmode"},
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as snapshot:
        # One exported snapshot: the counts and pg_dump see the very same data.
        snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with snapshot.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            if row is None:  # pragma: no cover - PostgreSQL always answers
                raise BackupError("PostgreSQL exported no snapshot.")
            snapshot_id = str(row[0])
            counts = count_rows(cursor, "postgresql")
            done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot_id}",
                    f"--file={target}",
                ],
                env=_pg_env(connection.settings_dict),
                capture_output=True,
                check=False,
            )
        snapshot.rollback()
    if done.returncode != 0:
        raise BackupError("pg_dump failed: " + done.stderr.decode(errors="replace").strip()[-300:])
    return counts


def _applied_migrations(alias: str = "default") -> list[tuple[str, str]]:
    recorder = MigrationRecorder(_connection(alias))
    return sorted(recorder.applied_migrations())


# --- media ---------------------------------------------------------------------------------


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> Iterator[Path]:
    root = _media_root()
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


# --- create and restore --------------------------------------------------------------------


def default_output() -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return Path.cwd() / f"wpsdesk-{stamp}.backup"


def create_backup(output: Path, alias: str = "default") -> Manifest:
    """Write an encrypted archive of the database and the uploads to ``output``."""
    key = backup_key()
    connection = _connection(alias)
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    with tempfile.TemporaryDirectory(prefix="wpsdesk-backup-") as work:
        os.chmod(work, 0o700)  # the plain copy lives only here, only for this run
        folder = Path(work)
        if vendor == "sqlite":
            dump = folder / DATABASE_SQLITE
            tables = _dump_sqlite(connection.settings_dict, dump)
        else:
            dump = folder / DATABASE_PG
            tables = _dump_postgresql(connection, dump)
        archive_path = folder / "archive.tar.gz"
        with tarfile.open(archive_path, "w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            root = _media_root()
            media_files = 0
            for path in _media_files():
                try:
                    archive.add(path, arcname="media/" + path.relative_to(root).as_posix())
                except FileNotFoundError:
                    continue  # removed while the backup ran (its record went with it)
                media_files += 1
            manifest = Manifest(
                created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                vendor=vendor,
                tables=tables,
                migrations=_applied_migrations(alias),
                media_files=media_files,
            )
            raw = manifest.as_json()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as target, archive_path.open("rb") as source:
                encrypt_stream(source, target, key)
            partial.replace(output)  # a backup file is whole or absent
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


def _database_is_empty(alias: str) -> int:
    connection = _connection(alias)
    with connection.cursor() as cursor:
        return len(_tables(cursor, connection.vendor))


def _check_targets_empty(alias: str) -> None:
    tables = _database_is_empty(alias)
    if tables:
        raise BackupError(
            f"The database is not empty ({tables} tables). Restore only into a new, empty "
            "database; nothing was changed."
        )
    if any(True for _ in _media_files()):
        raise BackupError(
            f"The uploads folder {_media_root()} is not empty. Restore only into an empty "
            "folder; nothing was changed."
        )


def _check_migrations_known(manifest: Manifest) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [m for m in manifest.migrations if m not in known]
    if unknown:
        app, name = unknown[0]
        raise BackupError(
            f"This backup was made by a newer wpsdesk (migration {app}.{name} is unknown "
            "here). Restore it with the same or a newer version; nothing was changed."
        )


def _restore_sqlite(settings_dict: dict[str, Any], source_path: Path) -> None:
    connections.close_all()
    source = sqlite3.connect(str(source_path))
    target = sqlite3.connect(str(settings_dict["NAME"]))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_postgresql(settings_dict: dict[str, Any], source_path: Path) -> None:
    connections.close_all()
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={settings_dict['NAME']}",
            str(source_path),
        ],
        env=_pg_env(settings_dict),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(
            "pg_restore failed (nothing was restored): "
            + done.stderr.decode(errors="replace").strip()[-300:]
        )


def read_manifest(path: Path) -> Manifest:
    """Decrypt a backup just far enough to read its manifest (checks key and integrity)."""
    with tempfile.TemporaryDirectory(prefix="wpsdesk-restore-") as work:
        os.chmod(work, 0o700)
        archive_path = Path(work) / "archive.tar.gz"
        _decrypt_file(path, archive_path)
        with tarfile.open(archive_path, "r:gz") as archive:
            return _manifest_of(archive)


def _decrypt_file(path: Path, target_path: Path) -> None:
    key = backup_key()
    try:
        source_handle = path.open("rb")
    except OSError as exc:
        raise BackupError(f"The backup file cannot be opened: {exc.strerror}.") from exc
    with source_handle as source, target_path.open("wb") as target:
        decrypt_stream(source, target, key)


def _manifest_of(archive: tarfile.TarFile) -> Manifest:
    member = archive.extractfile("manifest.json")
    if member is None:
        raise BackupError("The backup has no manifest.")
    return Manifest.from_json(member.read())


def restore_backup(path: Path, alias: str = "default") -> Manifest:
    """Restore ``path`` into the empty database and uploads folder; check the row counts."""
    connection = _connection(alias)
    settings_dict = dict(connection.settings_dict)
    _check_targets_empty(alias)
    with tempfile.TemporaryDirectory(prefix="wpsdesk-restore-") as work:
        os.chmod(work, 0o700)
        folder = Path(work)
        archive_path = folder / "archive.tar.gz"
        _decrypt_file(path, archive_path)
        unpacked = folder / "unpacked"
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                manifest = _manifest_of(archive)
                # The "data" filter refuses absolute paths, "..", links out and devices.
                archive.extractall(unpacked, filter="data")  # nosec B202 - filtered
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError("The backup archive is damaged; nothing was restored.") from exc
        if manifest.vendor != connection.vendor:
            raise BackupError(
                f"This backup is of a {manifest.vendor} database; the configured database "
                f"is {connection.vendor}. Nothing was changed."
            )
        _check_migrations_known(manifest)
        if connection.vendor == "sqlite":
            _restore_sqlite(settings_dict, unpacked / DATABASE_SQLITE)
        else:
            _restore_postgresql(settings_dict, unpacked / DATABASE_PG)
        media_source = unpacked / "media"
        if media_source.is_dir():
            root = _media_root()
            for path_in in sorted(media_source.rglob("*")):
                if path_in.is_file():
                    destination = root / path_in.relative_to(media_source)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path_in, destination)
    connection = _connection(alias)
    with connection.cursor() as cursor:
        restored = count_rows(cursor, connection.vendor)
    if restored != manifest.tables:
        differing = sorted(
            t
            for t in set(restored) | set(manifest.tables)
            if restored.get(t) != manifest.tables.get(t)
        )
        raise BackupError(
            "The restored database differs from the backup's counts in: "
            + ", ".join(differing[:10])
        )
    restored_media = sum(1 for _ in _media_files())
    if restored_media != manifest.media_files:
        raise BackupError(
            f"{restored_media} upload files were restored; the backup holds {manifest.media_files}."
        )
    return manifest
