"""The security log is append-only at the database level too: UPDATE and DELETE are refused."""

from django.db import migrations

from wpsdesk.audit.triggers import create_statements, drop_statements


def forward(apps, schema_editor):
    for statement in create_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def reverse(apps, schema_editor):
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
