"""Reads of SEAH reports: who may see them, the lists, and the only figures shown outside.

Who may read a report (``docs/seah.md``):

* the designated SEAH handlers of its managing unit (``Membership.seah_handler``, set by
  the unit lead with a reason on ``/seah/handlers/``);
* the managing unit's current leads;
* a person holding an access grant in force on the report — reports are always strictly
  restricted, so such a grant was approved by a second authoriser.

Nobody else: not the unit's other members (whatever their clearance), not HQ
coordinators, auditors or administrators, and never a break-glass opening. The handlers
and leads come from the roles the policy layer has already read for the request
(:func:`~wpsdesk.organisation.policy.unit_access`), so knowing them costs no query.

Every queryset of records here is marked for the read log: the request that shows them
writes one ``restricted.read`` event naming them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from wpsdesk.organisation import readlog
from wpsdesk.organisation.models import Membership, Role, Unit, User
from wpsdesk.organisation.policy import (
    AnyUser,
    granted_object_ids,
    is_person,
    unit_access,
)

from .models import Category, FollowUpStep, SeahReport

#: Smallest count shown outside the handlers; smaller cells (zero included) are suppressed.
SMALL_CELL = 5


def handling_unit_ids(user: AnyUser | None) -> list[int]:
    """Units whose SEAH reports the person handles: as designated handler or as unit lead."""
    return sorted(
        unit_id
        for unit_id, access in unit_access(user).items()
        if access.seah_handler or access.at_least(Role.LEAD)
    )


def may_use_seah(user: AnyUser | None) -> bool:
    """Whether the SEAH pages exist for the person: a handler, a lead, or a grant holder.

    No query beyond the roles and grants the policy layer reads once per request.
    """
    if not is_person(user):
        return False
    if handling_unit_ids(user):
        return True
    return bool(granted_object_ids(user, SeahReport))


def may_handle(user: AnyUser | None, unit: Unit | int) -> bool:
    """Handlers and leads of the unit record, change and close its reports."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return unit_id in handling_unit_ids(user)


def report_filter(user: AnyUser | None) -> Q | None:
    """The reports the person may read, as a condition; None for none."""
    if not is_person(user):
        return None
    units = handling_unit_ids(user)
    granted = granted_object_ids(user, SeahReport)
    if not units and not granted:
        return None
    condition = Q(pk__in=[])
    if units:
        condition |= Q(unit_id__in=units)
    if granted:
        condition |= Q(pk__in=granted)
    return condition


def reports_visible_to(*, user: AnyUser | None) -> QuerySet[SeahReport]:
    """The reports the person may read, marked for the read log."""
    condition = report_filter(user)
    if condition is None:
        return SeahReport.objects.none()
    visible = SeahReport.objects.filter(condition)
    return readlog.mark(visible, reader=user, class_path="classification")


