"""Writes on the WPS calendar: units' events, global events, reminders and feed addresses.

Pages and the demo call these, so every writer gets the same permission checks, history
and security log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core.concurrency import ensure_current
from wpsdesk.core.request_context import current_ip
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import is_person, may_create_in, may_edit
from wpsdesk.organisation.reclassification import reclassify

from . import feed
from .models import MAX_DAYS_BEFORE, GlobalEvent, GlobalEventDate, Reminder, UnitEvent

EVENT_FIELDS = ("title", "date", "kind", "country", "forum", "notes")
GLOBAL_FIELDS = ("name", "forum", "description", "month", "day", "url", "is_active")


def may_keep_global_events(user: Any) -> bool:
    """HQ coordinators keep the global events."""
    return is_person(user) and bool(getattr(user, "is_hq_coordinator", False))


def event_save(
    *,
    actor: User,
    values: dict[str, Any],
    unit: Unit | None = None,
    event: UnitEvent | None = None,
    version: int | None = None,
    classification_reason: str = "",
) -> tuple[UnitEvent, bool]:
    """Add an event to ``unit``'s calendar, or change one; returns it and whether it changed.

    Raises ``PermissionDenied`` when the person may not write in the unit or edit the event
    (or lowers its classification without being the unit lead), :class:`StaleEdit` when
    someone else saved after ``version``, and ``ValidationError`` when it does not hold.
    """
    if event is None:
        if unit is None or not may_create_in(actor, unit):
            raise PermissionDenied
        event = UnitEvent(unit=unit, created_by=actor)
    elif not may_edit(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        changed = event.pk is None
        if not changed:
            ensure_current(event, version)
            if "classification" in values:
                changed = reclassify(
                    actor=actor,
                    record=event,
                    to=values["classification"],
                    reason=classification_reason,
                )
        elif "classification" in values:
            event.classification = values["classification"]
        for name in EVENT_FIELDS:
            if name in values and getattr(event, name) != values[name]:
                setattr(event, name, values[name])
                changed = True
        event.full_clean(exclude=["unit", "created_by"])
        if changed:
            event.save()
    return event, changed


def event_delete(*, actor: User, event: UnitEvent) -> None:
    """Delete a unit's event; recorded in the security log and its history."""
    if not may_edit(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        record_event(
            kind="calendar.event_deleted",
            actor=actor,
            ip_address=current_ip(),
            target=event,
            details={"classification": event.classification},
        )
        event.delete()


def global_event_save(
    *,
    actor: User,
    values: dict[str, Any],
    dates: list[dt.date] | None = None,
    event: GlobalEvent | None = None,
    version: int | None = None,
) -> GlobalEvent:
    """Add or change a global event and (when given) replace its dates set per year.

    Only HQ coordinators keep global events; a change made after someone else saved raises
    :class:`StaleEdit`.
    """
    if not may_keep_global_events(actor):
        raise PermissionDenied
    with transaction.atomic():
        if event is None:
            event = GlobalEvent()
        else:
            ensure_current(event, version)
        for name in GLOBAL_FIELDS:
            if name in values:
                setattr(event, name, values[name])
        if not (event.month and event.day) and not dates and not event.pk:
            raise ValidationError(_("Give a fixed date, or at least one date in a year."))
        event.full_clean()
        event.save()
        if dates is not None:
            event.dates.exclude(date__in=dates).delete()
            known = set(event.dates.values_list("date", flat=True))
            GlobalEventDate.objects.bulk_create(
                GlobalEventDate(event=event, date=day) for day in sorted(set(dates) - known)
            )
    return event


def global_event_delete(*, actor: User, event: GlobalEvent) -> None:
    """Delete a global event and its dates; recorded in the security log."""
    if not may_keep_global_events(actor):
        raise PermissionDenied
    with transaction.atomic():
        record_event(
            kind="calendar.global_event_deleted",
            actor=actor,
            ip_address=current_ip(),
            details={"name": event.name},
        )
        event.delete()


def reminder_set(
    *, actor: User, kind: str, days_before: int, entry_key: str = "", entry_title: str = ""
) -> Reminder:
    """Set (or change) the person's reminder for an entry or a kind of entries."""
    if not is_person(actor):
        raise PermissionDenied
    if not 0 <= days_before <= MAX_DAYS_BEFORE:
        raise ValidationError(_("Choose from 0 to %(max)s days before.") % {"max": MAX_DAYS_BEFORE})
    reminder, _created = Reminder.objects.update_or_create(
        user=actor,
        kind=kind,
        entry_key=entry_key,
        defaults={"days_before": days_before, "entry_title": entry_title[:200]},
    )
    return reminder


def reminder_remove(*, actor: User, reminder: Reminder) -> None:
    """Remove one of the person's own reminders."""
    if not is_person(actor) or reminder.user_id != actor.pk:
        raise PermissionDenied
    reminder.delete()


def feed_make(*, actor: User) -> str:
    """Make the person a new feed address (the old one stops working); returns its token."""
    if not is_person(actor):
        raise PermissionDenied
    token = feed.make_token(actor)
    record_event(kind="calendar.feed_made", actor=actor, ip_address=current_ip())
    return token


def feed_revoke(*, actor: User) -> bool:
    """Stop the person's feed address; whether there was one."""
    if not is_person(actor):
        raise PermissionDenied
    deleted, _rows = feed.FeedToken.objects.filter(user=actor).delete()
    if deleted:
        record_event(kind="calendar.feed_revoked", actor=actor, ip_address=current_ip())
    return bool(deleted)
