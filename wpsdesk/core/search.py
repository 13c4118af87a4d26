"""One search across the service: each app says how its records are found.

An app registers a :class:`SearchProvider` in ``AppConfig.ready``; its ``search`` function
takes the person, the query and a limit and returns the first hits and how many there are,
through the app's own selectors (so through the policy layer: only what the person may read
is found or counted). Restricted records read this way are logged like any restricted read
(the policy layer notes every record a visible queryset yields). People at risk and SEAH
reports never register: they are found only inside their own apps.

The query is what the person typed; :func:`plain_query` turns quotes and search operators
into plain words first, so that no app's search sees syntax it does not expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.utils.functional import Promise

from wpsdesk.organisation.policy import is_person

#: The longest query looked at (longer text is cut).
MAX_QUERY_LENGTH = 200
#: Characters that are search syntax elsewhere (quotes, wildcards, required/excluded marks).
_SYNTAX_RE = re.compile(r"[\"“”„*+()\[\]{}<>^~|\\]|(?:(?<=\s)|^)-")


@dataclass(frozen=True)
class SearchHit:
    """One record found: what it is called, where it opens and a line about it."""

    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchProvider:
    """How one kind of record is found.

    ``search(user, query, limit)`` returns up to ``limit`` hits and the number of all hits;
    ``list_url`` is the app's own list page, which takes the query as ``?q=``.
    """

    key: str
    label: str | Promise
    search: Callable[[Any, str, int], tuple[list[SearchHit], int]]
    list_url: str | Callable[[], str]
    order: int = 100


@dataclass(frozen=True)
class SearchGroup:
    """The hits of one kind, as the results page shows them."""

    key: str
    label: str
    hits: list[SearchHit]
    total: int
    more_url: str

    @property
    def more(self) -> int:
        return self.total - len(self.hits)


_providers: dict[str, SearchProvider] = {}


def register_search(provider: SearchProvider) -> SearchProvider:
    """Add a provider; one registered again under the same key replaces the first."""
    _providers[provider.key] = provider
    return provider


def providers() -> list[SearchProvider]:
    """Every registered provider, in the order the results page shows them."""
    return sorted(_providers.values(), key=lambda provider: (provider.order, provider.key))


def plain_query(raw: str) -> str:
    """What was typed, as plain words: quotes, wildcards, brackets and a leading minus
    become spaces, spaces are collapsed. ``"women mediators" -UN*`` → ``women mediators UN``.
    Words such as OR or AND stay words (they may be what is looked for)."""
    text = _SYNTAX_RE.sub(" ", (raw or "")[:MAX_QUERY_LENGTH])
    return " ".join(text.split())


def search_everything(user: Any, raw: str, *, limit: int = 5) -> list[SearchGroup]:
    """Every kind's hits for the query, only the kinds with hits, in the registry's order."""
    query = plain_query(raw)
    if not query or not is_person(user):
        return []
    groups: list[SearchGroup] = []
    for provider in providers():
        hits, total = provider.search(user, query, limit)
        if not total:
            continue
        base = provider.list_url() if callable(provider.list_url) else provider.list_url
        groups.append(
            SearchGroup(
                key=provider.key,
                label=str(provider.label),
                hits=hits,
                total=total,
                more_url=f"{base}?{urlencode({'q': query})}",
            )
        )
    return groups


def hits_from(
    records: Any, limit: int, to_hit: Callable[[Any], SearchHit]
) -> tuple[list[SearchHit], int]:
    """The first ``limit`` records of a queryset as hits, and how many there are in all
    (no second query when the first page holds them all)."""
    first = list(records[: limit + 1])
    total = len(first) if len(first) <= limit else records.count()
    return [to_hit(record) for record in first[:limit]], total
