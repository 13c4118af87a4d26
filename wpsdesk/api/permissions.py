"""Who may use the API at all; what they may see is the policy layer's business.

:class:`IsVerifiedPerson` is the default permission of every API view. It admits an
active person who came with a token or with a session past the second factor. A token
also needs the scope for the method: ``read`` for safe methods, ``write`` for the rest.
Like every check in wpsdesk it fails closed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from wpsdesk.accounts.gate import person_is_verified

from .models import ApiToken, Scope

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise
    from rest_framework.request import Request
    from rest_framework.views import APIView

log = logging.getLogger(__name__)


def required_scope(method: str) -> str:
    """The token scope a request method needs."""
    return Scope.READ if method in SAFE_METHODS else Scope.WRITE


class IsVerifiedPerson(BasePermission):
    """An active person with a token of the right scope, or a verified session."""

    message: str | _StrPromise = _("You may not do this.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        try:
            return self._allowed(request)
        except Exception:
            log.exception("API permission check failed; denying")
            return False

    def _allowed(self, request: Request) -> bool:
        user = request.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        token = request.auth
        if isinstance(token, ApiToken):
            scope = required_scope(request.method or "")
            if token.has_scope(scope):
                return token.is_usable
            self.message = _("This token lacks the scope %(scope)s.") % {"scope": scope}
            return False
        if token is not None:
            return False  # credentials of a kind we do not issue
        return person_is_verified(request._request)
