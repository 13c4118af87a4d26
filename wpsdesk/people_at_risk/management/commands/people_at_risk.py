"""``wpsdesk people_at_risk review`` (from cron, daily) and ``wpsdesk people_at_risk reindex``."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from wpsdesk.people_at_risk import services


class Command(BaseCommand):
    help = (
        "review: anonymise people-at-risk records whose review date passed more than "
        "WPSDESK_PEOPLE_AT_RISK_ANONYMISE_DAYS ago (each one logged). "
        "reindex: recompute the real-name blind index after `wpsdesk keys rotate`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["review", "reindex"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reindex":
            changed = services.reindex_names()
            self.stdout.write(f"{changed} name index(es) recomputed.")
            return
        run = services.run_reviews()
        self.stdout.write(
            f"{run.overdue} record(s) past their review date; "
            f"{len(run.anonymised)} anonymised: {', '.join(map(str, run.anonymised)) or '-'}"
        )
