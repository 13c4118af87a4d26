"""Writes of the roster, requests, deployments and funding. Each checks who may write.

Views and the demo call these; every one refuses with ``PermissionDenied`` a person who may
not make the change, and refuses a change made from an older version with ``StaleEdit``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core.concurrency import ensure_current
from wpsdesk.core.request_context import current_ip
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_read
from wpsdesk.processes.models import PeaceProcess

from . import selectors
from .models import (
    NEXT_STATUS,
    Allocation,
    Deployment,
    Mediator,
    MediatorContact,
    MediatorRequest,
    RequestStatus,
    StatusChange,
)

PROFILE_FIELDS = (
    "name",
    "summary",
    "expertise",
    "languages",
    "regions",
    "availability",
    "available_from",
    "user",
    "consent_scope",
    "consent_given_on",
    "consent_method",
    "review_due",
)
CONTACT_FIELDS = ("email", "phone", "location", "notes")


def mediator_save(
    *,
    actor: User,
    values: dict[str, Any],
    unit: Unit | None = None,
    mediator: Mediator | None = None,
    version: int | None = None,
) -> Mediator:
    """Add a mediator to a section's roster (with an empty contact record) or change her profile."""
    if mediator is None:
        if unit is None or unit not in selectors.keeper_units(user=actor):
            raise PermissionDenied
        mediator = Mediator(unit=unit)
    elif not selectors.may_keep(actor, mediator):
        raise PermissionDenied
    with transaction.atomic():
        if mediator.pk is not None:
            ensure_current(mediator, version)
        for name, value in values.items():
            if name not in PROFILE_FIELDS:
                raise ValueError(name)
            setattr(mediator, name, value)
        mediator.full_clean(exclude=["unit"])
        created = mediator.pk is None
        mediator.save()
        if created:
            MediatorContact.objects.create(mediator=mediator, unit=mediator.unit)
    return mediator


def may_edit_contact(user: Any, contact: MediatorContact) -> bool:
    """The keeping section's editors who may read it, or the mediator herself."""
    if getattr(user, "pk", None) is not None and contact.mediator.user_id == user.pk:
        return True
    return may_create_in(user, contact.unit_id) and may_read(user, contact)


def contact_save(
    *, actor: User, contact: MediatorContact, values: dict[str, str], version: int | None
) -> MediatorContact:
    """Change a mediator's contact data; the security log names the fields, not the values."""
    if not may_edit_contact(actor, contact):
        raise PermissionDenied
    with transaction.atomic():
        ensure_current(contact, version)
        changed = [n for n in CONTACT_FIELDS if getattr(contact, n) != values.get(n, "")]
        for name in CONTACT_FIELDS:
            setattr(contact, name, values.get(name, ""))
        contact.full_clean()
        contact.save()
        record_event(
            kind="mediator.contact_changed",
            actor=actor,
            ip_address=current_ip(),
            target=contact,
            details={"fields": changed},
        )
    return contact


def _check_dates(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError({"end": _("The last day cannot be before the first.")})


def request_create(
    *,
    actor: User,
    unit: Unit,
    mediator: Mediator,
    purpose: str,
    peace_process: str,
    start: dt.date,
    end: dt.date,
    classification: str = "internal",
    process: PeaceProcess | None = None,
) -> MediatorRequest:
    """A unit's editor asks the keeping section for a mediator, for a process they may read."""
    if not may_create_in(actor, unit):
        raise PermissionDenied
    if not selectors.roster_visible_to(user=actor).filter(pk=mediator.pk).exists():
        raise PermissionDenied
    if process is not None and not may_read(actor, process):
        raise PermissionDenied
    _check_dates(start, end)
    with transaction.atomic():
        request = MediatorRequest(
            unit=unit,
            mediator=mediator,
            purpose=purpose,
            peace_process=peace_process,
            process=process,
            start=start,
            end=end,
            classification=classification,
            requested_by=actor,
        )
        request.full_clean()
        request.save()
        StatusChange.objects.create(request=request, status=RequestStatus.ASKED, by=actor)
    return request


def request_decide(
    *,
    actor: User,
    request: MediatorRequest,
    status: str,
    note: str = "",
    version: int | None,
) -> MediatorRequest:
    """The keeping section agrees, declines or closes a request; the change is kept."""
    if not selectors.may_decide(actor, request):
        raise PermissionDenied
    with transaction.atomic():
        ensure_current(request, version)
        if status not in NEXT_STATUS.get(request.status, ()):
            raise ValidationError(
                _("A request that is “%(now)s” cannot become “%(next)s”.")
                % {
                    "now": request.get_status_display(),
                    "next": dict(RequestStatus.choices).get(status, status),
                }
            )
        request.status = status
        request.save(update_fields=["status"])
        StatusChange.objects.create(request=request, status=status, by=actor, note=note)
    return request


def deployment_save(
    *,
    actor: User,
    request: MediatorRequest,
    values: dict[str, Any],
    version: int | None = None,
) -> Deployment:
    """The keeping section records (or corrects) a deployment and what it cost."""
    if not selectors.may_decide(actor, request):
        raise PermissionDenied
    if request.status not in (RequestStatus.AGREED, RequestStatus.DONE):
        raise ValidationError(_("Only an agreed request can have a deployment."))
    deployment = Deployment.objects.filter(request=request).first()
    with transaction.atomic():
        if deployment is None:
            deployment = Deployment(request=request)
        else:
            ensure_current(deployment, version)
        for name in (
            "start",
            "end",
            "after_action",
            "travel_cost",
            "accommodation_cost",
            "paid_by",
        ):
            if name in values:
                setattr(deployment, name, values[name])
        _check_dates(deployment.start, deployment.end)
        deployment.full_clean()
        deployment.save()
    return deployment


def allocation_save(
    *,
    actor: User,
    unit: Unit,
    year: int,
    amount: Decimal,
    allocation: Allocation | None = None,
    version: int | None = None,
) -> Allocation:
    """Set a section's central allocation for a year (one per year)."""
    if unit not in selectors.keeper_units(user=actor):
        raise PermissionDenied
    with transaction.atomic():
        if allocation is None:
            if Allocation.objects.filter(unit=unit, year=year).exists():
                raise ValidationError(
                    {"year": _("There is an allocation for that year already: change it instead.")}
                )
            allocation = Allocation(unit=unit, year=year, amount=amount)
        else:
            if allocation.unit_id != unit.pk:
                raise PermissionDenied
            ensure_current(allocation, version)
            allocation.amount = amount
        allocation.full_clean(validate_unique=allocation.pk is None)
        allocation.save()
    return allocation
