"""``wpsdesk loadtest people`` and ``wpsdesk loadtest check``: the two ends of `make loadtest`.

``people`` creates the simulated people and writes their log-ins (password and TOTP secret)
to a file for Locust; ``check`` compares what Locust was told was saved with the database
and fails when anything is missing. See docs/performance.md, "Load test".
"""

from __future__ import annotations

import json
import secrets
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wpsdesk.core import loadtest


class Command(BaseCommand):
    help = "Create the load test's simulated people, or check that nothing they saved is lost."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["people", "check"])
        parser.add_argument("--people", type=int, default=200, help="How many (people).")
        parser.add_argument("--per-unit", type=int, default=5, help="People per unit (people).")
        parser.add_argument(
            "--out", type=Path, default=Path("var/loadtest/people.json"), help="Log-ins (people)."
        )
        parser.add_argument(
            "--confirmed",
            type=Path,
            default=Path("var/loadtest/confirmed.jsonl"),
            help="What Locust was told was saved (check).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "people":
            self._people(options)
        else:
            self._check(options)

    def _people(self, options: dict[str, Any]) -> None:
        # People with a password and second-factor secret written to a file: never in a
        # deployment, like the demo.
        if not getattr(settings, "DEV_MODE", False):
            raise CommandError(
                "The load test's people are for development only: set WPSDESK_DEV=1 "
                "on a machine of your own."
            )
        if options["people"] < 1 or options["per_unit"] < 1:
            raise CommandError("--people and --per-unit must be 1 or more.")
        logins = loadtest.create_people(
            people=options["people"],
            per_unit=options["per_unit"],
            password=secrets.token_urlsafe(18),
            sessions=True,
        )
        out: Path = options["out"]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(logins, indent=1), encoding="utf-8")
        out.chmod(0o600)
        runs = sum(1 for login in logins if login["checklist_run"])
        self.stdout.write(
            f"{len(logins)} simulated people written to {out} "
            f"({runs} of them with a checklist to answer)."
        )

    def _check(self, options: dict[str, Any]) -> None:
        path: Path = options["confirmed"]
        if not path.exists():
            raise CommandError(f"No record of confirmed saves at {path}.")
        confirmed = loadtest.read_confirmed(path)
        lost = loadtest.lost_records(confirmed, loadtest.stored_state(confirmed))
        counts = loadtest.count_by_kind(confirmed)
        summary = ", ".join(f"{count} {kind}s" for kind, count in counts.items())
        if lost:
            for line in lost[:50]:
                self.stderr.write(f"  {line}")
            raise CommandError(
                f"{len(lost)} of the confirmed saves are not in the database ({summary} checked)."
            )
        self.stdout.write(f"Nothing lost: {summary} confirmed and all in the database.")
