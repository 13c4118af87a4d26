"""Engagements as spreadsheet rows: one layout for export and import.

An exported file can be edited and imported again: its ``reference`` column is the stable
key (``unit`` + ``reference``), so re-importing the same file changes nothing. Cells that
a spreadsheet would run as a formula are neutralised on the way out.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from wpsdesk.catalogue.models import Item
from wpsdesk.core import tabular as core_tabular
from wpsdesk.core.tabular import neutralise
from wpsdesk.organisation import readlog
from wpsdesk.planning.models import Category

from .models import (
    Dimension,
    Engagement,
    EngagementServesItem,
    Gender,
    IssueRaised,
    Measure,
    Participation,
    Side,
)

if TYPE_CHECKING:
    from wpsdesk.processes.selectors import VisibleProcessNames

GENDER_WORDS: dict[str, str] = {Gender.WOMAN: "women", Gender.MAN: "men", Gender.OTHER: "other"}
LEAD_WORDS: dict[str, str] = {Gender.WOMAN: "woman", Gender.MAN: "man", Gender.OTHER: "other"}

BASE_COLUMNS = [
    "reference",
    "unit",
    "date",
    "kind",
    "country",
    "forum",
    "peace_process",
    "title",
    "summary",
    "wps_on_agenda",
    "messages",
]
COUNT_COLUMNS = [
    (f"{side}_{GENDER_WORDS[g]}", side, Measure.ATTENDED, g)
    for side in Side.values
    for g in Gender.values
]
SPOKE_COLUMNS = [
    (f"{side}_{GENDER_WORDS[g]}_spoke", side, Measure.SPOKE, g)
    for side in Side.values
    for g in Gender.values
]
LEAD_COLUMNS = [(f"{side}_led_by", side) for side in Side.values]
COLUMNS = (
    BASE_COLUMNS
    + [c[0] for c in COUNT_COLUMNS]
    + [c[0] for c in LEAD_COLUMNS]
    + [c[0] for c in SPOKE_COLUMNS]
)
#: Only in exports: the issues' follow-up, and the recorded peace process (its id and name,
#: empty when the reader may not see the process). The free-text ``peace_process`` column
#: is the one an import reads.
#: The keys of the gender counts each count, lead and speaker column shows, in order
#: (a lead column names the genders in alphabetical order of their codes).
COUNT_KEYS = [(side, measure, gender) for _name, side, measure, gender in COUNT_COLUMNS]
SPOKE_KEYS = [(side, measure, gender) for _name, side, measure, gender in SPOKE_COLUMNS]
LEAD_KEYS = [
    [(g, (side, Measure.LED, g)) for g in sorted(Gender.values)] for _name, side in LEAD_COLUMNS
]
EXPORT_ONLY = ["issues_raised", "issues_followed_up", "process_id", "process_name"]
__all__ = ["COLUMNS", "csv_bytes", "header", "iter_rows", "neutralise", "xlsx_bytes"]


class Fields(NamedTuple):
    """An engagement's own values that its row shows."""

    pk: int
    external_ref: str
    unit_code: str
    date: str  # ISO 8601, as the row shows it and the streams are merged by
    kind: str
    country: str
    forum: str
    peace_process: str
    title: str
    summary: str
    wps_on_agenda: bool
    process_id: int | None


#: The query paths of :class:`Fields`, in order.
FIELD_PATHS = (
    "pk",
    "external_ref",
    "unit__code",
    "date_text",
    "kind",
    "country",
    "forum",
    "peace_process",
    "title",
    "summary",
    "wps_on_agenda",
    "process_id",
)


def fields_of(engagement: Engagement) -> Fields:
    """The :class:`Fields` of a record (its ``unit`` selected)."""
    return Fields(
        engagement.pk,
        engagement.external_ref,
        engagement.unit.code,
        engagement.date.isoformat(),
        engagement.kind,
        engagement.country,
        engagement.forum,
        engagement.peace_process,
        engagement.title,
        engagement.summary,
        engagement.wps_on_agenda,
        engagement.process_id,
    )


@dataclass
class Parts:
    """What an engagement's row needs beyond its own fields, read for many at once."""

    participation: list[tuple[str, str, str, str, int]] = field(default_factory=list)
    message_codes: list[str] = field(default_factory=list)
    issue_statuses: list[str] = field(default_factory=list)


def parts_of(engagement: Engagement) -> Parts:
    """The parts from an engagement's prefetched ``participation``, ``messages``, ``issues``."""
    return Parts(
        [
            (p.side, p.measure, p.dimension_code, p.category_code, p.count)
            for p in engagement.participation.all()
        ],
        [item.code for item in engagement.messages.all()],
        [issue.status for issue in engagement.issues.all()],
    )


class Codes:
    """The codes of categories and catalogue items by id, each table read once when first
    needed: joining them to every participation row and message cost more than the rows."""

    def __init__(self) -> None:
        self._categories: dict[int, tuple[str, str]] | None = None
        self._items: dict[int, str] | None = None

    def category(self, pk: int) -> tuple[str, str]:
        """A category's (dimension code, category code)."""
        if self._categories is None:
            self._categories = {
                pk: (dimension, code)
                for pk, dimension, code in Category.objects.values_list(
                    "pk", "dimension__code", "code"
                )
            }
        return self._categories[pk]

    def item(self, pk: int) -> str:
        """A catalogue item's code."""
        if self._items is None:
            self._items = dict(Item.objects.values_list("pk", "code"))
        return self._items[pk]


def engagement_row(
    engagement: Engagement, processes: VisibleProcessNames | None = None
) -> list[Any]:
    """One engagement record as a row (``unit`` selected; ``participation``, ``messages``
    and ``issues`` prefetched): see :func:`row`."""
    return row(fields_of(engagement), parts_of(engagement), processes)


