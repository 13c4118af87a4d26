"""The service-wide annual report in the scale benchmark: 120 submitted unit reports.

Each unit's snapshot is a real unit report assembled from the generated data (one unit's
content, frozen for each of the 120 units under its own name, with its own figures), so
compiling reads 120 snapshots of realistic size. Then the service-wide report is compiled
for the HQ persona and rendered as DOCX and as PDF, each timed.
"""

from __future__ import annotations

import copy
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from wpsdesk.organisation.models import Unit, UnitKind

from . import assemble, services
from .audience import internal_reader
from .content import checksum
from .models import AnnualReport, ReportStatus, Snapshot

UNITS = 120


@transaction.atomic
def prepare(year: int, submitter: Any, units_wanted: int = UNITS) -> int:
    """Submitted reports for 120 units for ``year`` (kept: a second run reuses them)."""
    if Snapshot.objects.filter(report__year=year).count() >= units_wanted:
        return units_wanted
    units = list(Unit.objects.filter(is_active=True).order_by("pk")[:units_wanted])
    for number in range(len(units), units_wanted):
        units.append(
            Unit.objects.create(
                code=f"bench-report-{number}", name=f"Bench unit {number}", kind=UnitKind.MISSION
            )
        )
    sample = assemble.assemble_unit(internal_reader(), units[0], year, "en", "submitted")
    now = timezone.now()
    for unit in units:
        if AnnualReport.objects.filter(unit=unit, year=year).exists():
            continue
        report = AnnualReport.objects.create(
            unit=unit,
            year=year,
            status=ReportStatus.SUBMITTED,
            approved_by=submitter,
            approved_at=now,
            created_by=submitter,
        )
        content = copy.deepcopy(sample.content)
        content["unit"] = {"code": unit.code, "name": unit.name}
        Snapshot.objects.create(
            report=report,
            content=content,
            figures=sample.figures,
            submitted_by=submitter,
            submitted_at=now,
            checksum=checksum(content),
        )
    return units_wanted


def time_service_report(
    hq: Any,
    *,
    repeat: int = 3,
    say: Callable[[str], None] = print,
    units: int = UNITS,
    formats: tuple[str, ...] = ("docx", "pdf"),
) -> dict[str, float]:
    """Median seconds to compile and write the service-wide report as DOCX and as PDF."""
    year = timezone.localdate().year - 1
    prepare(year, hq, units)
    found: dict[str, float] = {}
    for fmt in formats:
        times = []
        cpu_times = []
        size = 0
        for _ in range(max(1, repeat)):
            started, cpu = time.perf_counter(), time.process_time()
            with transaction.atomic():
                content = assemble.assemble_service_report(hq, year, "en")
            data = services.render(content, fmt)
            times.append(time.perf_counter() - started)
            cpu_times.append(time.process_time() - cpu)
            size = len(data)
        found[fmt] = round(statistics.median(times), 2)
        # On a shared machine the CPU time is the fairer figure; both are printed.
        say(
            f"{f'annual report {fmt.upper()} ({units} units)':34} {'hq':8} {'report':9} "
            f"{found[fmt] * 1000:8.1f} {max(times) * 1000:8.1f} {'':>7} {size / 1024:8.1f}"
            f"  (CPU {statistics.median(cpu_times):.1f} s)"
        )
    return found
