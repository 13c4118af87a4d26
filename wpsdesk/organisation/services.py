"""Writes to units' memberships. Every change lands in the model history and the security log."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Membership, Role, Unit, User
from .policy import forget_cached_access, may_lead


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
) -> Membership:
    """A unit lead adds a person to their unit."""
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
    membership = Membership.objects.create(
        user=person,
        unit=unit,
        role=role,
        restricted_clearance=restricted_clearance,
        valid_from=start,
        valid_to=valid_to,
    )
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
