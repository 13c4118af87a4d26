"""Authorization rows for annual reports: every page and method, for every persona.

Reports are Bogotá's. Its members and HQ coordinators open it (another unit's people get
404, as if it did not exist); its editors and lead write the narrative; only its lead
approves and submits (403 for the others who may open it). A file holds what the person
who asked for it may read: only they see and download it.
"""

from __future__ import annotations

from typing import Any

from tests.authz import PERSONAS, Row
from tests.personas import Cast
from tests.planning.factories import YEAR, load_guidelines
from wpsdesk.core import sealed_files
from wpsdesk.reports.models import AnnualReport, FileStatus, ReportFile
from wpsdesk.reports.services import STORAGE_DIR

ALL_PEOPLE = frozenset(PERSONAS)
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
WRITE_BOGOTA = frozenset({"officer", "lead"})
LEAD = frozenset({"lead"})


def report(cast: Cast) -> AnnualReport:
    return AnnualReport.objects.create(unit=cast.bogota, year=YEAR, created_by=cast.lead)


def with_guidelines(cast: Cast) -> AnnualReport:
    """A report whose narrative sections exist: they are the guidelines' priorities'."""
    load_guidelines()
    return report(cast)


def approved(cast: Cast) -> AnnualReport:
    from django.utils import timezone

    return AnnualReport.objects.create(
        unit=cast.bogota,
        year=YEAR,
        status="approved",
        approved_by=cast.lead,
        approved_at=timezone.now(),
    )


def made_file(cast: Cast) -> ReportFile:
    return ReportFile.objects.create(
        report=report(cast),
        fmt="html",
        requested_by=cast.officer,
        status=FileStatus.DONE,
        progress=100,
        file_key=sealed_files.store(b"<p>report</p>", STORAGE_DIR),
        file_name="wps-report.html",
    )


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def file_kwargs(cast: Cast, record: ReportFile) -> dict[str, Any]:
    return {"pk": record.report_id, "file_pk": record.pk}


def start_values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"unit": str(cast.bogota.pk), "year": str(YEAR), "language": "en"}


ROWS = [
    Row("reports:list", allowed=ALL_PEOPLE, notes="each sees the reports they may open"),
    Row(
        "reports:start",
        method="POST",
        data=start_values,
        allowed=WRITE_BOGOTA,
        denied=403,
        denied_as={"outsider": 400, "coordinator": 400},
        notes="a unit one may not write in is not a choice (400); no unit at all is 403",
    ),
    Row("reports:detail", setup=report, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    Row(
        "reports:narrative",
        method="POST",
        setup=with_guidelines,
        kwargs=lambda cast, r: {"pk": r.pk, "section": "p1-efforts"},
        data=lambda cast, r: {"text": "Written in the table.", "version": "0"},
        allowed=WRITE_BOGOTA,
        denied=404,
        denied_as={"reader": 403, "coordinator": 403},
    ),
    Row(
        "reports:approve",
        method="POST",
        setup=report,
        kwargs=pk,
        allowed=LEAD,
        denied=404,
        denied_as={"officer": 403, "reader": 403, "coordinator": 403},
    ),
    *[
        Row(
            "reports:submit",
            method=method,
            setup=approved,
            kwargs=pk,
            allowed=LEAD,
            denied=404,
            denied_as={"officer": 403, "reader": 403, "coordinator": 403},
        )
        for method in ("GET", "POST")
    ],
    Row(
        "reports:file_request",
        method="POST",
        setup=report,
        kwargs=pk,
        data=lambda cast, r: {"fmt": "html"},
        allowed=SEE_BOGOTA,
        denied=404,
    ),
    Row(
        "reports:file",
        setup=made_file,
        kwargs=file_kwargs,
        allowed=frozenset({"officer"}),
        denied=404,
    ),
    Row(
        "reports:file_download",
        setup=made_file,
        kwargs=file_kwargs,
        allowed=frozenset({"officer"}),
        denied=404,
    ),
]
