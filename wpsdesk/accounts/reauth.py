"""Re-authentication before sensitive actions (exports, role changes, break-glass…).

A view decorated with :func:`require_reauthentication` opens only if the person gave a
current code from their authenticator app within the last few minutes; otherwise they are
sent to ``accounts:reauthenticate`` and come back afterwards::

    @require_POST
    @require_reauthentication
    def export_contacts(request): ...

A POST cannot be replayed after the detour, so the person is sent back to the page the
form was on (the ``Referer``, if it is ours) and sends it again.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

REAUTH_SESSION_KEY = "wpsdesk_reauthenticated_at"
DEFAULT_MAX_AGE_SECONDS = 5 * 60

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def max_age() -> int:
    """How long a re-authentication counts (``REAUTHENTICATION_MAX_AGE_SECONDS``, 5 min)."""
    return int(getattr(settings, "REAUTHENTICATION_MAX_AGE_SECONDS", DEFAULT_MAX_AGE_SECONDS))


def mark_reauthenticated(request: HttpRequest) -> None:
    """The person has just given a current code."""
    request.session[REAUTH_SESSION_KEY] = int(time.time())


def reauthenticated_recently(request: HttpRequest, seconds: int | None = None) -> bool:
    """Whether the person gave a current code within ``seconds`` (default :func:`max_age`)."""
    at = request.session.get(REAUTH_SESSION_KEY)
    if not isinstance(at, int):
        return False
    return 0 <= int(time.time()) - at <= (max_age() if seconds is None else seconds)


def _return_to(request: HttpRequest) -> str:
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse(settings.LOGIN_REDIRECT_URL)


def require_reauthentication(view: View) -> View:
    """Decorator: the view opens only after a recent re-authentication."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if reauthenticated_recently(request):
            return view(request, *args, **kwargs)
        query = urlencode({"next": _return_to(request)})
        return HttpResponseRedirect(f"{reverse('accounts:reauthenticate')}?{query}")

    return cast(View, wrapper)
