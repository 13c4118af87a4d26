"""Who is acting, for code that runs below the view (signals, services called from admin).

Set per request by :func:`remember_request`; empty outside a request (commands, tests).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_actor: ContextVar[Any] = ContextVar("wpsdesk_actor", default=None)
_ip: ContextVar[str] = ContextVar("wpsdesk_ip", default="")


def current_actor() -> Any:
    """The logged-in person of the current request, or None."""
    return _actor.get()


def current_ip() -> str:
    """The client address of the current request ('' outside a request)."""
    return _ip.get()


def remember_request(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: make the person and address available to signals and services."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor_token = _actor.set(user if user is not None and user.is_authenticated else None)
        ip_token = _ip.set(request.META.get("REMOTE_ADDR", ""))
        try:
            return get_response(request)
        finally:
            _actor.reset(actor_token)
            _ip.reset(ip_token)

    return middleware
