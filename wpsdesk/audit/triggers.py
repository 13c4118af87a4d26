"""The database triggers that make the security log append-only, per database vendor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_CREATE = [
    """CREATE TRIGGER audit_securityevent_no_update BEFORE UPDATE ON audit_securityevent
       BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;""",
    """CREATE TRIGGER audit_securityevent_no_delete BEFORE DELETE ON audit_securityevent
       BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_securityevent_no_update;",
    "DROP TRIGGER IF EXISTS audit_securityevent_no_delete;",
]
POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION audit_securityevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the security log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_securityevent_append_only BEFORE UPDATE OR DELETE ON audit_securityevent
       FOR EACH ROW EXECUTE FUNCTION audit_securityevent_append_only();""",
    """CREATE TRIGGER audit_securityevent_no_truncate BEFORE TRUNCATE ON audit_securityevent
       FOR EACH STATEMENT EXECUTE FUNCTION audit_securityevent_append_only();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_securityevent_no_truncate ON audit_securityevent;",
    "DROP TRIGGER IF EXISTS audit_securityevent_append_only ON audit_securityevent;",
    "DROP FUNCTION IF EXISTS audit_securityevent_append_only();",
]


def create_statements(vendor: str) -> list[str]:
    """SQL that installs the triggers on this database vendor (none for others)."""
    return {"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE}.get(vendor, [])


def drop_statements(vendor: str) -> list[str]:
    """SQL that removes the triggers on this database vendor."""
    return {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}.get(vendor, [])


@contextmanager
def triggers_lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Remove the triggers for the block and put them back afterwards.

    Only for wiping a whole test database between tests (see the ``flush`` command) and
    for tests that act as an attacker with database access.
    """
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in create_statements(connection.vendor):
                cursor.execute(statement)
