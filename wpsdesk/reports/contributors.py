"""Sections other apps add to the annual report: a small registry.

An app registers a *contributor*, a function ``(user, unit, year, language) -> sections``
(``unit`` is None for the service-wide report); assembly calls every contributor in the
order of ``order`` and adds what it returns after the report's own sections. A contributor
reads only through the policy layer for ``user``, the report's reader, and returns
sections of the content schema (``wpsdesk/reports/content.py``); it runs with the
report's language active, so ``gettext`` gives the right words. Register from the app's
``AppConfig.ready``; registering the same function twice has no effect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wpsdesk.organisation.models import Unit

from .content import Section

Contributor = Callable[[Any, Unit | None, int, str], list[Section]]


@dataclass(frozen=True)
class Entry:
    contributor: Contributor
    order: int


_entries: list[Entry] = []


def register(contributor: Contributor, *, order: int = 100) -> Contributor:
    """Add a contributor (usable as a decorator); a lower ``order`` comes first."""
    if all(entry.contributor is not contributor for entry in _entries):
        _entries.append(Entry(contributor, order))
        _entries.sort(key=lambda entry: entry.order)
    return contributor


def contributors() -> list[Contributor]:
    """The registered contributors, in order."""
    return [entry.contributor for entry in _entries]


def sections_for(user: Any, unit: Unit | None, year: int, language: str) -> list[Section]:
    """Every contributor's sections for one reader, unit (or the service) and year."""
    found: list[Section] = []
    for contributor in contributors():
        found.extend(contributor(user, unit, year, language))
    return found
