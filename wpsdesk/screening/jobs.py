"""Background jobs of the screening app, run by `wpsdesk db_worker` (Django's task interface)."""

from __future__ import annotations

from django_tasks import task


@task()
def screen_in_background(document_id: int) -> None:
    """Screen one queued document; the document row carries progress and outcome."""
    from . import services

    services.run_screening(document_id)
