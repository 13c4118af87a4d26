"""Writes on the civil-society map: organisations, their links to each other and to
engagements. Pages, the API and the demo all call these, so every writer gets the same
permission checks, history and security log.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core.concurrency import ensure_current, touch
from wpsdesk.core.request_context import current_ip
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, may_read
from wpsdesk.organisation.reclassification import reclassify

from .models import LinkKind, Organisation, OrganisationLink

ORGANISATION_FIELDS = (
    "name",
    "scope",
    "kind",
    "country",
    "themes",
    "stance",
    "supported_by_norway",
    "who_they_are",
    "views",
    "represents",
    "challenges",
    "alliance_strategies",
)


def organisation_save(
    *,
    actor: User,
    values: dict[str, Any],
    unit: Unit | None = None,
    organisation: Organisation | None = None,
    version: int | None = None,
    classification_reason: str = "",
) -> tuple[Organisation, bool]:
    """Add an organisation to ``unit``'s map, or change one; returns it and whether it changed.

    With ``version`` (the one the person read) a change made after someone else saved raises
    :class:`~wpsdesk.core.concurrency.StaleEdit` and writes nothing. Raises
    ``PermissionDenied`` when the person may not write in the unit or may not edit the
    record (or lowers its classification without being the unit lead), and
    ``ValidationError`` when the record does not hold together.
    """
    if organisation is None:
        if unit is None or not may_create_in(actor, unit):
            raise PermissionDenied
        organisation = Organisation(unit=unit, created_by=actor)
    elif not may_edit(actor, organisation):
        raise PermissionDenied
    with transaction.atomic():
        changed = organisation.pk is None
        if not changed:
            ensure_current(organisation, version)
            if "classification" in values:
                changed = reclassify(
                    actor=actor,
                    record=organisation,
                    to=values["classification"],
                    reason=classification_reason,
                )
        elif "classification" in values:
            organisation.classification = values["classification"]
        for name in ORGANISATION_FIELDS:
            if name in values and getattr(organisation, name) != values[name]:
                setattr(organisation, name, values[name])
                changed = True
        organisation.full_clean(exclude=["unit", "created_by", "engagements"])
        if changed:
            organisation.save()
    return organisation, changed


def organisation_delete(*, actor: User, organisation: Organisation) -> None:
    """Delete an organisation and its links; recorded in the security log and its history."""
    if not may_edit(actor, organisation):
        raise PermissionDenied
    with transaction.atomic():
        record_event(
            kind="civil_society.organisation_deleted",
            actor=actor,
            ip_address=current_ip(),
            target=organisation,
            details={"classification": organisation.classification},
        )
        organisation.delete()


def link_add(
    *,
    actor: User,
    organisation: Organisation,
    other: Organisation,
    kind: str,
    note: str = "",
) -> OrganisationLink:
    """Record that ``other`` is ``organisation``'s partner in the country or its member.

    The person must be able to edit ``organisation`` and read ``other``.
    """
    if not may_edit(actor, organisation) or not may_read(actor, other):
        raise PermissionDenied
    if organisation.pk == other.pk:
        raise ValidationError(_("An organisation cannot be linked to itself."))
    kind = LinkKind(kind)
    with transaction.atomic():
        ensure_current(organisation, None)
        link, created = OrganisationLink.objects.get_or_create(
            organisation=organisation,
            other=other,
            kind=kind,
            defaults={"note": note.strip(), "created_by": actor},
        )
        if not created:
            raise ValidationError(_("This link is already recorded."))
        touch(organisation)
    return link


def link_remove(*, actor: User, link: OrganisationLink) -> None:
    """Remove a link between two organisations (kept in the link's history)."""
    if not may_edit(actor, link.organisation):
        raise PermissionDenied
    with transaction.atomic():
        organisation = link.organisation
        link.delete()
        touch(organisation)


def engagement_link(*, actor: User, organisation: Organisation, engagement: Engagement) -> bool:
    """Link an engagement with the organisation; whether it was new.

    The person must be able to edit the organisation and read the engagement.
    """
    if not may_edit(actor, organisation) or not may_read(actor, engagement):
        raise PermissionDenied
    with transaction.atomic():
        if organisation.engagements.filter(pk=engagement.pk).exists():
            return False
        organisation.engagements.add(engagement)
        touch(organisation)
    return True


def engagement_unlink(*, actor: User, organisation: Organisation, engagement: Engagement) -> bool:
    """Remove the link between an engagement and the organisation; whether there was one."""
    if not may_edit(actor, organisation):
        raise PermissionDenied
    with transaction.atomic():
        if not organisation.engagements.filter(pk=engagement.pk).exists():
            return False
        organisation.engagements.remove(engagement)
        touch(organisation)
    return True
