"""An engagement import killed in the middle of writing leaves nothing; running the file
again imports all of it (a real process, killed with SIGKILL, on SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.database_switch import is_sqlite, sqlite_file
from tests.personas import make_cast
from tests.screening.test_recovery import worker_env
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.engagements import importer
from wpsdesk.engagements.models import Engagement, Participation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROWS = 12

IMPORTER = """
import sys, time
import django
django.setup()
from django.core.management import call_command
from wpsdesk.engagements import importer

real = importer.services.engagements_insert

def insert_then_wait(*args, **kwargs):
    real(*args, **kwargs)  # the engagements, their counts and history are written, not committed
    print("writing", flush=True)
    time.sleep(600)

importer.services.engagements_insert = insert_then_wait
call_command("engagements", "import", sys.argv[1], "--as", "officer", "--unit", "test-bogota")
"""


@pytest.fixture
def shared_database(tmp_path: Path) -> Iterator[Path | None]:
    if is_sqlite():
        with sqlite_file(tmp_path) as path:
            yield path
    else:
        yield None


def test_a_killed_import_leaves_nothing_and_runs_again_whole(
    shared_database: Path | None, tmp_path: Path
) -> None:
    cast = make_cast()
    text = "reference,unit,date,kind,country,forum,title,wps_on_agenda,norway_women,norway_men\n"
    text += "".join(f"K-{i},,2026-02-02,bilateral,CO,,Meeting {i},yes,2,1\n" for i in range(ROWS))
    path = tmp_path / "engagements.csv"
    path.write_text(text, encoding="utf-8")
    events = SecurityEvent.objects.count()
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(path)],
        env=worker_env(shared_database),
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == b"writing"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not Engagement.objects.exists()
    assert not Participation.objects.exists()
    assert SecurityEvent.objects.count() == events
    result = importer.import_engagements(
        user=cast.officer, default_unit=cast.bogota, name="e.csv", data=text.encode()
    )
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (ROWS, 0, 0)
    again = importer.import_engagements(
        user=cast.officer, default_unit=cast.bogota, name="e.csv", data=text.encode()
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, ROWS)
