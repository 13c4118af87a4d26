"""Background screenings that recover when their worker dies.

A running job beats a heartbeat (``progress_at``) every ``SCREENING_HEARTBEAT_SECONDS``
from a thread beside the engine. :func:`recover_lost` finds the jobs that have lost their
worker — a running document silent for ``SCREENING_LEASE_SECONDS``, or a queued document
whose task vanished, finished without it, or was claimed by a worker that never reported
(killed between claim and first progress) — marks the old task row failed (so it is never
"running" for ever) and queues the document again, or after ``SCREENING_MAX_ATTEMPTS``
runs marks it stopped, with "Screen again" on its page. Workers run the check on their
loop (:class:`Watcher`, started by ``wpsdesk db_worker``); the document page's progress
poll runs it for its document. Every change is a conditional update, so two checks, or a
check and a late heartbeat, never both act on one job.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import ScreenedDocument, Status

log = logging.getLogger("wpsdesk.screening")

LOST_PATH = "wpsdesk.screening.recovery.WorkerLost"
LOST_TEXT = "The worker running this job stopped without finishing it; the job was recovered."
STOPPED_MESSAGE = (
    "The screening stopped without finishing: the background worker running it was lost "
    "several times. Screen it again."
)


class WorkerLost(Exception):
    """The worker running a job died (the name recorded on the job's task row)."""


def task_key(task_id: Any) -> str:
    """A task id in one spelling (hyphenated UUID), as stored on the document."""
    return str(uuid.UUID(str(task_id)))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.SCREENING_LEASE_SECONDS)


@contextmanager
def heartbeat(document_id: int, task_id: str) -> Iterator[None]:
    """While the block runs, mark the document alive every few seconds (own connection)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.SCREENING_HEARTBEAT_SECONDS):
                try:
                    ScreenedDocument.objects.filter(
                        pk=document_id, task_id=task_id, status=Status.RUNNING
                    ).update(progress_at=timezone.now())
                except DatabaseError:  # a busy database: the next beat will do
                    log.warning("heartbeat of document %s missed", document_id)
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"heartbeat-{document_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _lost(document: ScreenedDocument, task: DBTaskResult | None, cutoff: dt.datetime) -> bool:
    if document.status == Status.RUNNING:
        return document.progress_at is None or document.progress_at < cutoff
    if task is None:
        return True  # its task row vanished: no worker will ever take it
    if task.status == "READY":
        return False  # waiting for a worker
    if task.status == "RUNNING":
        return task.started_at is None or task.started_at < cutoff
    return (task.finished_at or task.enqueued_at) < cutoff  # ended without screening it


def recover_lost(*, document_id: int | None = None) -> int:
    """Queue again (or stop) every background screening whose worker is gone; how many."""
    candidates = ScreenedDocument.objects.exclude(task_id="").filter(
        status__in=[Status.QUEUED, Status.RUNNING]
    )
    if document_id is not None:
        candidates = candidates.filter(pk=document_id)
    documents = list(candidates.only("pk", "status", "task_id", "attempts", "progress_at"))
    if not documents:
        return 0
    tasks = {
        task_key(task.pk): task
        for task in DBTaskResult.objects.filter(pk__in=[d.task_id for d in documents])
    }
    cutoff = timezone.now() - lease()
    recovered = 0
    for document in documents:
        task = tasks.get(document.task_id)
        if _lost(document, task, cutoff) and _recover(document, task):
            recovered += 1
    return recovered


def _recover(document: ScreenedDocument, task: DBTaskResult | None) -> bool:
    from . import services

    now = timezone.now()
    with transaction.atomic():
        # Only if nothing moved since it was read: a late heartbeat or another check wins.
        claimed = ScreenedDocument.objects.filter(
            pk=document.pk,
            status=document.status,
            task_id=document.task_id,
            progress_at=document.progress_at,
        ).update(status=Status.QUEUED, stage="", progress=0, task_id="")
        if not claimed:
            return False
        if task is not None:
            DBTaskResult.objects.filter(pk=task.pk, status__in=["READY", "RUNNING"]).update(
                status="FAILED",
                finished_at=now,
                exception_class_path=LOST_PATH,
                traceback=LOST_TEXT,
            )
        if document.attempts < settings.SCREENING_MAX_ATTEMPTS:
            log.warning(
                "screening of document %s lost its worker; queued again (run %s)",
                document.pk,
                document.attempts + 1,
            )
            services.queue(document.pk, attempt=document.attempts + 1)
        else:
            log.warning("screening of document %s lost its worker too often; stopped", document.pk)
            ScreenedDocument.objects.filter(pk=document.pk).update(
                status=Status.FAILED,
                progress=100,
                error_code="stopped",
                error=STOPPED_MESSAGE,
                screened_at=now,
            )
    return True


class Watcher:
    """A worker's look-out: runs :func:`recover_lost` every ``SCREENING_WATCH_SECONDS``."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="screening-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            while True:
                try:
                    recover_lost()
                except DatabaseError:
                    log.warning("looking for lost screenings failed; trying again")
                finally:
                    connections.close_all()
                if self._stop.wait(settings.SCREENING_WATCH_SECONDS):
                    return
        finally:
            connections.close_all()
