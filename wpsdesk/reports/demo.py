"""Demo annual reports for last year: Bogotá's draft with one section written, and the
Section for Peace and Reconciliation's report submitted, so HQ has one to compile.

The narrative is invented and marked "(demo)". Loading twice adds nothing.
"""

from __future__ import annotations

from django.utils import timezone

from wpsdesk.organisation.models import Unit, User

from . import services
from .models import AnnualReport, ReportStatus


def load_demo() -> str:
    year = timezone.localdate().year - 1
    people = {
        u.username: u
        for u in User.objects.filter(username__in=["bogota.officer", "bogota.lead", "peace.lead"])
    }
    units = {u.code: u for u in Unit.objects.filter(code__in=["demo-bogota", "demo-peace"])}
    if len(people) < 3 or len(units) < 2:
        return "reports: demo organisation missing, nothing added"
    made = 0
    if not AnnualReport.objects.filter(unit=units["demo-bogota"], year=year).exists():
        report = services.report_start(
            actor=people["bogota.officer"], unit=units["demo-bogota"], year=year, language="en"
        )
        services.narrative_save(
            actor=people["bogota.officer"],
            report=report,
            section="p1-efforts",
            text=(
                "We met the women's networks before every round of the territorial dialogues "
                "and carried their proposals to the parties (demo)."
            ),
            version=0,
        )
        made += 1
    if not AnnualReport.objects.filter(unit=units["demo-peace"], year=year).exists():
        report = services.report_start(
            actor=people["peace.lead"], unit=units["demo-peace"], year=year, language="en"
        )
        services.narrative_save(
            actor=people["peace.lead"],
            report=report,
            section="p1-results",
            text="Women took part in every round of talks the section supported (demo).",
            version=0,
        )
        services.report_approve(actor=people["peace.lead"], report=report)
        services.report_submit(actor=people["peace.lead"], report=report)
        made += 1
    submitted = AnnualReport.objects.filter(year=year, status=ReportStatus.SUBMITTED).count()
    return f"reports: {made} annual reports added for {year} ({submitted} submitted)"
