"""Which paths are open before log-in, and what counts as a verified person."""

from __future__ import annotations

from django.http import HttpRequest

# Reachable without a session: the log-in itself, language choice, static files, SSO.
PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/sso/",
    "/i18n/",
    "/static/",
    "/healthz",
    "/favicon.ico",
)
# Reachable with a password but before the second factor.
SECOND_FACTOR_PREFIXES = ("/accounts/second-factor/",)


def is_public_path(path: str) -> bool:
    """Paths anyone may request."""
    return path.startswith(PUBLIC_PREFIXES)


def is_second_factor_path(path: str) -> bool:
    """Paths for finishing or setting up the second factor."""
    return path.startswith(SECOND_FACTOR_PREFIXES)


def person_is_verified(request: HttpRequest) -> bool:
    """Logged in and past the second factor (our TOTP/recovery code, or trusted SSO MFA)."""
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_verified", lambda: False)():
        return True
    return bool(request.session.get("wpsdesk_sso_mfa"))
