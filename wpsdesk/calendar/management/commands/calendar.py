"""``wpsdesk calendar remind`` (from cron, daily): e-mail the reminders due today, once each."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from wpsdesk.calendar import reminders


class Command(BaseCommand):
    help = (
        "remind: e-mail each person the calendar reminders due today that were not sent "
        "before (running it twice sends nothing twice)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["remind"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = reminders.send_due(timezone.localdate())
        self.stdout.write(
            f"{result.sent} reminder(s) sent, {result.already_sent} sent before, "
            f"to {result.people} person(s) with reminders."
        )
