"""Organisations as spreadsheet rows, for the export (cells neutralised by core.tabular)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from .models import Organisation

HEADER = [
    "id",
    "unit",
    "classification",
    "name",
    "scope",
    "type",
    "country",
    "themes",
    "stance",
    "supported_by_norway",
    "who_they_are",
    "views",
    "represents",
    "challenges",
    "alliance_strategies",
    "changed_at",
]

#: Organisations read from the database at a time when an export streams.
EXPORT_CHUNK = 500


def organisation_row(organisation: Organisation) -> list[Any]:
    """One organisation as a row of :data:`HEADER` (``unit`` selected)."""
    return [
        organisation.pk,
        organisation.unit.code,
        organisation.classification,
        organisation.name,
        organisation.scope,
        organisation.kind,
        organisation.country,
        organisation.themes,
        organisation.stance,
        "yes" if organisation.supported_by_norway else "no",
        organisation.who_they_are,
        organisation.views,
        organisation.represents,
        organisation.challenges,
        organisation.alliance_strategies,
        organisation.updated_at.isoformat(timespec="seconds"),
    ]


def iter_rows(organisations: Iterable[Organisation]) -> Iterator[list[Any]]:
    """One row per organisation; a queryset is read in chunks, never held whole."""
    if isinstance(organisations, QuerySet):
        organisations = organisations.iterator(chunk_size=EXPORT_CHUNK)
    for organisation in organisations:
        yield organisation_row(organisation)
