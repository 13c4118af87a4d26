"""``wpsdesk report annual``: a unit's or the service-wide annual report as DOCX, PDF or HTML.

The command acts as a named person (``--as``) and holds what that person may read, as the
web page would; without ``--as`` it writes what goes to HQ (internal records only, the
unit's restricted work counted under the small-cell rule — see ``reports/audience.py``).
A submitted report is written as it was sent. The run is in the security log.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wpsdesk.audit.services import record_event
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import is_person
from wpsdesk.organisation.readlog import logs_restricted_reads
from wpsdesk.reports import assemble, rules, services
from wpsdesk.reports.audience import internal_reader
from wpsdesk.reports.content import with_narrative
from wpsdesk.reports.models import AnnualReport, FileFormat, Language


class Command(BaseCommand):
    help = "Write an annual WPS report (a unit's or the service-wide one) to a file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="annual")
        annual = actions.add_parser("annual", help="The annual report for a year.")
        annual.add_argument("--year", type=int, required=True)
        annual.add_argument("--unit", help="Unit code (default: the service-wide report).")
        annual.add_argument("--format", choices=FileFormat.values, default=FileFormat.DOCX)
        annual.add_argument("--output", type=Path, help="File to write (default: standard output).")
        annual.add_argument("--language", choices=Language.values, default=Language.EN)
        annual.add_argument(
            "--as", dest="username", help="Whose access to use (default: what goes to HQ)."
        )

    def _reader(self, username: str | None) -> Any:
        if not username:
            return internal_reader()
        person = User.objects.filter(username=username).first()
        if person is None or not is_person(person):
            raise CommandError(f"No active person with the user name {username!r}.")
        return person

    @logs_restricted_reads  # one restricted.read event for what the run read
    def handle(self, *args: Any, **options: Any) -> None:
        reader = self._reader(options["username"])
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit with the code {options['unit']!r}.")
        year, language, fmt = options["year"], options["language"], options["format"]
        try:
            content = build_content(reader, unit, year, language)
        except PermissionDenied as exc:
            raise CommandError(f"{options['username']} may not read this report.") from exc
        data = services.render(content, fmt)
        record_event(
            kind="reports.written",
            actor=reader if getattr(reader, "pk", None) else None,
            actor_label="" if getattr(reader, "pk", None) else "command line",
            details={"year": year, "unit": unit.code if unit else "", "format": fmt},
        )
        if options["output"]:
            options["output"].write_bytes(data)
            self.stderr.write(f"Report written to {options['output']} ({len(data)} bytes).")
        else:
            sys.stdout.buffer.write(data)


def build_content(reader: Any, unit: Unit | None, year: int, language: str) -> dict[str, Any]:
    """The report's content for the reader: as sent when submitted, else assembled now.

    A person who may not open the unit's (or the service-wide) report is refused, as on the
    web; the audience reader (no ``--as``) reads what goes to HQ.
    """
    report = AnnualReport.objects.filter(unit=unit, year=year).select_related("unit").first()
    with transaction.atomic():
        if report is not None:
            if report.language != language and not report.is_submitted:
                report.language = language  # the file's language, not saved
            return services.content_for(reader, report)
        probe = AnnualReport(unit=unit, year=year, language=language)
        if not rules.may_open(reader, probe):
            raise PermissionDenied
        if unit is None:
            return with_narrative(assemble.assemble_service_report(reader, year, language), {})
        return assemble.assemble_unit_report(reader, unit, year, language)
