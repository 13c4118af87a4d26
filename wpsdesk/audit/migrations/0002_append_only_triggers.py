"""The security log is append-only at the database level too: UPDATE and DELETE are refused."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE TRIGGER audit_securityevent_no_update BEFORE UPDATE ON audit_securityevent
       BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;""",
    """CREATE TRIGGER audit_securityevent_no_delete BEFORE DELETE ON audit_securityevent
       BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_securityevent_no_update;",
    "DROP TRIGGER IF EXISTS audit_securityevent_no_delete;",
]
POSTGRES_FORWARD = [
    """CREATE OR REPLACE FUNCTION audit_securityevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the security log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_securityevent_append_only BEFORE UPDATE OR DELETE ON audit_securityevent
       FOR EACH ROW EXECUTE FUNCTION audit_securityevent_append_only();""",
    """CREATE TRIGGER audit_securityevent_no_truncate BEFORE TRUNCATE ON audit_securityevent
       FOR EACH STATEMENT EXECUTE FUNCTION audit_securityevent_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_securityevent_no_truncate ON audit_securityevent;",
    "DROP TRIGGER IF EXISTS audit_securityevent_append_only ON audit_securityevent;",
    "DROP FUNCTION IF EXISTS audit_securityevent_append_only();",
]


def forward(apps, schema_editor):
    statements = POSTGRES_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    if schema_editor.connection.vendor not in {"postgresql", "sqlite"}:
        return
    for statement in statements:
        schema_editor.execute(statement)


def reverse(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    if schema_editor.connection.vendor not in {"postgresql", "sqlite"}:
        return
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
