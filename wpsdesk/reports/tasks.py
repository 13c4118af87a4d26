"""What the reports app puts on a person's home page: the unit's report for last year
while it is not submitted, to the unit's lead."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core import home
from wpsdesk.core.home import Task
from wpsdesk.organisation.policy import is_person, may_lead, unit_access

from .models import AnnualReport, ReportStatus


def reports_to_submit(request: HttpRequest) -> list[Task]:
    """Last year's reports of the units the person leads that are approved or in draft."""
    if not is_person(request.user):
        return []
    led = [unit_id for unit_id in unit_access(request.user) if may_lead(request.user, unit_id)]
    if not led:
        return []
    year = timezone.localdate().year - 1
    reports = AnnualReport.objects.filter(
        unit_id__in=led, year=year, status__in=[ReportStatus.DRAFT, ReportStatus.APPROVED]
    ).select_related("unit")
    return [
        Task(
            title=_("Submit the annual report %(year)d of %(unit)s")
            % {"year": report.year, "unit": report.unit.name if report.unit else ""},
            url=reverse("reports:detail", args=[report.pk]),
            detail=report.get_status_display(),
        )
        for report in reports
    ]


def register_tasks() -> None:
    """Add the reports app's tasks to the home page (called from ``AppConfig.ready``)."""
    home.register(reports_to_submit)
