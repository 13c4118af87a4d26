"""Grants as spreadsheet rows: one layout for the export, the import and its template.

A grant-management system exports one row per agreement and year; so does wpsdesk: a grant
takes one row per agreed amount (year and currency), its other columns repeated on each.
``agreement_number`` is the key: importing an exported file again changes nothing. Cells a
spreadsheet would run as a formula are neutralised by :mod:`wpsdesk.core.tabular`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from wpsdesk.catalogue import serving
from wpsdesk.core import tabular as core_tabular

from .models import Grant

GRANT_COLUMNS = [
    "agreement_number",
    "title",
    "unit",
    "partner",
    "multilateral_partner",
    "channel",
    "budget_chapter",
    "budget_item",
    "start_date",
    "end_date",
    "country",
    "region",
    "priority",
    "gender_marker",
    "humanitarian",
    "age_marker",
    "wps_relevant",
    "serves",
]
AMOUNT_COLUMNS = ["year", "amount", "currency", "nok"]
HEADER = GRANT_COLUMNS + AMOUNT_COLUMNS
#: Columns the export adds for reading; the import ignores them.
EXPORT_ONLY = ["classification", "needs_analysis_received", "needs_analysis_groups"]
EXPORT_HEADER = HEADER + EXPORT_ONLY
REQUIRED = (
    "agreement_number",
    "title",
    "start_date",
    "end_date",
    "priority",
    "gender_marker",
    "channel",
)

#: Grants read from the database at a time when an export streams.
EXPORT_CHUNK = 500


def for_export(grants: QuerySet[Grant]) -> QuerySet[Grant]:
    """What the rows need, read with the grants (a fixed number of queries per chunk)."""
    return grants.select_related("unit", "partner").prefetch_related("amounts", "serves")


def grant_rows(grant: Grant) -> list[list[Any]]:
    """A grant as rows of :data:`EXPORT_HEADER`: one per amount (one row without amounts)."""
    base = [
        grant.agreement_number,
        grant.title,
        grant.unit.code,
        grant.partner.name if grant.partner else "",
        grant.multilateral_partner,
        grant.channel,
        grant.budget_chapter,
        grant.budget_item,
        grant.start_date.isoformat(),
        grant.end_date.isoformat(),
        grant.country,
        grant.region,
        grant.priority,
        grant.gender_marker,
        "yes" if grant.humanitarian else "no",
        "" if grant.age_marker is None else grant.age_marker,
        "yes" if grant.wps_relevant else "no",
        serving.codes_cell(grant, "serves"),
    ]
    tail = [
        grant.classification,
        grant.needs_analysis_date.isoformat() if grant.needs_analysis_date else "",
        grant.needs_analysis_groups,
    ]
    amounts = list(grant.amounts.all())
    if not amounts:
        return [[*base, "", "", "", "", *tail]]
    return [
        [*base, a.year, f"{a.amount:f}", a.currency, f"{a.nok:f}", *tail]
        for a in sorted(amounts, key=lambda a: (a.year, a.currency))
    ]


def iter_rows(grants: Iterable[Grant]) -> Iterator[list[Any]]:
    """Rows for every grant; a queryset is read in chunks, never held whole."""
    if isinstance(grants, QuerySet):
        grants = grants.iterator(chunk_size=EXPORT_CHUNK)
    for grant in grants:
        yield from grant_rows(grant)
        grant.__dict__.pop("_prefetched_objects_cache", None)


def template_bytes() -> bytes:
    """An Excel workbook with the import's columns and one example row to overwrite."""
    example = [
        "COL-25/0001",
        "Women in the peace agreement's implementation (example)",
        "",
        "",
        "UN Women",
        "mission",
        "159",
        "71",
        "2025-01-01",
        "2026-12-31",
        "CO",
        "",
        1,
        2,
        "no",
        "",
        "yes",
        "P1.C.5",
        2025,
        "500000",
        "USD",
        "5250000",
    ]
    return core_tabular.xlsx_bytes(HEADER, [example], title="Grants")
