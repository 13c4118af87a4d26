"""A database that is busy or down answers a plain "try again" (503), never a 500.

Two things make a request fail through no fault of its own: on SQLite another writer
holding the write lock for longer than the busy timeout ("database is locked"), and a
database that cannot be reached at all (stopped, restarting, network gone). Both are
temporary and the request wrote nothing that stays — a request's writes are in
transactions that the failure rolls back — so the honest answer is 503 with
``Retry-After``: a plain page for people, JSON for the API.

``DatabaseUnavailableMiddleware`` catches the error when a view raises it; ``error_500``
(the 500 handler) asks :func:`unavailable_response` first, for the same error raised by a
middleware before the view. The response is built without touching the database again.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("wpsdesk.unavailable")

#: Seconds a client should wait before trying again, by cause.
RETRY_AFTER_LOCKED = 5
RETRY_AFTER_DOWN = 30

_SQLITE_LOCKED = ("database is locked", "database table is locked")
_SQLITE_DOWN = ("unable to open database file", "disk i/o error")


def cause(exc: BaseException | None) -> str | None:
    """``"locked"`` or ``"down"`` when ``exc`` means the database is busy or unreachable.

    Any other database error (a missing table, a broken query) is a fault, not a moment's
    unavailability, and stays a 500.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, DatabaseError):
            message = str(exc).lower()
            if any(text in message for text in _SQLITE_LOCKED):
                return "locked"
            if isinstance(exc, InterfaceError):
                return "down"
            if isinstance(exc, OperationalError):
                original = exc.__cause__
                if isinstance(original, sqlite3.Error) or "sqlite" in type(original).__module__:
                    return "down" if any(text in message for text in _SQLITE_DOWN) else None
                # PostgreSQL: a deadlock, a serialization failure or a lock timeout is a
                # moment's contention; any other operational error means it cannot serve.
                sqlstate = str(getattr(original, "sqlstate", "") or "")
                if sqlstate.startswith("40") or sqlstate == "55P03":
                    return "locked"
                return "down"
        exc = exc.__cause__ or exc.__context__
    return None


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def unavailable_response(request: HttpRequest, exc: BaseException | None) -> HttpResponse | None:
    """The 503 for a busy or unreachable database, or ``None`` for any other error."""
    why = cause(exc)
    if why is None:
        return None
    retry = RETRY_AFTER_LOCKED if why == "locked" else RETRY_AFTER_DOWN
    logger.warning(
        "database %s: %s %s answered 503", why, request.method, request.path, exc_info=False
    )
    if why == "locked":
        title = _("wpsdesk is busy")
        detail = _(
            "Someone else is saving a lot at this moment. Nothing of yours was saved. "
            "Please try again in a few seconds."
        )
    else:
        title = _("wpsdesk is not available right now")
        detail = _(
            "The database cannot be reached. Nothing of yours was saved. "
            "Please try again in a minute."
        )
    response: HttpResponse
    if _wants_json(request):
        response = JsonResponse({"detail": detail, "retry_after": retry}, status=503)
    else:
        # No request in the context: context processors could reach for the database.
        html = render_to_string(
            "core/error.html", {"status": 503, "title": title, "detail": detail}
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a busy or unreachable database in a view into a 503 with ``Retry-After``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Answer 503 for the database's temporary failures; let every other error through."""
        return unavailable_response(request, exception)
