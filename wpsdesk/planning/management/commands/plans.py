"""``wpsdesk plans export`` and ``wpsdesk plans import``: the same files as the web pages.

Both act as a named person (``--as``), under that person's access: an export holds what
they may read, an import changes only plans of units where they are editor or lead. Both
go to the security log like their web counterparts.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import is_person
from wpsdesk.organisation.readlog import logs_restricted_reads
from wpsdesk.planning import exchange


class Command(BaseCommand):
    help = "Export plans, activities and indicator values to Excel or CSV, or import a workbook."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="export|import")
        out = actions.add_parser("export", help="Write plans to an .xlsx or .csv file.")
        out.add_argument("--as", dest="username", required=True, help="Whose access to use.")
        out.add_argument("--unit", help="Unit code (default: every unit one may read).")
        out.add_argument("--year", type=int, help="Year (default: every year).")
        out.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        out.add_argument(
            "--what",
            choices=sorted(exchange.CSV_WHAT),
            default="plans",
            help="For CSV: which table.",
        )
        out.add_argument("--output", type=Path, help="File to write (default: standard output).")
        into = actions.add_parser("import", help="Import a filled-in workbook (all or nothing).")
        into.add_argument("file", type=Path)
        into.add_argument("--as", dest="username", required=True, help="Who is importing.")
        into.add_argument(
            "--dry-run", action="store_true", help="Check and report, then change nothing."
        )

    def _person(self, username: str) -> User:
        person = User.objects.filter(username=username).first()
        if person is None or not is_person(person):
            raise CommandError(f"No active person with the user name {username!r}.")
        return person

    @logs_restricted_reads  # one restricted.read event for what the run read
    def handle(self, *args: Any, **options: Any) -> None:
        person = self._person(options["username"])
        if options["action"] == "export":
            self._export(person, options)
        else:
            self._import(person, options)

    def _export(self, person: User, options: dict[str, Any]) -> None:
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit with the code {options['unit']!r}.")
        plans = exchange.plans_for_export(user=person, unit=unit, year=options["year"])
        count = plans.count()
        rows = exchange.sheet_rows(plans)
        fmt = options["format"]
        exchange.record_export(
            actor=person,
            fmt=fmt,
            what=options["what"] if fmt == "csv" else "all",
            unit=unit,
            year=options["year"],
            plans=count,
        )
        # The workbook is written as it is made, so memory stays flat however many plans.
        chunks: Iterable[bytes] = (
            [exchange.csv_text(rows, options["what"]).encode()]
            if fmt == "csv"
            else exchange.workbook_chunks(rows)
        )
        if options["output"]:
            with options["output"].open("wb") as out:
                for chunk in chunks:
                    out.write(chunk)
            self.stderr.write(f"{count} plans written to {options['output']}.")
        else:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)

    def _import(self, person: User, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        report = exchange.import_workbook(data, actor=person, dry_run=options["dry_run"])
        if not report.ok:
            lines = "\n".join(f"  {error}" for error in report.errors)
            raise CommandError(f"{path.name}: {report.summary()}\n{lines}")
        prefix = "Dry run, nothing kept. " if options["dry_run"] else ""
        self.stdout.write(prefix + report.summary())
