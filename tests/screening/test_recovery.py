"""Background screenings recover when their worker dies: found within a minute, queued
again a few times, then stopped with "Screen again"; the task row is never left running."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.database_switch import is_sqlite, sqlite_file
from tests.personas import Cast, make_cast, verified_client
from tests.screening import docs
from wpsdesk.screening import recovery, services
from wpsdesk.screening.models import ScreenedDocument, Status

LONG_AGO = dt.timedelta(minutes=5)


@pytest.fixture
def queued(cast: Cast, settings: Any, django_capture_on_commit_callbacks: Any) -> ScreenedDocument:
    """A document waiting for a worker, with its job queued."""
    settings.SCREENING_INLINE_BYTES = 10
    with django_capture_on_commit_callbacks(execute=True):
        document = services.add_document(
            actor=cast.officer,
            unit=cast.bogota,
            title="Long",
            classification="internal",
            text=docs.AGREEMENT,
        )
    document.refresh_from_db()
    assert document.status == Status.QUEUED and document.task_id and document.attempts == 1
    return document


def task_of(document: ScreenedDocument) -> DBTaskResult:
    document.refresh_from_db()
    return DBTaskResult.objects.get(pk=document.task_id)


@pytest.mark.django_db
def test_a_waiting_job_is_left_alone(queued: ScreenedDocument) -> None:
    assert recovery.recover_lost() == 0
    assert task_of(queued).status == "READY"


@pytest.mark.django_db
def test_a_queued_document_whose_task_vanished_is_queued_again(queued: ScreenedDocument) -> None:
    old = queued.task_id
    DBTaskResult.objects.all().delete()
    assert recovery.recover_lost() == 1
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (Status.QUEUED, 2)
    assert queued.task_id != old
    assert task_of(queued).status == "READY"


@pytest.mark.django_db
def test_a_job_claimed_by_a_worker_killed_before_its_first_progress_is_queued_again(
    queued: ScreenedDocument,
) -> None:
    old = task_of(queued)
    DBTaskResult.objects.filter(pk=old.pk).update(
        status="RUNNING", started_at=timezone.now() - dt.timedelta(seconds=30)
    )
    assert recovery.recover_lost() == 0  # claimed half a minute ago: may still start
    DBTaskResult.objects.filter(pk=old.pk).update(started_at=timezone.now() - LONG_AGO)
    assert recovery.recover_lost() == 1
    old.refresh_from_db()
    assert old.status == "FAILED"  # no longer "running" for ever
    assert old.exception_class_path == recovery.LOST_PATH
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (Status.QUEUED, 2)


@pytest.mark.django_db
def test_a_running_job_is_lost_only_when_its_heartbeat_is_older_than_the_lease(
    queued: ScreenedDocument,
) -> None:
    lease = dt.timedelta(seconds=settings.SCREENING_LEASE_SECONDS)
    DBTaskResult.objects.filter(pk=queued.task_id).update(
        status="RUNNING", started_at=timezone.now() - LONG_AGO
    )
    ScreenedDocument.objects.filter(pk=queued.pk).update(
        status=Status.RUNNING, progress=40, progress_at=timezone.now() - lease / 2
    )
    assert recovery.recover_lost() == 0
    ScreenedDocument.objects.filter(pk=queued.pk).update(
        progress_at=timezone.now() - lease - dt.timedelta(seconds=1)
    )
    assert recovery.recover_lost() == 1
    queued.refresh_from_db()
    assert (queued.status, queued.progress, queued.attempts) == (Status.QUEUED, 0, 2)


@pytest.mark.django_db
def test_after_the_last_run_it_is_stopped_with_screen_again(
    cast: Cast, queued: ScreenedDocument
) -> None:
    ScreenedDocument.objects.filter(pk=queued.pk).update(
        status=Status.RUNNING, progress_at=timezone.now() - LONG_AGO, attempts=3
    )
    client = verified_client(cast.officer)
    fragment = client.get(f"/screening/{queued.pk}/progress/")  # the page's poll looks too
    assert fragment.status_code == 200
    queued.refresh_from_db()
    assert (queued.status, queued.error_code) == (Status.FAILED, "stopped")
    assert DBTaskResult.objects.get().status == "FAILED"
    page = client.get(f"/screening/{queued.pk}/").content.decode()
    assert "stopped without finishing" in page
    assert f"/screening/{queued.pk}/rescreen/" in page
    assert "Screen again" in page


@pytest.mark.django_db
def test_the_progress_poll_queues_a_lost_job_again(cast: Cast, queued: ScreenedDocument) -> None:
    DBTaskResult.objects.all().delete()
    client = verified_client(cast.officer)
    assert client.get(f"/screening/{queued.pk}/progress/").status_code == 200
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (Status.QUEUED, 2)
    assert task_of(queued).status == "READY"


# --- a real worker, killed --------------------------------------------------------------

WORKER = """
import os, time
import django
django.setup()
from django.core.management import call_command
if os.environ.get("HANG"):
    from wpsdesk.screening import services

    def hang(document_id, **kwargs):
        services._progress(document_id, "reading", 5, status="running")
        time.sleep(600)

    services.run_screening = hang
call_command("db_worker", interval=0.2, startup_delay=False, reload=False, verbosity=0)
"""


def worker_env(database: Path | None) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "WPSDESK_SCREENING_LEASE_SECONDS": "3",
        "WPSDESK_SCREENING_HEARTBEAT_SECONDS": "1",
        "WPSDESK_SCREENING_WATCH_SECONDS": "1",
    }
    if database is not None:
        env["WPSDESK_TEST_SQLITE_FILE"] = str(database)
    else:
        db = connections["default"].settings_dict
        env["WPSDESK_TEST_DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    return env


def start_worker(env: dict[str, str], *, hang: bool = False) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER],
        env={**env, **({"HANG": "1"} if hang else {})},
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition: Any, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def shared_database(tmp_path: Path) -> Iterator[Path | None]:
    """A database a worker process can open: SQLite's file copy, or PostgreSQL's test database."""
    if is_sqlite():
        with sqlite_file(tmp_path) as path:
            yield path
    else:
        yield None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_job_is_recovered_within_a_minute(
    shared_database: Path | None, settings: Any
) -> None:
    settings.SCREENING_INLINE_BYTES = 10
    cast = make_cast()
    document = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Long",
        classification="internal",
        text=docs.AGREEMENT,
    )
    first_task = ScreenedDocument.objects.get(pk=document.pk).task_id
    env = worker_env(shared_database)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        doomed = start_worker(env, hang=True)
        workers.append(doomed)

        def running() -> bool:
            return ScreenedDocument.objects.get(pk=document.pk).status == Status.RUNNING

        assert wait_for(running, 60), "the worker never took the job"
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
        killed_at = time.monotonic()
        assert DBTaskResult.objects.get(pk=first_task).status == "RUNNING"  # as it died

        workers.append(start_worker(env))

        def done() -> bool:
            return ScreenedDocument.objects.get(pk=document.pk).status == Status.DONE

        assert wait_for(done, 60), ScreenedDocument.objects.get(pk=document.pk).status
        recovered_after = time.monotonic() - killed_at
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()
    assert recovered_after < 60
    document.refresh_from_db()
    assert document.attempts == 2 and document.findings_count > 0
    old = DBTaskResult.objects.get(pk=first_task)
    assert (old.status, old.exception_class_path) == ("FAILED", recovery.LOST_PATH)
    assert DBTaskResult.objects.get(pk=document.task_id).status == "SUCCESSFUL"
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()
    print(f"recovered {recovered_after:.1f} s after the kill")
