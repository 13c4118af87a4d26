"""Date sources: how apps put their dates on the WPS calendar.

A source is a function ``(user, start, end) -> list[Entry]`` that returns the dates it
knows of between ``start`` and ``end`` (both inclusive) **that the user may see**: each
source reads through its own app's selectors, so the policy layer (unit, role,
classification, break-glass) has already been applied. Apps register their source in
``AppConfig.ready``::

    from wpsdesk.calendar import sources

    sources.register("grants.reports_due", grantee_reports_due)

The calendar collects every source's entries; it never reads another app's tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wpsdesk.organisation.models import Unit


@dataclass(frozen=True)
class Entry:
    """One dated thing on the calendar.

    ``restricted`` marks an entry drawn from a restricted record: the calendar never
    puts its title into the iCal feed or e-mails. ``key`` identifies the entry across
    reads (the feed's UID and the reminder's "sent once" mark); sources give one built
    from the record's model and id, e.g. ``"grants.report:12"``.
    """

    date: dt.date
    title: str
    kind: str
    url: str = ""
    unit: Unit | None = None
    country: str = ""
    forum: str = ""
    restricted: bool = False
    key: str = ""


@dataclass(frozen=True)
class Kind:
    """A kind of entry: its label on pages and how many days before it reminds by default."""

    code: str
    label: Any  # a (lazy) translated string
    default_days: int = 7


Source = Callable[[Any, dt.date, dt.date], list[Entry]]
_sources: dict[str, Source] = {}
_kinds: dict[str, Kind] = {}


def register_kind(code: str, label: Any, default_days: int = 7) -> Kind:
    """Name a kind of entry (``Entry.kind``) and its default reminder; replaces an earlier one."""
    kind = Kind(code, label, default_days)
    _kinds[code] = kind
    return kind


def kinds() -> list[Kind]:
    """The registered kinds, in the order they were registered."""
    return list(_kinds.values())


def kind_of(code: str) -> Kind:
    """The registered kind ``code``; an unknown one gets its code as label."""
    return _kinds.get(code) or Kind(code, code)


def register(name: str, source: Source) -> Source:
    """Add (or replace) the source called ``name``; returns the source for decorator use."""
    _sources[name] = source
    return source


def registered() -> dict[str, Source]:
    """The registered sources by name (a copy)."""
    return dict(_sources)


def entries_for(user: Any, start: dt.date, end: dt.date) -> list[Entry]:
    """Every source's entries for ``user`` between ``start`` and ``end``, in date order."""
    entries: list[Entry] = []
    for source in _sources.values():
        entries.extend(entry for entry in source(user, start, end) if start <= entry.date <= end)
    return sorted(entries, key=lambda entry: (entry.date, entry.title.casefold()))
