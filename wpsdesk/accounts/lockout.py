"""Lockout after repeated failures, by user and by address (django-axes underneath).

Password failures reach axes through Django's ``authenticate``. Second-factor and
re-authentication failures are counted here in the same way, so that a person who knows
a password cannot try codes without limit. Failures are forgiven only when a person has
passed the second factor, never after the password alone.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or the address our own proxies saw.

    With ``AXES_IPWARE_PROXY_COUNT`` proxies in front of us, the client is the entry that
    many places from the right of ``X-Forwarded-For``; entries further left are whatever
    the client sent and are not trusted. Anything that is not an address counts as none.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    candidate = remote
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""


def axes_client_ip(request: HttpRequest) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the same address as :func:`client_ip`, or none."""
    return client_ip(request) or None


def lockout_parameters(
    request_or_attempt: Any, credentials: dict[str, Any] | None = None
) -> list[str]:
    """Lock out by username and, separately, by address.

    Without a username (a single sign-on callback) only the address counts: otherwise all
    such failures everywhere would share one empty username and lock each other out.
    """
    username = (credentials or {}).get("username")
    if username is None and credentials is None:
        username = getattr(request_or_attempt, "username", None)
        if username is None and isinstance(request_or_attempt, HttpRequest):
            username = request_or_attempt.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return ["username", "ip_address"] if username else ["ip_address"]


def is_locked(request: HttpRequest, username: str | None) -> bool:
    """Whether attempts for this username or from this address are paused now."""
    return AxesProxyHandler.is_locked(request, {"username": username})


def count_failure(request: HttpRequest, username: str) -> bool:
    """Count a failed second factor or re-authentication; True if it is now locked."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False)) or is_locked(request, username)


def forgive(request: HttpRequest, username: str) -> None:
    """Forget this person's failures from this address, after a complete log-in."""
    AxesProxyHandler.reset_attempts(ip_address=client_ip(request) or None, username=username)
