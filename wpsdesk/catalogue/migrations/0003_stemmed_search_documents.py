"""Item search documents hold word stems (Snowball, in the edition's language).

The document is derived data: it is written again from each item's title and text with
the search module's own function, so the stored stems are exactly those a query is
stemmed to. On SQLite the FTS5 table is then filled afresh; PostgreSQL's index follows
the column by itself.
"""

from django.db import migrations

from wpsdesk.catalogue.search import FTS_TABLE, search_document, search_terms


def _rewrite(apps, schema_editor, stemmed: bool) -> None:
    Item = apps.get_model("catalogue", "Item")
    batch = []
    for item in Item.objects.select_related("edition").iterator(chunk_size=500):
        if stemmed:
            item.search_document = search_document(
                item.title, item.text, language=item.edition.language
            )
        else:
            item.search_document = " ".join(search_terms(item.title) + search_terms(item.text))
        batch.append(item)
        if len(batch) >= 500:
            Item.objects.bulk_update(batch, ["search_document"])
            batch = []
    Item.objects.bulk_update(batch, ["search_document"])
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608  # nosec B608 (a constant)
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, document) "  # noqa: S608  # nosec B608 (a constant)
                "SELECT id, search_document FROM catalogue_item"
            )


def stem_documents(apps, schema_editor):
    _rewrite(apps, schema_editor, stemmed=True)


def unstem_documents(apps, schema_editor):
    _rewrite(apps, schema_editor, stemmed=False)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_item_search_index")]

    operations = [migrations.RunPython(stem_documents, unstem_documents)]
