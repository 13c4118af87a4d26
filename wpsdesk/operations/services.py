"""Writes on operations: the operation, its mandate renewals and tasks, participation
figures, nominations, and the restricted personnel list. Pages and the demo call these, so
every writer gets the same permission checks, history and security log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core.concurrency import ensure_current, touch
from wpsdesk.core.request_context import current_ip
from wpsdesk.engagements.models import Nomination
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, may_read
from wpsdesk.organisation.reclassification import reclassify

from .models import (
    DeployedPerson,
    MandatedTask,
    MandateRenewal,
    Operation,
    ParticipationFigure,
)
from .selectors import units_for_personnel

OPERATION_FIELDS = (
    "name",
    "acronym",
    "organisation",
    "kind",
    "countries",
    "contribution",
    "contribution_note",
    "started",
    "ended",
)
PERSON_FIELDS = (
    "name",
    "post",
    "contact",
    "notes",
    "deployed_from",
    "deployed_until",
    "review_due",
)


def operation_save(
    *,
    actor: User,
    values: dict[str, Any],
    unit: Unit | None = None,
    operation: Operation | None = None,
    version: int | None = None,
    classification_reason: str = "",
) -> tuple[Operation, bool]:
    """Add an operation followed by ``unit``, or change one; returns it and whether it changed.

    With ``version`` (the one the person read) a change made after someone else saved raises
    :class:`~wpsdesk.core.concurrency.StaleEdit`. Raises ``PermissionDenied`` when the person
    may not write in the unit or edit the operation (or lowers its classification without
    being the unit lead), ``ValidationError`` when it does not hold together.
    """
    if operation is None:
        if unit is None or not may_create_in(actor, unit):
            raise PermissionDenied
        operation = Operation(unit=unit, created_by=actor)
    elif not may_edit(actor, operation):
        raise PermissionDenied
    with transaction.atomic():
        changed = operation.pk is None
        if not changed:
            ensure_current(operation, version)
            if "classification" in values:
                changed = reclassify(
                    actor=actor,
                    record=operation,
                    to=values["classification"],
                    reason=classification_reason,
                )
        elif "classification" in values:
            operation.classification = values["classification"]
        for name in OPERATION_FIELDS:
            if name in values and getattr(operation, name) != values[name]:
                setattr(operation, name, values[name])
                changed = True
        operation.full_clean(exclude=["unit", "created_by", "nominations"])
        if changed:
            operation.save()
    return operation, changed


def renewal_add(
    *,
    actor: User,
    operation: Operation,
    date: dt.date,
    resolution: str,
    until: dt.date | None = None,
    note: str = "",
    tasks: Iterable[tuple[str, str]] = (),
) -> MandateRenewal:
    """Record a mandate renewal with the WPS tasks it carries and what it did with each."""
    if not may_edit(actor, operation):
        raise PermissionDenied
    resolution = " ".join(resolution.split())
    if not resolution:
        raise ValidationError(_("Give the resolution or decision that renewed the mandate."))
    if until is not None and until < date:
        raise ValidationError(_("The mandate cannot run out before it was renewed."))
    with transaction.atomic():
        ensure_current(operation, None)
        if operation.renewals.filter(resolution=resolution).exists():
            raise ValidationError(_("This resolution is already recorded for the operation."))
        renewal = MandateRenewal.objects.create(
            operation=operation, date=date, resolution=resolution, until=until, note=note.strip()
        )
        MandatedTask.objects.bulk_create(
            MandatedTask(renewal=renewal, task=" ".join(task.split()), outcome=outcome)
            for task, outcome in tasks
            if task.strip()
        )
        touch(operation)
    return renewal


def renewal_delete(*, actor: User, renewal: MandateRenewal) -> None:
    """Remove a renewal recorded by mistake (kept in its history and the security log)."""
    operation = renewal.operation
    if not may_edit(actor, operation):
        raise PermissionDenied
    with transaction.atomic():
        record_event(
            kind="operations.renewal_deleted",
            actor=actor,
            ip_address=current_ip(),
            target=operation,
            details={"renewal": renewal.pk},
        )
        renewal.delete()
        touch(operation)


def figure_save(
    *,
    actor: User,
    operation: Operation,
    date: dt.date,
    level: str,
    women: int,
    total: int,
    source: str = "",
) -> tuple[ParticipationFigure, bool]:
    """Record (or correct) women's numbers at one level on one date; whether it was new."""
    if not may_edit(actor, operation):
        raise PermissionDenied
    if women > total:
        raise ValidationError(_("There cannot be more women than people in total."))
    with transaction.atomic():
        figure, created = ParticipationFigure.objects.update_or_create(
            operation=operation,
            date=date,
            level=level,
            defaults={"women": women, "total": total, "source": source.strip()},
        )
        touch(operation)
    return figure, created


def nomination_link(*, actor: User, operation: Operation, nomination: Nomination) -> bool:
    """Link a nomination (a Norwegian candidate for a post in the operation); whether new."""
    if not may_edit(actor, operation) or not may_read(actor, nomination):
        raise PermissionDenied
    with transaction.atomic():
        if operation.nominations.filter(pk=nomination.pk).exists():
            return False
        operation.nominations.add(nomination)
        touch(operation)
    return True


def _may_keep_personnel(actor: User, unit: Unit) -> bool:
    """Editors and leads of the unit with restricted clearance keep its personnel list."""
    return unit in units_for_personnel([unit], actor)


def person_save(
    *,
    actor: User,
    values: dict[str, Any],
    unit: Unit | None = None,
    operation: Operation | None = None,
    person: DeployedPerson | None = None,
    version: int | None = None,
) -> tuple[DeployedPerson, bool]:
    """Add a deployed person to ``unit``'s restricted list for ``operation``, or change one.

    Only editors and leads of the unit with restricted clearance: an entry they could not
    read afterwards is refused (``PermissionDenied``), as is an operation they cannot see.
    The entry is restricted and stays so. Nothing of its content goes to the security log.
    """
    if person is None:
        if unit is None or operation is None or not _may_keep_personnel(actor, unit):
            raise PermissionDenied
        if not may_read(actor, operation):
            raise PermissionDenied
        person = DeployedPerson(
            unit=unit, operation=operation, classification=Classification.RESTRICTED
        )
    elif not may_edit(actor, person):
        raise PermissionDenied
    with transaction.atomic():
        changed = person.pk is None
        if not changed:
            ensure_current(person, version)
        for name in PERSON_FIELDS:
            if name in values and getattr(person, name) != values[name]:
                setattr(person, name, values[name])
                changed = True
        start, end = person.deployed_from, person.deployed_until
        if start and end and end < start:
            raise ValidationError(_("A deployment cannot end before it starts."))
        person.full_clean(exclude=["unit", "operation"])
        if changed:
            person.save()
    return person, changed


def person_delete(*, actor: User, person: DeployedPerson) -> None:
    """Remove an entry from the list (recorded without content in the security log)."""
    if not may_edit(actor, person):
        raise PermissionDenied
    with transaction.atomic():
        record_event(
            kind="operations.person_deleted",
            actor=actor,
            ip_address=current_ip(),
            target=person,
            details={"operation": person.operation_id},
        )
        person.delete()
