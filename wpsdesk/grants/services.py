"""Writes on grants, their amounts, grantee reports, dialogues and best practice.

Pages, the API, the importer and the demo all call these, so every writer gets the same
permission checks, history and security log.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.catalogue.models import Item
from wpsdesk.core import sealed_files
from wpsdesk.core.concurrency import ensure_current, touch
from wpsdesk.core.request_context import current_ip
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.organisation.policy import CLASSIFICATION_RANK, may_create_in, may_edit, may_read
from wpsdesk.organisation.reclassification import reclassify

from .models import BestPractice, Grant, GrantAmount, GrantReport, NeedsGroup

#: Where sealed needs analyses and grantee reports are stored.
STORAGE_DIR = "grants/files"

GRANT_FIELDS = (
    "agreement_number",
    "title",
    "partner",
    "multilateral_partner",
    "budget_chapter",
    "budget_item",
    "start_date",
    "end_date",
    "country",
    "region",
    "priority",
    "gender_marker",
    "humanitarian",
    "age_marker",
    "channel",
    "wps_relevant",
    "needs_analysis_date",
    "needs_analysis_groups",
)

#: An amount as (year, amount, currency, NOK equivalent).
AmountRow = tuple[int, Decimal, str, Decimal]


def _clean_groups(value: Any) -> str:
    codes = value.split() if isinstance(value, str) else list(value or [])
    known = set(NeedsGroup.values)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            {"needs_analysis_groups": _("Unknown group: %(codes)s.") % {"codes": " ".join(unknown)}}
        )
    return " ".join(code for code in NeedsGroup.values if code in codes)


def grant_save(
    *,
    actor: User,
    values: dict[str, Any],
    unit: Unit | None = None,
    grant: Grant | None = None,
    version: int | None = None,
    serves: Iterable[Item] | None = None,
    amounts: Iterable[AmountRow] | None = None,
    classification_reason: str = "",
) -> tuple[Grant, bool]:
    """Register a grant in ``unit``, or change one; returns it and whether it changed.

    ``serves`` replaces the catalogue items it serves and ``amounts`` its agreed amounts
    when given. With ``version`` a change made after someone else saved raises
    :class:`~wpsdesk.core.concurrency.StaleEdit`. Raises ``PermissionDenied`` when the
    person may not write in the unit or edit the grant, or may not read the partner
    organisation; ``ValidationError`` when the grant does not hold together. Nothing is
    written then.
    """
    if grant is None:
        if unit is None or not may_create_in(actor, unit):
            raise PermissionDenied
        grant = Grant(unit=unit, created_by=actor)
    elif not may_edit(actor, grant):
        raise PermissionDenied
    partner = values.get("partner")
    if partner is not None and partner.pk != grant.partner_id and not may_read(actor, partner):
        raise PermissionDenied
    values = dict(values)
    if "needs_analysis_groups" in values:
        values["needs_analysis_groups"] = _clean_groups(values["needs_analysis_groups"])
    with transaction.atomic():
        changed = grant.pk is None
        if not changed:
            ensure_current(grant, version)
            if "classification" in values:
                changed = reclassify(
                    actor=actor,
                    record=grant,
                    to=values["classification"],
                    reason=classification_reason,
                )
        elif "classification" in values:
            grant.classification = values["classification"]
        for name in GRANT_FIELDS:
            if name in values and getattr(grant, name) != values[name]:
                setattr(grant, name, values[name])
                changed = True
        if not grant.humanitarian and grant.age_marker is not None:
            grant.age_marker = None
        partner_now = grant.partner if grant.partner_id else None
        if partner_now is not None and (
            CLASSIFICATION_RANK[Classification(partner_now.classification)]
            > CLASSIFICATION_RANK[Classification(grant.classification)]
        ):
            # The grant shows its partner's name to everyone who reads the grant.
            raise ValidationError(
                {
                    "partner": _(
                        "The partner is %(level)s on the civil-society map: "
                        "classify the grant at least as high."
                    )
                    % {"level": partner_now.get_classification_display().lower()}
                }
            )
        grant.full_clean(exclude=["unit", "created_by", "serves", "engagements"])
        if changed:
            grant.save()
        if serves is not None:
            wanted = {item.pk for item in serves}
            if wanted != set(grant.serves.values_list("pk", flat=True)):
                grant.serves.set(list(wanted))
                changed = True
        if amounts is not None:
            changed = _replace_amounts(grant, list(amounts)) or changed
        if changed and grant.pk and not grant._state.adding:
            touch(grant)
    return grant, changed


def _replace_amounts(grant: Grant, rows: list[AmountRow]) -> bool:
    """Make the grant's amounts exactly ``rows``; whether anything changed."""
    seen: set[tuple[int, str]] = set()
    for year, _amount, currency, _nok in rows:
        if (year, currency) in seen:
            raise ValidationError(
                _("%(year)s %(currency)s is given twice.") % {"year": year, "currency": currency}
            )
        seen.add((year, currency))
    stored = {(a.year, a.currency): a for a in grant.amounts.all()}
    changed = False
    for year, amount, currency, nok in rows:
        row = stored.pop((year, currency), None)
        if row is None:
            row = GrantAmount(grant=grant, year=year, currency=currency, amount=amount, nok=nok)
        elif row.amount == amount and row.nok == nok:
            continue
        else:
            row.amount, row.nok = amount, nok
        row.full_clean(exclude=["grant"])
        row.save()
        changed = True
    for row in stored.values():
        row.delete()
        changed = True
    return changed


