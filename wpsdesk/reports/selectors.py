"""Reads of annual reports, every one through :mod:`.rules` (and the policy layer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import is_person, unit_access

from . import rules
from .models import AnnualReport, ReportFile, ReportStatus


def reports_visible_to(*, user: Any) -> QuerySet[AnnualReport]:
    """The reports the person may open."""
    allowed = rules.read_filter(user)
    if allowed is None:
        return AnnualReport.objects.none()
    return AnnualReport.objects.filter(allowed)


@dataclass(frozen=True)
class ReportFilters:
    year: int | None = None
    unit: Unit | None = None
    status: str = ""
    q: str = ""


def report_list_visible_to(*, user: Any, filters: ReportFilters) -> QuerySet[AnnualReport]:
    """Reports the person may open, filtered, newest year first, with their unit."""
    reports = reports_visible_to(user=user)
    if filters.year:
        reports = reports.filter(year=filters.year)
    if filters.unit is not None:
        reports = reports.filter(unit=filters.unit)
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.q:
        reports = reports.filter(unit__name__icontains=filters.q)
    return reports.select_related("unit", "snapshot__submitted_by").order_by(
        "-year", "unit__name", "pk"
    )


def report_or_404(*, user: Any, pk: Any) -> AnnualReport:
    """One report the person may open, or 404 (also for "not yours")."""
    report = (
        reports_visible_to(user=user).select_related("unit", "approved_by").filter(pk=pk).first()
    )
    if report is None:
        raise Http404
    return report


def units_to_start(*, user: Any) -> list[Unit]:
    """The units whose report the person may start (editors and leads)."""
    ids = [unit_id for unit_id in unit_access(user) if rules.may_start(user, unit_id)]
    return list(Unit.objects.filter(pk__in=ids).order_by("name"))


def filter_units(*, user: Any) -> QuerySet[Unit]:
    if rules.is_hq(user):
        return Unit.objects.filter(is_active=True).order_by("name")
    return Unit.objects.filter(pk__in=list(unit_access(user))).order_by("name")


def files_for(*, user: Any, report: AnnualReport) -> list[ReportFile]:
    """The person's own files of the report, newest first (a file holds what they may read)."""
    if not is_person(user):
        return []
    return list(report.files.filter(requested_by=user)[:5])


def file_or_404(*, user: Any, report: AnnualReport, pk: Any) -> ReportFile:
    found = report.files.filter(pk=pk, requested_by=user).first() if is_person(user) else None
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class SubmissionStatus:
    """How far the units are with this year's reports (for HQ's home page)."""

    year: int
    units: int
    submitted: int
    approved: int
    drafts: int


def submission_status(user: Any, year: int) -> SubmissionStatus | None:
    """Reports submitted, approved and in draft for the year; None for non-HQ readers."""
    if not rules.is_hq(user):
        return None
    counts = (
        reports_visible_to(user=user)
        .filter(year=year, unit__isnull=False)
        .aggregate(
            **{status: Count("pk", filter=Q(status=status)) for status in ReportStatus.values}
        )
    )
    return SubmissionStatus(
        year=year,
        units=Unit.objects.filter(is_active=True).count(),
        submitted=counts[ReportStatus.SUBMITTED],
        approved=counts[ReportStatus.APPROVED],
        drafts=counts[ReportStatus.DRAFT],
    )
