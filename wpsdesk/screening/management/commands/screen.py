"""``wpsdesk screen``: screen a text for WPS content, compare two drafts, or label passages.

    wpsdesk screen FILE [--format text|json|html] [--type TYPE]   (FILE "-" reads stdin)
    wpsdesk screen --compare OLD NEW [--format text|json|html]
    wpsdesk screen --passages IN.csv        (columns id,text -> id,label,score,themes)

Nothing here touches the database. Bad input ends with a one-line message and exit
status 2.
"""

from __future__ import annotations

import csv
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand

from wpsdesk.screening.engine import (
    ScreeningError,
    classify_passages,
    compare,
    render,
    screen_bytes,
)
from wpsdesk.screening.engine.errors import TooLarge
from wpsdesk.screening.engine.limits import Limits
from wpsdesk.screening.engine.screen import Screening
from wpsdesk.screening.engine.summary import DOC_TYPES


class BadInput(Exception):
    """Input the command cannot use; the message is shown as it is."""


class Command(BaseCommand):
    help = (
        "Screen a document (text, PDF, Word .docx or HTML) for women, peace and security "
        "content; compare two drafts with --compare; label many passages with --passages."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", nargs="?", help="The document to screen; '-' reads stdin.")
        parser.add_argument("--format", choices=render.FORMATS, default="text")
        parser.add_argument(
            "--type",
            choices=DOC_TYPES,
            default=None,
            help="Document type for the gap list (default: guessed from the text).",
        )
        parser.add_argument("--lang", choices=["en", "nb"], default="en", help="Labels' language.")
        parser.add_argument(
            "--compare", nargs=2, metavar=("OLD", "NEW"), help="Compare two drafts."
        )
        parser.add_argument(
            "--passages",
            metavar="IN.csv",
            help="Label each row of a CSV with columns id,text ('-' reads stdin).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["passages"]:
                self._passages(options["passages"])
            elif options["compare"]:
                self._compare(options)
            elif options["file"]:
                result = self._screen(options["file"], options["type"])
                self._write_screening(result, options)
            else:
                raise BadInput("Give a FILE to screen, --compare OLD NEW, or --passages IN.csv.")
        except (ScreeningError, BadInput) as exc:
            self.stderr.write(f"wpsdesk screen: {exc}")
            sys.exit(2)

    def _read(self, name: str, limits: Limits) -> bytes:
        try:
            if name == "-":
                return self._bounded(sys.stdin.buffer, limits)
            with Path(name).open("rb") as fh:
                return self._bounded(fh, limits)
        except OSError as exc:
            raise BadInput(f"Cannot read {name}: {exc.strerror or exc}.") from exc

    @staticmethod
    def _bounded(fh: BinaryIO, limits: Limits) -> bytes:
        data = fh.read(limits.max_bytes + 1)
        if len(data) > limits.max_bytes:
            raise TooLarge(f"The file is larger than the {limits.max_bytes / 1e6:.0f} MB limit.")
        return data

    def _screen(self, name: str, doc_type: str | None) -> Screening:
        limits = Limits()
        data = self._read(name, limits)
        try:
            return screen_bytes(
                data,
                filename=None if name == "-" else Path(name).name,
                doc_type=doc_type,
                limits=limits,
            )
        except ScreeningError as exc:
            raise BadInput(f"Cannot screen {name}: {exc}") from exc

    def _write_screening(self, result: Screening, options: dict[str, Any]) -> None:
        fmt = options["format"]
        if fmt == "json":
            out = render.screening_json(result)
        elif fmt == "html":
            out = render.screening_html(result, options["lang"])
        else:
            out = render.screening_text(result, options["lang"])
        self.stdout.write(out, ending="")

    def _compare(self, options: dict[str, Any]) -> None:
        old_name, new_name = options["compare"]
        old = self._screen(old_name, options["type"])
        new = self._screen(new_name, options["type"])
        comparison = compare(old, new)
        fmt = options["format"]
        if fmt == "json":
            out = render.comparison_json(comparison)
        elif fmt == "html":
            out = render.comparison_html(comparison)
        else:
            out = render.comparison_text(comparison)
        self.stdout.write(out, ending="")

    def _passages(self, name: str) -> None:
        limits = Limits(max_bytes=500_000_000)
        data = self._read(name, limits)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadInput(f"{name} is not UTF-8 text (byte {exc.start}).") from exc
        csv.field_size_limit(sys.maxsize)
        try:
            reader = csv.DictReader(text.splitlines())
            if reader.fieldnames is None or not {"id", "text"} <= set(reader.fieldnames):
                raise BadInput(f"{name} needs a header row with the columns id and text.")
            rows = [(row["id"], row["text"] or "") for row in reader]
        except csv.Error as exc:
            raise BadInput(f"{name} is not a readable CSV file: {exc}.") from exc
        results = classify_passages(text for _id, text in rows)
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["id", "label", "score", "themes"])
        for (pid, _text), result in zip(rows, results, strict=True):
            writer.writerow([pid, result.label, f"{result.score:g}", ";".join(result.themes)])
