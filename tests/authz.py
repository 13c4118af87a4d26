"""The authorization table: every route × method × persona has an expected outcome.

Each app lists its routes in ``tests/<app>/authz_rows.py`` as ``ROWS: list[Row]``;
``tests/test_authorization_table.py`` collects them all, fails when a URL pattern has no
row, and checks every row for every persona, for an anonymous visitor and for a person
who has given their password but not yet their second factor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.personas import Cast

PERSONAS = ("officer", "lead", "reader", "outsider", "coordinator", "auditor", "admin", "former")
EVERYONE = frozenset(PERSONAS) - {"former"}  # every person with a current role or capability
MEMBERS = frozenset({"officer", "lead", "reader", "outsider", "coordinator"})


@dataclass(frozen=True)
class Row:
    """One route and method, and who may use it.

    * ``name`` – the URL name (``namespace:name``).
    * ``kwargs`` – builds the URL arguments from the cast and the ``setup`` result; records
      in the setup belong to the Embassy in Bogotá unless the row says otherwise.
    * ``allowed`` – personas who get a success (status below 400).
    * ``denied`` – the status everyone else gets: 404 for another unit's record, 403 for
      a capability they lack, 405 where the method is not offered.
    * ``denied_as`` – a different status for some personas (e.g. 403 for a reader of the
      record's own unit where everyone else gets 404).
    * ``data`` – the body for POST/PUT/PATCH (built like ``kwargs``).
    * ``api`` – an API route: anonymous visitors get 401/403 instead of a log-in redirect.
    * ``public`` – open to everyone, anonymous included (log-in page, language switch…).
    """

    name: str
    method: str = "GET"
    allowed: frozenset[str] = EVERYONE
    denied: int = 403
    kwargs: Callable[[Cast, Any], dict[str, Any]] = lambda cast, setup: {}
    data: Callable[[Cast, Any], dict[str, Any]] = lambda cast, setup: {}
    setup: Callable[[Cast], Any] = lambda cast: None
    api: bool = False
    public: bool = False
    query: str = ""
    notes: str = ""
    content_type: str = field(default="")
    denied_as: dict[str, int] = field(default_factory=dict)


NOBODY: frozenset[str] = frozenset()


def not_offered(
    name: str,
    *methods: str,
    setup: Callable[[Cast], Any] | None = None,
    kwargs: Callable[[Cast, Any], dict[str, Any]] | None = None,
) -> list[Row]:
    """Rows for methods a route does not offer: 405 for every person who gets that far."""
    return [
        Row(
            name,
            method=method,
            api=name.startswith("api:"),
            allowed=NOBODY,
            denied=405,
            setup=setup or (lambda cast: None),
            kwargs=kwargs or (lambda cast, setup: {}),
            notes="not offered",
        )
        for method in methods
    ]
