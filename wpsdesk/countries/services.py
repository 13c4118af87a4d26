"""Writes on a country's commitments. Pages, the API and the demo all call these, so every
writer gets the same checks (:mod:`.rules` on top of the policy layer), history,
optimistic concurrency and security log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core.concurrency import ensure_current, touch
from wpsdesk.core.request_context import current_ip
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.organisation.reclassification import reclassify

from . import rules
from .kinds import KINDS, kind_of
from .models import Body, CountryRecord, FollowUp, Recommendation

#: Classifications a person picks here; strictly restricted records belong elsewhere.
CHOSEN = (Classification.INTERNAL, Classification.RESTRICTED)


def commitment_save(
    *,
    actor: User,
    kind: str,
    values: dict[str, Any],
    unit: Unit | None = None,
    country: str = "",
    record: CountryRecord | None = None,
    version: int | None = None,
    classification_reason: str = "",
) -> tuple[CountryRecord, bool]:
    """Add a record of ``kind`` about ``country`` to ``unit``, or change ``record``;
    returns it and whether it changed.

    Raises ``PermissionDenied`` when the person may not keep the country's commitments
    there (or lowers a classification without being the unit lead),
    :class:`~wpsdesk.core.concurrency.StaleEdit` when someone saved after ``version``, and
    ``ValidationError`` when the record does not hold together.
    """
    spec = KINDS[kind]
    if record is None:
        country = (country or "").upper()
        if unit is None or not rules.may_add(actor, unit, country):
            raise PermissionDenied
        record = spec.model(unit=unit, country=country, created_by=actor)
    elif type(record) is not spec.model or not rules.may_change(actor, record):
        raise PermissionDenied
    with transaction.atomic():
        changed = record.pk is None
        if not changed:
            ensure_current(record, version)
            if "classification" in values:
                changed = reclassify(
                    actor=actor,
                    record=record,
                    to=values["classification"],
                    reason=classification_reason,
                )
        elif "classification" in values:
            if values["classification"] not in CHOSEN:
                raise ValidationError({"classification": _("Choose internal or restricted.")})
            record.classification = values["classification"]
        for name in spec.fields:
            if name in values and getattr(record, name) != values[name]:
                setattr(record, name, values[name])
                changed = True
        if isinstance(record, Recommendation) and record.body != Body.UPR:
            record.recommending_state = ""
        record.full_clean(exclude=["unit", "created_by"])
        if changed:
            record.save()
    return record, changed


def commitment_delete(*, actor: User, record: CountryRecord) -> None:
    """Delete a record (its follow-ups with it); recorded in the security log and history."""
    if not rules.may_change(actor, record):
        raise PermissionDenied
    with transaction.atomic():
        record_event(
            kind="countries.record_deleted",
            actor=actor,
            ip_address=current_ip(),
            target=record,
            details={"kind": kind_of(record).key, "country": record.country},
        )
        record.delete()


def follow_up_add(
    *, actor: User, recommendation: Recommendation, values: dict[str, Any]
) -> FollowUp:
    """Record where a recommendation stands on a day, with the evidence and its source.

    The person must be able to change the recommendation. The recommendation's version
    goes up, so a page showing the older follow-ups is stale.
    """
    if not rules.may_change(actor, recommendation):
        raise PermissionDenied
    with transaction.atomic():
        ensure_current(recommendation, None)
        follow_up = FollowUp(
            recommendation=recommendation,
            on=values.get("on") or timezone.localdate(),
            status=values.get("status", ""),
            evidence=(values.get("evidence") or "").strip(),
            source=" ".join((values.get("source") or "").split()),
            created_by=actor,
        )
        follow_up.full_clean(exclude=["recommendation", "created_by"])
        follow_up.save()
        touch(recommendation)
    return follow_up
