"""The one way to ask whether htmx sent a request.

django-htmx's middleware puts the request's htmx headers on `request.htmx`; code that
runs before it (the accounts middleware) or without it (a bare test request) reads the
same headers through the same class, so every caller gets one answer.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


def htmx_details(request: HttpRequest) -> HtmxDetails:
    """The request's htmx headers (HX-Request, HX-Boosted, ...), read by django-htmx."""
    details = getattr(request, "htmx", None)
    return details if isinstance(details, HtmxDetails) else HtmxDetails(request)


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request, a boosted link or form included."""
    return bool(htmx_details(request))


def wants_fragment(request: HttpRequest) -> bool:
    """Whether htmx asks for a piece of the page: an htmx request that is not boosted."""
    details = htmx_details(request)
    return bool(details) and not details.boosted
