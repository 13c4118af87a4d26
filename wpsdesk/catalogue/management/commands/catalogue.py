"""``wpsdesk catalogue load|export``: load a guidelines data file; write an edition out.

``wpsdesk catalogue load`` with no arguments loads the bundled guidelines and seeds the
priority lists; it is idempotent and quick, so ``make run`` calls it on every start.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wpsdesk.catalogue.datafile import BUNDLED_FILE, DataFileError, read_data_file
from wpsdesk.catalogue.exports import FORMATS, export
from wpsdesk.catalogue.selectors import DEFAULT_CATALOGUE_KEY, current_edition, edition_named
from wpsdesk.catalogue.services import catalogue_load, priority_lists_seed


class Command(BaseCommand):
    help = (
        "Work with the guideline catalogue. 'load' loads a data file (the bundled guidelines "
        "by default); 'export' writes an edition to stdout as JSON, CSV or Markdown."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="load|export")
        load = actions.add_parser("load", help="Load a data file: insert, update, retire.")
        load.add_argument(
            "--file",
            type=Path,
            default=None,
            help="A data file as described in docs/catalogue.md (default: the bundled one).",
        )
        current = load.add_mutually_exclusive_group()
        current.add_argument(
            "--current",
            dest="make_current",
            action="store_const",
            const=True,
            default=None,
            help="Make the loaded edition the current one.",
        )
        current.add_argument(
            "--not-current",
            dest="make_current",
            action="store_const",
            const=False,
            help="Load a new edition beside the current one without making it current.",
        )
        out = actions.add_parser("export", help="Write an edition to stdout.")
        out.add_argument("--format", choices=FORMATS, default="json")
        out.add_argument("--catalogue", default=DEFAULT_CATALOGUE_KEY, help="Catalogue key.")
        out.add_argument("--edition", default=None, help="Edition name (default: the current).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            self._load(options)
        else:
            self._export(options)

    def _load(self, options: dict[str, Any]) -> None:
        path: Path = options["file"] or BUNDLED_FILE
        try:
            spec = read_data_file(path)
        except DataFileError as exc:
            raise CommandError(f"{path} was not loaded, nothing changed:\n{exc}") from exc
        report = catalogue_load(
            spec=spec, make_current=options["make_current"], source_name=path.name
        )
        self.stdout.write(report.summary())
        if options["file"] is None:
            added = priority_lists_seed()
            if added:
                self.stdout.write(f"Priority lists: {added} entries seeded from the guidelines.")

    def _export(self, options: dict[str, Any]) -> None:
        key = options["catalogue"]
        if options["edition"]:
            edition = edition_named(name=options["edition"], catalogue_key=key)
        else:
            edition = current_edition(catalogue_key=key)
            if edition is not None and edition.catalogue.key != key:
                edition = None
        if edition is None:
            raise CommandError(
                "No such catalogue or edition. Load one first: wpsdesk catalogue load."
            )
        self.stdout.write(export(edition, options["format"]), ending="")
