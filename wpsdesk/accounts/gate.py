"""Which paths are open before log-in, and what counts as a verified person."""

from __future__ import annotations

from django.http import HttpRequest

# Reachable without a session: the log-in itself, setting a password after an approved
# reset (with its one-time code), language choice, static files, SSO,
# the session clock (it only ever speaks of the caller's own session), and calendar feeds
# (their secret address is their key; see wpsdesk.calendar.feed).
PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/set-password/",
    "/accounts/sso/",
    "/accounts/session/",
    "/i18n/",
    "/static/",
    "/healthz",
    "/favicon.ico",
    "/calendar/feed/",
)
# Reachable with a password but before the second factor.
SECOND_FACTOR_PREFIXES = ("/accounts/second-factor/",)
# Set when the identity provider vouched for its own second factor (see ``sso``).
SSO_MFA_SESSION_KEY = "wpsdesk_sso_mfa"


def is_public_path(path: str) -> bool:
    """Paths anyone may request."""
    return path.startswith(PUBLIC_PREFIXES)


def is_second_factor_path(path: str) -> bool:
    """Paths for finishing or setting up the second factor."""
    return path.startswith(SECOND_FACTOR_PREFIXES)


def person_is_verified(request: HttpRequest) -> bool:
    """Logged in and past the second factor (our TOTP/recovery code, or trusted SSO MFA)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_verified", lambda: False)():
        return True
    return request.session.get(SSO_MFA_SESSION_KEY) is True
