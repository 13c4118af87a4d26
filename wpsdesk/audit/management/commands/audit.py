"""``wpsdesk audit verify|checkpoint``: check the security log, anchor its head outside."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wpsdesk.audit.checkpoints import (
    HeadNotGenuine,
    checkpoint_file,
    checkpoint_now,
    verify_checkpoints,
)
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.audit.services import ChainProblem, verify_chain

# More problems than this are counted, not listed.
SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = (
        "Work with the security log. 'verify' checks that no row was edited, deleted or "
        "inserted (with --checkpoints FILE also that none was cut off or wiped); "
        "'checkpoint' writes the signed head to the log stream and the checkpoint file."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])
        parser.add_argument(
            "--checkpoints",
            metavar="FILE",
            help="compare with the checkpoints in FILE (the file AUDIT_CHECKPOINT_FILE names)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            self.checkpoint()
            return
        problems: list[ChainProblem] = list(verify_chain())
        if options["checkpoints"]:
            path = Path(options["checkpoints"])
            try:
                problems.extend(verify_checkpoints(path))
            except FileNotFoundError as exc:
                raise CommandError(f"No checkpoint file at {path}.") from exc
        count = SecurityEvent.objects.count()
        if problems:
            for problem in problems[:SHOWN_PROBLEMS]:
                self.stderr.write(str(problem))
            if len(problems) > SHOWN_PROBLEMS:
                self.stderr.write(f"… and {len(problems) - SHOWN_PROBLEMS} more.")
            raise CommandError(
                f"The security log is NOT intact: {len(problems)} problem(s) in {count} events."
            )
        anchored = " and matches its checkpoints" if options["checkpoints"] else ""
        self.stdout.write(f"The security log is intact{anchored}: {count} events verified.")

    def checkpoint(self) -> None:
        try:
            checkpoint = checkpoint_now()
        except HeadNotGenuine as exc:
            raise CommandError(
                f"No checkpoint written: {exc}. Run 'wpsdesk audit verify'."
            ) from exc
        path = checkpoint_file()
        where = f" and to {path}" if path is not None else ""
        self.stdout.write(f"Checkpoint written to the log stream{where}: {checkpoint.line()}")