def report_or_404(*, user: AnyUser | None, pk: Any) -> SeahReport:
    """One report the person may read, or 404 for "not there" and "not yours" alike.

    The read is noted for the request's ``restricted.read`` event (or written at once
    outside a request).
    """
    try:
        report = (
            reports_visible_to(user=user)
            .select_related("unit", "organisation", "grant", "created_by", "closed_by")
            .get(pk=pk)
        )
    except (SeahReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not readlog.note(user, report, report.classification):
        from wpsdesk.audit.services import record_event
        from wpsdesk.core.request_context import current_ip

        record_event(
            kind="restricted.read",
            actor=user if isinstance(user, User) else None,
            ip_address=current_ip(),
            target=report,
            details={"classification": report.classification},
        )
    return report


def may_edit_report(user: AnyUser | None, report: SeahReport) -> bool:
    """Handlers and leads of the managing unit; a grant holder only with a grant to edit."""
    if may_handle(user, report.unit_id):
        return True
    if not is_person(user) or report.pk not in granted_object_ids(user, SeahReport):
        return False
    from wpsdesk.organisation.models import AccessGrant

    return (
        AccessGrant.objects.in_force()
        .filter(
            user_id=cast(User, user).pk,
            content_type__app_label="seah",
            content_type__model="seahreport",
            object_id=report.pk,
            may_edit=True,
        )
        .exists()
    )


@dataclass(frozen=True)
class ReportFilters:
    """The list's filters (from its GET form)."""

    number: int | None = None
    category: str = ""
    status: str = ""
    year: int | None = None

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> ReportFilters:
        return cls(
            number=data.get("number"),
            category=data.get("category") or "",
            status=data.get("status") or "",
            year=data.get("year"),
        )


def report_list_visible_to(*, user: AnyUser | None, filters: ReportFilters) -> QuerySet[SeahReport]:
    """The list page's reports (text is encrypted, so the search is by number)."""
    reports = reports_visible_to(user=user).select_related("unit", "organisation")
    if filters.number is not None:
        reports = reports.filter(pk=filters.number)
    if filters.category:
        reports = reports.filter(category=filters.category)
    if filters.status == "open":
        reports = reports.filter(closed_on__isnull=True)
    elif filters.status == "closed":
        reports = reports.filter(closed_on__isnull=False)
    if filters.year is not None:
        reports = reports.filter(received_on__year=filters.year)
    return reports.order_by("-received_on", "-pk")


def steps_of(report: SeahReport) -> list[FollowUpStep]:
    """The report's follow-up steps, open ones by deadline first (one query)."""
    return sorted(report.steps.all(), key=lambda step: (step.done_on is not None, step.due_on))


def steps_due_for(*, user: AnyUser | None, until: Any) -> QuerySet[FollowUpStep]:
    """Open steps due by ``until`` on reports of the units the person handles.

    Grant holders are readers, not handlers: deadlines are the handlers' tasks.
    """
    units = handling_unit_ids(user)
    if not units:
        return FollowUpStep.objects.none()
    return FollowUpStep.objects.filter(
        report__unit_id__in=units,
        report__closed_on__isnull=True,
        done_on__isnull=True,
        due_on__lte=until,
    ).order_by("due_on", "pk")


def handlers_of(*, unit: Unit) -> QuerySet[Membership]:
    """The unit's current memberships, designated handlers first (for the lead's page)."""
    return (
        Membership.objects.current()
        .filter(unit=unit)
        .select_related("user")
        .order_by("-seah_handler", "user__username")
    )


def readers_of(*, report: SeahReport) -> QuerySet[Any]:
    """Security-log events of people reading the report (for its leads): newest first."""
    from wpsdesk.audit.models import SecurityEvent

    label = report._meta.label_lower
    return (
        SecurityEvent.objects.filter(kind="restricted.read")
        .filter(
            Q(target_type=label, target_id=str(report.pk))
            | Q(details__records__icontains=f'"{label}#{report.pk}"')
        )
        .select_related("actor")
        .order_by("-occurred_at")
    )


# --- the only figures shown outside the handlers ----------------------------------------


@dataclass(frozen=True)
class YearCount:
    """The reports received in one year; ``count`` is None when fewer than five."""

    year: int
    count: int | None

    @property
    def label(self) -> str:
        return str(self.count) if self.count is not None else _("fewer than 5")


def suppress_small(count: int) -> int | None:
    """The small-cell rule: a count below five (zero included) is not shown."""
    return count if count >= SMALL_CELL else None


def yearly_counts(
    *,
    years: Iterable[int],
    unit_ids: Iterable[int] | None = None,
    category: str = "",
) -> list[YearCount]:
    """Reports received per year, for figures anyone may see (annual report, dashboards).

    Counts of fewer than five are suppressed — zero as well, so that a year shown as
    "fewer than 5" tells nothing. Every asked year gets a row, whether it has reports or
    not, so the rows themselves tell nothing either. One query.
    """
    wanted = sorted(set(years))
    if not wanted:
        return []
    reports = SeahReport.objects.filter(
        received_on__year__gte=wanted[0], received_on__year__lte=wanted[-1]
    )
    if unit_ids is not None:
        reports = reports.filter(unit_id__in=list(unit_ids))
    if category:
        if category not in Category.values:
            return [YearCount(year, None) for year in wanted]
        reports = reports.filter(category=category)
    counted = {
        row["year"]: row["n"]
        for row in reports.annotate(year=ExtractYear("received_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [YearCount(year, suppress_small(counted.get(year, 0))) for year in wanted]
