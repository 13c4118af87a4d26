"""``wpsdesk engagements export`` and ``wpsdesk engagements import``.

Both act as a named person (``--as``) through the policy layer, so a command line sees and
writes exactly what that person could on the pages; both are written to the security log.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wpsdesk.audit.services import record_event
from wpsdesk.core import tabular as core_tabular
from wpsdesk.engagements import importer, selectors, tabular
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import is_person, may_create_in, units_visible_to
from wpsdesk.organisation.readlog import logs_restricted_reads


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from exc


class _Counted:
    """Rows passed through, counted on the way."""

    def __init__(self, rows: Iterable[list[Any]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[list[Any]]:
        for row in self.rows:
            self.count += 1
            yield row


class Command(BaseCommand):
    help = "Export the engagements a person may open, or import a spreadsheet as that person."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("path", nargs="?", help="import: the file; export: where to write")
        parser.add_argument("--as", dest="username", required=True, help="the person acting")
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None)
        parser.add_argument("--unit", help="unit code: export only this unit / import into it")
        parser.add_argument("--country")
        parser.add_argument("--forum")
        parser.add_argument("--start", type=_date)
        parser.add_argument("--end", type=_date)
        parser.add_argument("--check", action="store_true", help="import: check only")

    @logs_restricted_reads  # one restricted.read event for what the run read
    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None or not is_person(user):
            raise CommandError(f"No active person {options['username']!r}.")
        unit = None
        if options["unit"]:
            unit = units_visible_to(user=user).filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"{user.username} has no unit {options['unit']!r}.")
        if options["action"] == "export":
            self._export(user, unit, options)
        else:
            self._import(user, unit, options)

    def _export(self, user: User, unit: Unit | None, options: dict[str, Any]) -> None:
        filters = selectors.EngagementFilters(
            unit=unit,
            country=(options["country"] or "").upper(),
            forum=options["forum"] or "",
            start=options["start"],
            end=options["end"],
        )
        engagements = selectors.engagement_list_visible_to(user=user, filters=filters)
        path = options["path"]
        fmt = options["format"] or ("xlsx" if path and path.endswith(".xlsx") else "csv")
        to_file = bool(path and path != "-")
        if fmt == "xlsx" and not to_file:
            raise CommandError("Give a file to write an Excel export to.")
        rows = _Counted(tabular.iter_rows(engagements))
        # The rows are written as they are read (never all in memory at once).
        if to_file:
            with Path(path).open("wb") as out:
                if fmt == "xlsx":
                    core_tabular.write_xlsx(out, tabular.header(), rows, title="Engagements")
                else:
                    core_tabular.write_csv(out, tabular.header(), rows)
        else:
            for chunk in core_tabular.csv_chunks(tabular.header(), rows):
                self.stdout.write(chunk.decode("utf-8").lstrip("\ufeff"), ending="")
        record_event(
            kind="engagements.exported",
            actor=user,
            details={"format": fmt, "rows": rows.count, "via": "command"},
        )
        self.stderr.write(f"{rows.count} engagements exported.")

    def _import(self, user: User, unit: Unit | None, options: dict[str, Any]) -> None:
        path = options["path"]
        if not path:
            raise CommandError("Say which file to import.")
        if unit is None:
            writable = [u for u in units_visible_to(user=user) if may_create_in(user, u)]
            if len(writable) != 1:
                raise CommandError("Say which unit rows without a unit code go to: --unit CODE")
            unit = writable[0]
        elif not may_create_in(user, unit):
            raise CommandError(f"{user.username} may not write in {unit.code}.")
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        result = importer.import_engagements(
            user=user, default_unit=unit, name=path, data=data, dry_run=options["check"]
        )
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError("Nothing was imported.")
        if options["check"]:
            self.stdout.write("Every row is right; nothing was written (--check).")
            return
        self.stdout.write(
            f"Imported: {result.created} new, {result.updated} changed, "
            f"{result.unchanged} unchanged."
        )
