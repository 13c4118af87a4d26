"""Resetting another person's password or second factor: four eyes, then the person.

* :func:`reset_request` – an administrator asks, with a reason;
* :func:`reset_approve` – a second administrator (not the one who asked, not the person)
  approves: the old password stops working and/or the authenticator app and recovery
  codes are removed, the person's sessions end and their API tokens are revoked (the
  token signals see the changed password and the removed app). For a password, a one-time
  link (valid :data:`LINK_HOURS` hours) is returned once, to be handed to the person;
* :func:`password_set_with_link` – the person sets their own new password with it.

Each step checks its own permission and is written to the security log with the actor,
the person, the address and the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from wpsdesk.api.signals import revoke_all_tokens_of
from wpsdesk.audit.services import record_event
from wpsdesk.organisation.policy import may_administer

from .models import CredentialReset, ResetKind, ResetState

LINK_HOURS = 24
# A request nobody approved within this time can no longer be approved.
REQUEST_DAYS = 3


def _digest(link_token: str) -> str:
    return hashlib.sha256(link_token.encode("utf-8")).hexdigest()


def _details(reset: CredentialReset, **extra: Any) -> dict[str, Any]:
    return {"person": reset.person_id, "kind": reset.kind, "request": reset.pk, **extra}


def pending_reset_exists(person: Any) -> bool:
    """Whether a reset for the person waits for approval."""
    return CredentialReset.objects.filter(person=person, state=ResetState.PENDING).exists()


@transaction.atomic
def reset_request(
    *, actor: Any, person: Any, kind: str, reason: str, ip_address: str = ""
) -> CredentialReset:
    """An administrator asks to reset someone else's password and/or second factor."""
    if not may_administer(actor):
        raise PermissionDenied
    if person.pk == actor.pk:
        raise PermissionDenied(_("Change your own password and app on “Your account”."))
    if kind not in ResetKind.values:
        raise ValidationError(_("Choose what to reset."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the reset."))
    if pending_reset_exists(person):
        raise ValidationError(_("A reset for this person is already waiting for approval."))
    reset = CredentialReset.objects.create(
        person=person, kind=kind, reason=reason[:300], requested_by=actor
    )
    record_event(
        kind="credential_reset.requested",
        actor=actor,
        ip_address=ip_address,
        target=person,
        details=_details(reset, reason=reset.reason),
    )
    return reset


def end_sessions_of(person: Any) -> int:
    """Delete every session of the person (database sessions); how many ended."""
    ended = 0
    key = str(person.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def reset_approve(*, actor: Any, reset: CredentialReset, ip_address: str = "") -> str | None:
    """A second administrator approves: the reset happens now.

    Returns the one-time link token for a password reset (shown once, kept only as a
    digest), None for a second-factor reset (the person sets up a new app at log-in).
    """
    if not may_administer(actor):
        raise PermissionDenied
    reset = CredentialReset.objects.select_for_update().select_related("person").get(pk=reset.pk)
    if actor.pk in (reset.requested_by_id, reset.person_id):
        raise PermissionDenied(
            _("A second administrator approves: not the one who asked, not the person.")
        )
    if reset.state != ResetState.PENDING:
        raise ValidationError(_("Only a waiting request can be approved."))
    now = timezone.now()
    if reset.requested_at < now - dt.timedelta(days=REQUEST_DAYS):
        raise ValidationError(_("This request is too old; ask again."))
    person = reset.person
    link_token = None
    if reset.resets_password:
        link_token = secrets.token_urlsafe(32)
        reset.link_digest = _digest(link_token)
        reset.link_expires_at = now + dt.timedelta(hours=LINK_HOURS)
        person.set_unusable_password()
        person._wpsdesk_password_logged = True  # type: ignore[attr-defined]  # this event says it
        person.save()
    removed = []
    if reset.resets_second_factor:
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.filter(user=person):
                removed.append(model._meta.model_name)
                device.delete()
    ended = end_sessions_of(person)
    # The token signals revoke on a changed password or a removed app; a person who had
    # neither (single sign-on) loses their tokens here too.
    revoke_all_tokens_of(person.pk, reason="credential_reset")
    reset.state = ResetState.APPROVED
    reset.decided_by = actor
    reset.decided_at = now
    reset.save()
    record_event(
        kind="credential_reset.approved",
        actor=actor,
        ip_address=ip_address,
        target=person,
        details=_details(
            reset,
            reason=reset.reason,
            requested_by=reset.requested_by_id,
            devices_removed=removed,
            sessions_ended=ended,
        ),
    )
    return link_token


@transaction.atomic
def reset_cancel(*, actor: Any, reset: CredentialReset, ip_address: str = "") -> None:
    """Any administrator (the one who asked included) withdraws a waiting request."""
    if not may_administer(actor):
        raise PermissionDenied
    reset = CredentialReset.objects.select_for_update().get(pk=reset.pk)
    if reset.state != ResetState.PENDING:
        raise ValidationError(_("Only a waiting request can be cancelled."))
    reset.state = ResetState.CANCELLED
    reset.decided_by = actor
    reset.decided_at = timezone.now()
    reset.save(update_fields=["state", "decided_by", "decided_at"])
    record_event(
        kind="credential_reset.cancelled",
        actor=actor,
        ip_address=ip_address,
        target=reset.person,
        details=_details(reset),
    )


def reset_for_link(link_token: str) -> CredentialReset | None:
    """The approved, unused, unexpired password reset the link belongs to, or None."""
    if not link_token or len(link_token) > 100:
        return None
    digest = _digest(link_token)
    reset = (
        CredentialReset.objects.select_related("person")
        .filter(
            link_digest=digest,
            state=ResetState.APPROVED,
            link_used_at__isnull=True,
            link_expires_at__gt=timezone.now(),
            person__is_active=True,
        )
        .first()
    )
    if reset is None or not hmac.compare_digest(reset.link_digest, digest):
        return None
    return reset


@transaction.atomic
def password_set_with_link(*, link_token: str, password: str, ip_address: str = "") -> Any:
    """The person sets their own new password with the one-time link; the link is spent."""
    reset = reset_for_link(link_token)
    if reset is None:
        raise PermissionDenied
    reset = CredentialReset.objects.select_for_update().select_related("person").get(pk=reset.pk)
    if reset.link_used_at is not None:
        raise PermissionDenied
    person = reset.person
    validate_password(password, user=person)
    person.set_password(password)
    person._wpsdesk_password_logged = True  # type: ignore[attr-defined]
    person.save()
    reset.link_used_at = timezone.now()
    reset.save(update_fields=["link_used_at"])
    record_event(
        kind="password.set_after_reset",
        actor=person,
        ip_address=ip_address,
        target=person,
        details=_details(reset),
    )
    return get_user_model().objects.get(pk=person.pk)
