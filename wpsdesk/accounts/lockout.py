"""Lockout after repeated failures (django-axes underneath), and a slower per-person throttle.

* **Locked:** a user name *from one address* (``AXES_FAILURE_LIMIT`` failures), and an
  address whatever the names tried from it (the same limit, summed over names). A user name
  alone is never locked: anyone could otherwise lock a named person out by typing their
  name with wrong passwords from anywhere.
* **Throttled:** once a user name has ``WPSDESK_LOCKOUT_USER_FAILURES`` failures within the
  cool-off time summed over every address, attempts for it are refused from any address
  the person has not completed a log-in from in the last ``LOCKOUT_USUAL_ADDRESS_DAYS``
  days. From their usual addresses the person still logs in; a guesser spread over many
  addresses gets that many guesses per cool-off time, not five per address.

Password failures reach axes through Django's ``authenticate``. Second-factor and
re-authentication failures are counted here in the same way, so that a person who knows
a password cannot try codes without limit. Failures are forgiven only when a person has
passed the second factor, never after the password alone.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

# The security-log entries of a completed log-in: their addresses are a person's usual ones.
COMPLETED_LOG_IN_KINDS = ("login.second_factor_ok", "sso.login")


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
) -> list[str | list[str]]:
    """Lock out a username from one address (the pair), and an address (any username).

    Without a username (a single sign-on callback) only the address counts: otherwise all
    such failures everywhere would share one empty username and lock each other out.
    """
    username = (credentials or {}).get("username")
    if username is None and credentials is None:
        username = getattr(request_or_attempt, "username", None)
        if username is None and isinstance(request_or_attempt, HttpRequest):
            username = request_or_attempt.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    # A nested list is one combination: the name together with the address it came from.
    return [["username", "ip_address"], "ip_address"] if username else ["ip_address"]


def failures_of_username(username: str) -> int:
    """Failures for this user name within the cool-off time, summed over every address."""
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    total = attempts.aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


def usual_addresses(username: str) -> set[str]:
    """Addresses the person with this user name completed a log-in from lately."""
    from wpsdesk.audit.models import SecurityEvent

    since = timezone.now() - dt.timedelta(days=settings.LOCKOUT_USUAL_ADDRESS_DAYS)
    found = (
        SecurityEvent.objects.filter(
            kind__in=COMPLETED_LOG_IN_KINDS, actor__username=username, occurred_at__gte=since
        )
        .exclude(ip_address="")
        .values_list("ip_address", flat=True)
        .distinct()
    )
    return set(found)


def is_throttled(request: HttpRequest, username: str | None) -> bool:
    """Whether this user name has failed too often overall for an attempt from here."""
    if not username:
        return False
    if failures_of_username(username) < settings.LOCKOUT_USER_FAILURES:
        return False
    return client_ip(request) not in usual_addresses(username)


class UsernameThrottleBackend:
    """An authentication backend that only refuses: a throttled user name from an unusual
    address is refused before its password is checked (and the refusal counts as a failure,
    which keeps the guesser's own address heading for its lockout)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is not None and is_throttled(request, username):
            raise PermissionDenied
        return

    def get_user(self, user_id: Any) -> None:
        return None


def is_locked(request: HttpRequest, username: str | None) -> bool:
    """Whether attempts for this user name from this address, or from this address at all,
    are paused now, or the user name is throttled for this address."""
    return AxesProxyHandler.is_locked(request, {"username": username}) or is_throttled(
        request, username
    )


def count_failure(request: HttpRequest, username: str) -> bool:
    """Count a failed second factor or re-authentication; True if it is now locked."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False)) or is_locked(request, username)


def forgive(request: HttpRequest, username: str) -> None:
    """Forget this person's failures from this address, after a complete log-in."""
    AxesProxyHandler.reset_attempts(ip_address=client_ip(request) or None, username=username)