def row(
    engagement: Fields, parts: Parts, processes: VisibleProcessNames | None = None
) -> list[Any]:
    """One engagement as a row of :data:`COLUMNS` plus :data:`EXPORT_ONLY`.

    The process is named only through ``processes`` (those the reader may see); without it
    the process columns are empty.
    """
    # Gender counts by (side, measure, category): the only dimension the columns show.
    genders: dict[tuple[str, str, str], int] = {}
    for side, measure, dimension, category, count in parts.participation:
        if dimension == Dimension.GENDER:
            genders[side, measure, category] = count
    cells: list[Any] = [
        engagement.external_ref or f"wpsdesk-{engagement.pk}",
        engagement.unit_code,
        engagement.date,
        engagement.kind,
        engagement.country,
        engagement.forum,
        engagement.peace_process,
        engagement.title,
        engagement.summary,
        "yes" if engagement.wps_on_agenda else "no",
        " ".join(sorted(parts.message_codes)),
    ]
    cells.extend([genders.get(key, "") for key in COUNT_KEYS])  # blank: not known
    for led in LEAD_KEYS:
        cells.append(" ".join(LEAD_WORDS[g] for g, key in led if genders.get(key)))
    cells.extend([genders.get(key, "") for key in SPOKE_KEYS])
    cells.append(len(parts.issue_statuses))
    cells.append(sum(1 for status in parts.issue_statuses if status == "done"))
    name = processes.name(engagement.process_id) if processes is not None else None
    cells.append(engagement.process_id if name is not None else "")
    cells.append(name or "")
    return cells


def header() -> list[str]:
    return COLUMNS + EXPORT_ONLY


def csv_bytes(rows: Iterable[list[Any]]) -> bytes:
    """The engagements as UTF-8 CSV with a byte-order mark."""
    return core_tabular.csv_bytes(header(), rows)


def xlsx_bytes(rows: Iterable[list[Any]], *, title: str = "Engagements") -> bytes:
    """The engagements as one Excel sheet."""
    return core_tabular.xlsx_bytes(header(), rows, title=title)


#: Rows fetched from the database at a time when an export streams: memory stays flat
#: however many engagements are exported.
EXPORT_CHUNK = 2000


def iter_rows(
    engagements: Iterable[Engagement], processes: VisibleProcessNames | None = None
) -> Iterator[list[Any]]:
    """One row per engagement; a queryset is streamed, never held whole.

    A queryset is read as four streams of plain values in the same order (the engagements,
    and their participation rows, messages and issues), merged as they come: at ten times
    Norway, building records, and asking for each chunk's rows by id, was most of an
    export's time. The restricted engagements are still noted in the read log
    (``organisation.readlog``), as reading them as records would.
    """
    if isinstance(engagements, QuerySet) and engagements.query.is_sliced:
        # A slice cannot be put in the streams' order: read those few as records.
        engagements = engagements.prefetch_related("participation", "messages", "issues")
    if not isinstance(engagements, QuerySet) or engagements.query.is_sliced:
        for engagement in engagements:
            yield engagement_row(engagement, processes)
        return
    reader = readlog.reader_of(engagements)
    codes = Codes()
    # Dates as ISO text, the same on both databases: they order as the dates do, the row
    # shows them so, and millions of them need no conversion to date objects.
    ordered = (
        engagements.prefetch_related(None)
        .annotate(date_text=Cast("date", CharField()))
        .order_by("-date", "-pk")
    )
    ids = ordered.values("pk")

    def follow(model: type[Any], path: str, *values: str) -> Follower:
        rows = (
            QuerySet(model)  # a plain queryset: a default manager may join more in
            .filter(**{f"{path}__in": ids})
            .annotate(date_text=Cast(f"{path}__date", CharField()))
            .order_by(f"-{path}__date", f"-{path}_id")
            .values_list("date_text", f"{path}_id", *values)
        )
        return Follower(rows.iterator(chunk_size=EXPORT_CHUNK))

    participation = follow(Participation, "engagement", "side", "measure", "category_id", "count")
    messages = follow(EngagementServesItem, "record", "item_id")
    issues = follow(IssueRaised, "engagement", "status")
    for *own, classification in ordered.values_list(*FIELD_PATHS, "classification").iterator(
        chunk_size=EXPORT_CHUNK
    ):
        fields = Fields(*own)
        readlog.note_value(reader, Engagement, fields.pk, classification)
        key = (fields.date, fields.pk)
        parts = Parts(
            [
                (side, measure, *codes.category(category), count)
                for side, measure, category, count in participation.take(key)
            ],
            [codes.item(item) for (item,) in messages.take(key)],
            [status for (status,) in issues.take(key)],
        )
        yield row(fields, parts, processes)


class Follower:
    """The rows of one stream ordered as the engagements are (``date``, ``id``, both
    descending, then the values), handed out one engagement at a time.

    A row whose engagement the engagements' stream did not give (one saved between the two
    queries) is passed over.
    """

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        grouped = itertools.groupby(rows, key=lambda r: (r[0], r[1]))
        self._groups = ((key, [r[2:] for r in group]) for key, group in grouped)
        self._head = next(self._groups, None)

    def take(self, key: tuple[str, int]) -> list[tuple[Any, ...]]:
        """The values of the rows of the engagement ``key`` (date, id); [] when it has none."""
        while self._head is not None and self._head[0] > key:
            self._head = next(self._groups, None)
        if self._head is None or self._head[0] != key:
            return []
        values = self._head[1]
        self._head = next(self._groups, None)
        return values
