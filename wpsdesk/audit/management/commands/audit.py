"""``wpsdesk audit verify``: check the security log's hash chain."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wpsdesk.audit.models import SecurityEvent
from wpsdesk.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Work with the security log. 'verify' checks that no row was edited, deleted or inserted."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(verify_chain())
        count = SecurityEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"The security log is NOT intact: {len(problems)} problem(s) in {count} events."
            )
        self.stdout.write(f"The security log is intact: {count} events verified.")
