"""Background jobs of the reports app, run by ``wpsdesk db_worker`` (Django's task interface)."""

from __future__ import annotations

from django_tasks import task


@task()
def make_file_in_background(file_id: int) -> None:
    """Make one requested report file; its row carries the progress and the outcome."""
    from . import services

    services.make_file(file_id)