def grant_delete(*, actor: User, grant: Grant) -> None:
    """Delete a grant with its amounts and reports; recorded in the security log."""
    if not may_edit(actor, grant):
        raise PermissionDenied
    keys = [grant.needs_analysis_key, *grant.reports.values_list("file_key", flat=True)]
    with transaction.atomic():
        record_event(
            kind="grants.grant_deleted",
            actor=actor,
            ip_address=current_ip(),
            target=grant,
            details={"agreement_number": grant.agreement_number},
        )
        grant.delete()
        transaction.on_commit(lambda: _discard_all(keys))


def _discard_all(keys: list[str]) -> None:
    for key in keys:
        sealed_files.discard(key)


def needs_analysis_store(
    *, actor: User, grant: Grant, name: str, data: bytes, received: Any, groups: Iterable[str]
) -> Grant:
    """Keep the grantee's intersectional needs analysis (already checked and stripped of
    metadata) sealed, with the date it came and the groups it names."""
    if not may_edit(actor, grant):
        raise PermissionDenied
    groups_text = _clean_groups(list(groups))
    key = sealed_files.store(data, STORAGE_DIR)
    old = grant.needs_analysis_key
    try:
        with transaction.atomic():
            ensure_current(grant, None)
            grant.needs_analysis_file_name = sealed_files.clean_name(name)
            grant.needs_analysis_key = key
            grant.needs_analysis_date = received
            grant.needs_analysis_groups = groups_text
            grant.save()
    except Exception:
        sealed_files.discard(key)
        raise
    if old:
        transaction.on_commit(lambda: sealed_files.discard(old))
    return grant


def report_save(
    *,
    actor: User,
    grant: Grant,
    values: dict[str, Any],
    report: GrantReport | None = None,
    version: int | None = None,
) -> GrantReport:
    """Add a report the grant owes (title, due date) or change one, with its assessment."""
    if not may_edit(actor, grant) or (report is not None and report.grant_id != grant.pk):
        raise PermissionDenied
    with transaction.atomic():
        if report is None:
            report = GrantReport(grant=grant)
        else:
            ensure_current(report, version)
        for name in (
            "title",
            "due_date",
            "received_on",
            "planning",
            "implementation",
            "evaluation",
            "assessment",
        ):
            if name in values:
                setattr(report, name, values[name])
        if any(values.get(n) for n in ("planning", "implementation", "evaluation", "assessment")):
            report.assessed_by = actor
        if (report.planning or report.implementation or report.evaluation) and not (
            report.received_on
        ):
            raise ValidationError(_("A report can be assessed only once it has been received."))
        report.full_clean(exclude=["grant", "assessed_by"])
        report.save()
        touch(grant)
    return report


def report_file_store(*, actor: User, report: GrantReport, name: str, data: bytes) -> GrantReport:
    """Keep the received report's file (already checked and stripped of metadata), sealed."""
    if not may_edit(actor, report.grant):
        raise PermissionDenied
    key = sealed_files.store(data, STORAGE_DIR)
    old = report.file_key
    try:
        with transaction.atomic():
            report.file_name = sealed_files.clean_name(name)
            report.file_key = key
            report.save()
    except Exception:
        sealed_files.discard(key)
        raise
    if old:
        transaction.on_commit(lambda: sealed_files.discard(old))
    return report


def report_delete(*, actor: User, report: GrantReport) -> None:
    """Remove a report the grant owes (kept in the report's history)."""
    if not may_edit(actor, report.grant):
        raise PermissionDenied
    key = report.file_key
    with transaction.atomic():
        grant = report.grant
        report.delete()
        touch(grant)
        if key:
            transaction.on_commit(lambda: sealed_files.discard(key))


def engagement_link(*, actor: User, grant: Grant, engagement: Engagement) -> bool:
    """Tie a dialogue with the grant recipient to the grant; whether it was new.

    The person must be able to edit the grant and read the engagement."""
    if not may_edit(actor, grant) or not may_read(actor, engagement):
        raise PermissionDenied
    with transaction.atomic():
        if grant.engagements.filter(pk=engagement.pk).exists():
            return False
        grant.engagements.add(engagement)
        touch(grant)
    return True


def engagement_unlink(*, actor: User, grant: Grant, engagement: Engagement) -> bool:
    """Untie an engagement from the grant; whether it was tied."""
    if not may_edit(actor, grant):
        raise PermissionDenied
    with transaction.atomic():
        if not grant.engagements.filter(pk=engagement.pk).exists():
            return False
        grant.engagements.remove(engagement)
        touch(grant)
    return True


def practice_save(
    *,
    actor: User,
    values: dict[str, Any],
    unit: Unit | None = None,
    practice: BestPractice | None = None,
    version: int | None = None,
    grants: Iterable[Grant] | None = None,
    serves: Iterable[Item] | None = None,
) -> BestPractice:
    """Write a best-practice note in ``unit``, or change one, with its grants and items.

    The person must be able to read every grant they link."""
    if practice is None:
        if unit is None or not may_create_in(actor, unit):
            raise PermissionDenied
        practice = BestPractice(unit=unit, created_by=actor)
    elif not may_edit(actor, practice):
        raise PermissionDenied
    grant_list = list(grants) if grants is not None else None
    if grant_list is not None and not all(may_read(actor, g) for g in grant_list):
        raise PermissionDenied
    with transaction.atomic():
        if practice.pk is not None:
            ensure_current(practice, version)
        for name in ("title", "source", "summary"):
            if name in values:
                setattr(practice, name, values[name])
        if practice.pk is None and "classification" in values:
            # Set once, when written; a later change goes through reclassification.
            practice.classification = values["classification"]
        practice.full_clean(exclude=["unit", "created_by", "grants", "serves"])
        practice.save()
        if grant_list is not None:
            practice.grants.set(grant_list)
        if serves is not None:
            practice.serves.set(list(serves))
    return practice
