"""`wpsdesk db_worker`: django-tasks-db's worker, which also recovers lost screenings.

Besides running jobs, the worker looks every ``SCREENING_WATCH_SECONDS`` for background
screenings whose worker died (``screening/recovery.py``) and queues them again. With
``--batch`` it looks once, before running what is queued.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from wpsdesk.screening import recovery


class Command(DatabaseWorkerCommand):
    help = "Run background jobs; screenings whose worker died are queued again."

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("batch"):
            recovery.recover_lost()
            super().handle(*args, **options)
            return
        watcher = recovery.Watcher()
        watcher.start()
        try:
            super().handle(*args, **options)
        finally:
            watcher.stop()
