"""Creating and revoking API tokens; both are written to the security log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.organisation.models import User

from . import tokens
from .models import ApiToken, Scope

DEFAULT_DAYS = 30
# A token asked for "90 days from now" must not fail because a second went by.
_LIFETIME_SLACK = dt.timedelta(minutes=5)


def clean_scopes(scopes: Iterable[str]) -> list[str]:
    """The scopes in a fixed order; refuses unknown or no scopes."""
    wanted = set(scopes)
    unknown = wanted - set(Scope.values)
    if unknown:
        raise ValidationError(
            _("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(sorted(unknown))},
            code="unknown_scope",
        )
    if not wanted:
        raise ValidationError(_("Choose at least one scope."), code="no_scope")
    return [scope for scope in Scope.values if scope in wanted]


def max_days() -> int:
    """The longest a token may live, in days (``WPSDESK_API_TOKEN_MAX_DAYS``, at most 90)."""
    return min(int(getattr(settings, "API_TOKEN_MAX_DAYS", 90)), 90)


def default_days() -> int:
    """A new token's lifetime when none is asked for: 30 days, or the maximum if shorter."""
    return min(DEFAULT_DAYS, max_days())


def clean_expiry(expires_at: dt.datetime | None, *, now: dt.datetime) -> dt.datetime:
    """The expiry: 30 days from now by default, never past, never beyond :func:`max_days`."""
    if expires_at is None:
        return now + dt.timedelta(days=default_days())
    if timezone.is_naive(expires_at):
        raise ValidationError(_("The expiry needs a time zone."), code="naive_expiry")
    if expires_at <= now:
        raise ValidationError(_("The expiry must lie in the future."), code="expiry_past")
    days = max_days()
    if expires_at > now + dt.timedelta(days=days) + _LIFETIME_SLACK:
        raise ValidationError(
            _("A token may live at most %(days)d days.") % {"days": days}, code="expiry_too_far"
        )
    return expires_at


def api_token_create(
    *,
    owner: User,
    name: str,
    scopes: Iterable[str],
    expires_at: dt.datetime | None = None,
    lifetime: dt.timedelta | None = None,
    actor: User | None = None,
    actor_label: str = "",
    ip_address: str = "",
) -> tuple[ApiToken, str]:
    """Create a token for ``owner`` and return it with its full text.

    It expires at ``expires_at``, or ``lifetime`` after now, or 30 days after now; never
    more than :func:`max_days` ahead.

    The text is returned this once and stored nowhere: only the prefix and a digest are
    kept. The security log gets an ``api_token.created`` event with the prefix, scopes
    and expiry, never the secret.
    """
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the token a name."), code="no_name")
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationError(_("The name is too long."), code="name_too_long")
    if not owner.is_active:
        raise ValidationError(_("Tokens are only made for active people."), code="inactive")
    now = timezone.now()
    cleaned_scopes = clean_scopes(scopes)
    if lifetime is not None:
        if expires_at is not None:
            raise ValueError("give expires_at or lifetime, not both")
        expires_at = now + lifetime
    expiry = clean_expiry(expires_at, now=now)
    for _attempt in range(5):
        prefix = tokens.new_prefix()
        text = tokens.new_token_text(prefix)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    owner=owner,
                    name=name,
                    prefix=prefix,
                    digest=tokens.digest_of(text),
                    scopes=cleaned_scopes,
                    created_at=now,
                    expires_at=expiry,
                )
                record_event(
                    kind="api_token.created",
                    actor=actor,
                    actor_label=actor_label,
                    ip_address=ip_address,
                    target=token,
                    details=_event_details(token),
                )
        except IntegrityError:  # the same prefix twice: astronomically rare, try again
            continue
        return token, text
    raise RuntimeError("could not find a free token prefix")


def api_token_revoke(
    *,
    token: ApiToken,
    actor: User | None = None,
    actor_label: str = "",
    ip_address: str = "",
    reason: str = "",
) -> bool:
    """Revoke the token from now on; False if it was revoked already (nothing logged then).

    ``reason`` (a short code such as ``person_disabled``) goes to the security log. A person
    revokes only their own tokens; administrators (disabling someone, an approved reset)
    and the system (``actor`` None: the command line, signals) revoke any.
    """
    if actor is not None and actor.pk != token.owner_id and not actor.is_staff:
        raise PermissionDenied
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            token.revoked_at = locked.revoked_at
            return False
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record_event(
            kind="api_token.revoked",
            actor=actor,
            actor_label=actor_label,
            ip_address=ip_address,
            target=locked,
            details={**_event_details(locked), **({"reason": reason} if reason else {})},
        )
    token.revoked_at = locked.revoked_at
    return True


def api_token_touch(*, token: ApiToken, every: dt.timedelta = dt.timedelta(minutes=1)) -> None:
    """Note that the token was used; at most one write per ``every``."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < every:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def _event_details(token: ApiToken) -> dict[str, Any]:
    return {
        "prefix": token.prefix,
        "owner": token.owner_id,
        "scopes": list(token.scopes),
        "expires_at": token.expires_at.isoformat(),
    }
