"""How the API knows who is asking: a hashed personal token, or a verified session.

Tokens come as ``Authorization: Bearer wpsd_<prefix>_<secret>``. A malformed, unknown,
expired or revoked token, and the token of a person who is no longer active, all get the
same 401 with the same message: the answer tells a guesser nothing.

A session counts only once the person has passed the second factor; CSRF is enforced on
unsafe methods as for any session.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.request import Request

from wpsdesk.accounts.gate import person_is_verified
from wpsdesk.organisation.models import User

from . import tokens
from .models import ApiToken
from .services import api_token_touch

KEYWORD = "bearer"
INVALID_TOKEN = _("Invalid or expired token.")
SECOND_FACTOR_REQUIRED = _("Second factor required.")


class HashedTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>`` against the stored digests."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.encode():
            return None  # not ours: another scheme, or no credentials at all
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN) from exc
        return self.authenticate_token(raw)

    def authenticate_token(self, raw: str) -> tuple[User, ApiToken]:
        """The owner and token for ``raw``, or AuthenticationFailed with the one message."""
        presented = tokens.parse(raw)
        if presented is None:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        token = ApiToken.objects.select_related("owner").filter(prefix=presented.prefix).first()
        matches = tokens.digest_matches(presented, token.digest if token else None)
        if token is None or not matches:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        if not token.is_usable or not token.owner.is_active:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        api_token_touch(token=token)
        return token.owner, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to a request without valid credentials.
        return 'Bearer realm="api"'


class VerifiedSessionAuthentication(SessionAuthentication):
    """Django's session, but only for a person who has passed the second factor."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        django_request = request._request
        user = getattr(django_request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if not person_is_verified(django_request):
            raise exceptions.PermissionDenied(SECOND_FACTOR_REQUIRED)
        self.enforce_csrf(request)
        return user, None
