"""Background jobs of the screening app, run by `wpsdesk db_worker` (Django's task interface)."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def screen_in_background(context: TaskContext, document_id: int) -> None:
    """Screen one queued document; the document row carries progress and outcome.

    A heartbeat beside the run keeps its lease; a job whose document has since been given
    to another job (after its worker was thought lost) leaves it to that one.
    """
    from . import recovery, services
    from .models import ScreenedDocument

    task_id = recovery.task_key(context.task_result.id)
    owner = ScreenedDocument.objects.filter(pk=document_id).values_list("task_id", flat=True)
    current = owner.first()
    if current and current != task_id:
        return
    with recovery.heartbeat(document_id, task_id):
        services.run_screening(document_id)
