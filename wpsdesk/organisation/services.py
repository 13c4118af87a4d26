"""Writes to units' memberships and to access grants on their records.

Every change lands in the model history and the security log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event

from .models import (
    AccessGrant,
    Classification,
    GrantState,
    Membership,
    Role,
    Unit,
    UnitKind,
    UnitRecord,
    User,
)
from .policy import forget_cached_access, may_lead, unit_access


@transaction.atomic
def membership_add(
    *,
    actor: User,
    unit: Unit,
    person: User,
    role: str,
    restricted_clearance: bool = False,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    reason: str = "",
) -> Membership:
    """A unit lead adds a person to their unit; ``reason`` goes to the security log."""
    if not may_lead(actor, unit):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError(_("Choose a role."))
    start = valid_from or timezone.localdate()
    if valid_to is not None and valid_to < start:
        raise ValidationError(_("The end date must be on or after the start date."))
    overlapping = Membership.objects.current(start).filter(unit=unit, user=person)
    if overlapping.exists():
        raise ValidationError(
            _("%(person)s is already a member of this unit.") % {"person": person}
        )
    membership = Membership(
        user=person,
        unit=unit,
        role=role,
        restricted_clearance=restricted_clearance,
        valid_from=start,
        valid_to=valid_to,
    )
    # The post_save signal writes the event; it takes the reason from here.
    membership._wpsdesk_reason = reason.strip()[:300]  # type: ignore[attr-defined]
    membership.save()
    forget_cached_access(person)
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership, on: dt.date | None = None) -> Membership:
    """A unit lead ends a membership: it stays on record with its end date."""
    if not may_lead(actor, membership.unit_id):
        raise PermissionDenied
    # Access ends at once: the last valid day is yesterday. A membership that started
    # today never took effect; its history still shows it.
    last_day = on or timezone.localdate() - dt.timedelta(days=1)
    if membership.valid_to is not None and membership.valid_to <= last_day:
        raise ValidationError(_("This membership has already ended."))
    membership.valid_to = last_day
    membership.valid_from = min(membership.valid_from, last_day)
    membership.save(update_fields=["valid_to", "valid_from"])
    forget_cached_access(membership.user)
    return membership


# --- access grants ---------------------------------------------------------------------

MAX_GRANT_DAYS = 365


def grantable_models() -> list[type[models.Model]]:
    """Record types a grant can name: every concrete record a unit owns (``UnitRecord``)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, UnitRecord) and not model._meta.abstract
    ]


def grantable_record(*, record_type: str, record_id: int, unit: Unit) -> models.Model | None:
    """The record of ``record_type`` (``app_label.model``) with that id in ``unit``, or None.

    Looks only at the unit's own records and never at their content, so an authoriser can
    name a strictly restricted record they may not read themselves.
    """
    by_label = {model._meta.label_lower: model for model in grantable_models()}
    model = by_label.get(record_type)
    if model is None:
        return None
    return (
        model._default_manager.filter(pk=record_id, unit=unit)
        .only("pk", "unit", "classification")
        .first()
    )


