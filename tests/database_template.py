"""Start each test worker's database from one migrated template instead of migrating it.

Migrating an empty database takes about a minute of CPU (Django renders the project state
again for each migration), and every xdist worker paid it once per pass. ``make test``
migrates one template per database engine first, beside the lint and type checks
(``python -m tests.database_template build``), and passes its name in
``WPSDESK_TEST_TEMPLATE``; each worker then copies it:

* SQLite: the template file is copied into the worker's in-memory test database with
  SQLite's backup API;
* PostgreSQL: the worker's test database is created with ``CREATE DATABASE … TEMPLATE``.

Django's own test database setup then runs ``migrate`` as always, which finds nothing left
to apply (a migration added after the template was built would still be applied). Without
``WPSDESK_TEST_TEMPLATE`` nothing changes: each worker migrates its own database.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

#: SQLite connections that keep the in-memory test databases alive for the whole session.
_KEPT: list[sqlite3.Connection] = []


def template_name() -> str:
    """The template named by ``WPSDESK_TEST_TEMPLATE`` (a file for SQLite, a database name
    for PostgreSQL), or an empty string."""
    return os.environ.get("WPSDESK_TEST_TEMPLATE", "").strip()


def _maintenance_connection(settings_dict: dict[str, Any]) -> Any:
    """An autocommit connection to PostgreSQL's ``postgres`` database (CREATE DATABASE
    cannot run in a transaction, nor in the database it copies)."""
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    )


def start_from_template(template: str) -> None:
    """Fill this worker's test database from ``template`` before Django sets it up."""
    from django.db import connections

    connection = connections["default"]
    test_name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        if not Path(template).is_file():
            raise RuntimeError(f"The test database template {template} does not exist.")
        if not connection.creation.is_in_memory_db(test_name):
            raise RuntimeError("A test database template is for in-memory SQLite test databases.")
        target = sqlite3.connect(test_name, uri=True)
        source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
        try:
            source.backup(target)
        finally:
            source.close()
        _KEPT.append(target)
        return
    if connection.vendor != "postgresql":
        raise RuntimeError(f"No test database template for {connection.vendor}.")
    from psycopg import sql

    with _maintenance_connection(connection.settings_dict) as maintenance:
        maintenance.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(test_name)))
        maintenance.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(test_name), sql.Identifier(template)
            )
        )


def build(template: str) -> None:
    """Migrate a new template from empty (run with the test settings; see the module doc)."""
    import django
    from django.core.management import call_command
    from django.db import connections

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    if os.environ.get("WPSDESK_TEST_DB") != "postgresql":
        path = Path(template)
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["WPSDESK_TEST_SQLITE_FILE"] = str(path)
        django.setup()
        call_command("migrate", interactive=False, verbosity=0)
        with connections["default"].cursor() as cursor:  # one self-contained file to copy
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("PRAGMA journal_mode=DELETE")
        connections.close_all()
        return
    django.setup()
    from psycopg import sql

    settings_dict = connections["default"].settings_dict
    with _maintenance_connection(settings_dict) as maintenance:
        # A template that someone is connected to cannot be copied; none should be.
        maintenance.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(template)))
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
    settings_dict["NAME"] = template
    connections["default"].close()
    call_command("migrate", interactive=False, verbosity=0)
    connections.close_all()


if __name__ == "__main__":  # python -m tests.database_template build NAME
    if len(sys.argv) != 3 or sys.argv[1] != "build":
        sys.exit("usage: python -m tests.database_template build TEMPLATE")
    build(sys.argv[2])
