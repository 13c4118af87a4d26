"""``wpsdesk figures rebuild`` and ``wpsdesk figures check``: the kept engagement figures.

The writers keep the tallies in their own transactions (:mod:`wpsdesk.engagements.tallies`);
``rebuild`` counts them all again from the stored engagements (after a restore, or a bulk
load that went around the services), and ``check`` says whether they equal a live recount.
Neither reads or shows any record's content: they only count.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wpsdesk.engagements import tallies


class Command(BaseCommand):
    help = "Rebuild or check the kept engagement figures (dashboard and API figures)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["rebuild", "check"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            engagement_rows, participation_rows = tallies.rebuild()
            self.stdout.write(
                f"Kept figures counted again: {engagement_rows} engagement rows, "
                f"{participation_rows} participation rows."
            )
            return
        kept, live = tallies.stored(), tallies.recounted()
        if kept != live:
            raise CommandError(
                "The kept figures differ from a live recount "
                f"({len(kept[0] ^ live[0])} engagement rows, "
                f"{len(kept[1] ^ live[1])} participation rows differ). "
                "Run `wpsdesk figures rebuild`."
            )
        self.stdout.write("The kept figures equal a live recount.")