def may_authorise_grants(user: User | None, unit: Unit | int) -> bool:
    """Who makes and approves grants on a unit's records: its current unit leads.

    For an HQ section's records, the HQ coordinators who are current members of the
    section as well. Administrators and auditors never, by their capability.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    unit_id = unit if isinstance(unit, int) else unit.pk
    if may_lead(user, unit_id):
        return True
    if not user.is_hq_coordinator or unit_id not in unit_access(user):
        return False
    if isinstance(unit, Unit):
        # The unit at hand already says its kind (the navigation asks on every page).
        return unit.kind == UnitKind.SECTION
    return Unit.objects.filter(pk=unit_id, kind=UnitKind.SECTION).exists()


def _grant_details(grant: AccessGrant, **extra: Any) -> dict[str, Any]:
    """What the security log keeps of a grant: who, which record, until when; no content."""
    model = grant.content_type.model_class()
    return {
        "person": grant.user_id,
        "record_type": model._meta.label_lower if model else str(grant.content_type_id),
        "record": grant.object_id,
        "may_edit": grant.may_edit,
        "state": grant.state,
        "ends_at": grant.expires_at.isoformat(),
        **extra,
    }


def _record_grant_event(
    kind: str, *, actor: User, grant: AccessGrant, ip_address: str, **extra: Any
) -> None:
    record_event(
        kind=kind,
        actor=actor,
        ip_address=ip_address,
        target=grant,
        details=_grant_details(grant, **extra),
    )


def _grant_record(grant: AccessGrant) -> models.Model:
    model = grant.content_type.model_class()
    if model is None or not issubclass(model, UnitRecord):
        raise PermissionDenied
    record = (
        model._default_manager.filter(pk=grant.object_id)
        .only("pk", "unit", "classification")
        .first()
    )
    if record is None:
        raise PermissionDenied
    return record


@transaction.atomic
def grant_propose(
    *,
    actor: User,
    record: models.Model,
    person: User,
    reason: str,
    ends_on: dt.date,
    may_edit: bool = False,
    ip_address: str = "",
) -> AccessGrant:
    """An authoriser of the record's unit grants ``person`` access to one record.

    ``granted_by`` is always ``actor``. The grant ends at the end of ``ends_on`` (at most a
    year ahead). On a strictly restricted record it stays pending, and opens nothing, until
    a second authoriser approves it (:func:`grant_approve`); on other records it is in force
    at once.
    """
    if not isinstance(record, UnitRecord):
        raise PermissionDenied
    unit_id = record.unit_id
    if not may_authorise_grants(actor, unit_id):
        raise PermissionDenied
    if person.pk == actor.pk:
        raise PermissionDenied(_("Nobody grants access to themself."))
    if not person.is_active:
        raise ValidationError(_("Access is only granted to active people."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the access."))
    if len(reason) > 300:
        raise ValidationError(_("The reason is too long (300 characters at most)."))
    today = timezone.localdate()
    if not today <= ends_on <= today + dt.timedelta(days=MAX_GRANT_DAYS):
        raise ValidationError(
            _("The last day must be from today to at most %(days)d days ahead.")
            % {"days": MAX_GRANT_DAYS}
        )
    now = timezone.now()
    expires_at = timezone.make_aware(dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time()))
    content_type = ContentType.objects.get_for_model(type(record))
    open_grants = AccessGrant.objects.select_for_update().filter(
        user=person,
        content_type=content_type,
        object_id=record.pk,
        state__in=[GrantState.PENDING, GrantState.ACTIVE],
    )
    for lapsed in open_grants.filter(expires_at__lte=now):
        # An ended grant is closed, so that a new one can take its place.
        _close(lapsed, actor=actor, ip_address=ip_address, reason="ended")
    if open_grants.filter(expires_at__gt=now).exists():
        raise ValidationError(
            _("%(person)s already has a grant on this record; revoke it first to change it.")
            % {"person": person}
        )
    strict = record.classification == Classification.STRICTLY_RESTRICTED
    grant = AccessGrant(
        user=person,
        content_type=content_type,
        object_id=record.pk,
        may_edit=may_edit,
        reason=reason,
        state=GrantState.PENDING if strict else GrantState.ACTIVE,
        granted_by=actor,
        expires_at=expires_at,
        approved_at=None if strict else now,
    )
    grant._wpsdesk_logged = True  # type: ignore[attr-defined]
    grant.save()
    _record_grant_event(
        "access_grant.proposed" if strict else "access_grant.granted",
        actor=actor,
        grant=grant,
        ip_address=ip_address,
        reason=reason,
    )
    return grant


@transaction.atomic
def grant_approve(*, actor: User, grant: AccessGrant, ip_address: str = "") -> AccessGrant:
    """A second authoriser puts a pending grant in force.

    Not the person who proposed it and not the person it is for: four eyes.
    """
    grant = AccessGrant.objects.select_for_update().select_related("content_type").get(pk=grant.pk)
    record = _grant_record(grant)
    if not may_authorise_grants(actor, record.unit_id):  # type: ignore[attr-defined]
        raise PermissionDenied
    if actor.pk in (grant.granted_by_id, grant.user_id):
        raise PermissionDenied(_("A second person approves: not who proposed it, not who gets it."))
    if grant.state != GrantState.PENDING:
        raise ValidationError(_("Only a grant waiting for approval can be approved."))
    if grant.expires_at <= timezone.now():
        raise ValidationError(_("This grant has ended; propose a new one."))
    grant.state = GrantState.ACTIVE
    grant.approved_by = actor
    grant.approved_at = timezone.now()
    grant._wpsdesk_logged = True  # type: ignore[attr-defined]
    grant.save(update_fields=["state", "approved_by", "approved_at"])
    _record_grant_event("access_grant.approved", actor=actor, grant=grant, ip_address=ip_address)
    return grant


def _close(grant: AccessGrant, *, actor: User, ip_address: str, reason: str) -> None:
    grant.state = GrantState.REVOKED
    grant.revoked_by = actor
    grant.revoked_at = timezone.now()
    grant._wpsdesk_logged = True  # type: ignore[attr-defined]
    grant.save(update_fields=["state", "revoked_by", "revoked_at"])
    _record_grant_event(
        "access_grant.revoked", actor=actor, grant=grant, ip_address=ip_address, reason=reason
    )


@transaction.atomic
def grant_revoke(
    *, actor: User, grant: AccessGrant, reason: str, ip_address: str = ""
) -> AccessGrant:
    """An authoriser of the record's unit ends a grant (or declines a pending one) now."""
    grant = AccessGrant.objects.select_for_update().select_related("content_type").get(pk=grant.pk)
    record = _grant_record(grant)
    if not may_authorise_grants(actor, record.unit_id):  # type: ignore[attr-defined]
        raise PermissionDenied
    if grant.state == GrantState.REVOKED:
        raise ValidationError(_("This grant is revoked already."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking."))
    _close(grant, actor=actor, ip_address=ip_address, reason=reason[:300])
    return grant


@transaction.atomic
def repend_grants_on_strict(
    *, actor: User, record: models.Model, reason: str = "", ip_address: str = ""
) -> list[AccessGrant]:
    """Send back to pending every grant in force on ``record`` that had no second approval.

    Called by :func:`~wpsdesk.organisation.reclassification.reclassify` when a record is
    raised to strictly restricted: a grant made on it while it was restricted (or internal)
    was in force at once, on one person's word. On a strict record four eyes hold, so such
    a grant opens nothing until a second authoriser approves it (:func:`grant_approve`).
    Grants a second person already approved stay in force. Each is logged as
    ``access_grant.repended`` with the record, why, and the reclassification's reason.
    """
    if not isinstance(record, UnitRecord) or record.pk is None:
        return []
    content_type = ContentType.objects.get_for_model(type(record))
    grants = list(
        AccessGrant.objects.in_force()
        .select_for_update()
        .filter(content_type=content_type, object_id=record.pk, approved_by__isnull=True)
    )
    for grant in grants:
        grant.content_type = content_type
        grant.state = GrantState.PENDING
        grant.approved_at = None
        grant._wpsdesk_logged = True  # type: ignore[attr-defined]
        grant.save(update_fields=["state", "approved_at"])
        _record_grant_event(
            "access_grant.repended",
            actor=actor,
            grant=grant,
            ip_address=ip_address,
            reason="raised to strictly restricted",
            classification_reason=reason,
        )
    return grants


def grants_of_unit(*, unit: Unit) -> models.QuerySet[AccessGrant]:
    """Every grant (any state) on a record the unit owns, newest first."""
    return grants_of_units(units=[unit.pk])


def grants_of_units(*, units: list[int]) -> models.QuerySet[AccessGrant]:
    """Every grant (any state) on a record one of the units owns: one query."""
    condition = Q(pk__in=[])
    for model in grantable_models():
        condition |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=model._default_manager.filter(unit__in=units).values("pk"),
        )
    return AccessGrant.objects.filter(condition)


def grants_awaiting_approval_by(user: User, units: list[Unit]) -> models.QuerySet[AccessGrant]:
    """Pending grants the person could approve: on records of those of ``units`` they
    authorise grants for, not proposed by them, not for them, not yet ended.
    """
    authorised = [unit.pk for unit in units if may_authorise_grants(user, unit)]
    if not authorised:
        return AccessGrant.objects.none()
    return (
        grants_of_units(units=authorised)
        .filter(state=GrantState.PENDING, expires_at__gt=timezone.now())
        .exclude(granted_by=user)
        .exclude(user=user)
    )
