"""Full-text index over items: a GIN index on PostgreSQL, an FTS5 table on SQLite.

Both index the same column, ``search_document``, which holds only ``[a-z0-9]`` words
(see ``wpsdesk/catalogue/search.py``). The FTS5 table keeps the item id as its rowid
and is filled by the loader; it is a table of its own, so SQLite's table rebuilds in
later migrations of ``catalogue_item`` cannot drop it.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE INDEX catalogue_item_search ON catalogue_item "
    "USING gin (to_tsvector('simple', search_document))",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS catalogue_item_search"]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE catalogue_item_fts USING fts5(document, tokenize = 'unicode61')",
    "INSERT INTO catalogue_item_fts (rowid, document) SELECT id, search_document FROM catalogue_item",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS catalogue_item_fts"]


def _run(schema_editor, postgres, sqlite):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = postgres
    elif vendor == "sqlite":
        statements = sqlite
    else:
        raise RuntimeError(f"Catalogue search supports PostgreSQL and SQLite, not {vendor}.")
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, POSTGRES_FORWARD, SQLITE_FORWARD)


def reverse(apps, schema_editor):
    _run(schema_editor, POSTGRES_REVERSE, SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_catalogue_editions_items_links_priorities")]

    operations = [migrations.RunPython(forward, reverse)]
