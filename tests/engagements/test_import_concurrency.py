"""Saving while a 5,000-row import of new engagements runs: nobody sees a 500, nothing is
lost, and the import is whole (SQLite, where one writer at a time holds the write lock)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from tests.database_switch import is_sqlite, sqlite_file
from tests.personas import make_cast, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.engagements import importer
from wpsdesk.engagements.models import Engagement, Participation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

HEADER = (
    "reference,unit,date,kind,country,forum,title,wps_on_agenda,"
    "norway_women,norway_men,norway_led_by,counterpart_women,counterpart_men\n"
)
ROWS = 5000  # all new: none of the file is stored yet
WRITERS = 20
ATTEMPTS = 30  # a person tries again after a "try again", but not for ever


def meeting(n: int) -> dict[str, str]:
    return {
        "title": f"Saved during the import {n}",
        "date": "2026-03-12",
        "kind": "civil_society",
        "country": "co",
        "forum": "",
        "n_norway_women": "2",
        "n_norway_men": "1",
        "lead_norway": "women",
        "wps_on_agenda": "on",
        "message_codes": "",
    }


def save_as_a_person_would(
    client: Client, n: int, outcome: dict[int, list[int]], waits: dict[int, float]
) -> None:
    """Post; on "try again" (503) wait as told and post again, as a person would."""
    statuses: list[int] = []
    started = time.monotonic()
    try:
        for _attempt in range(ATTEMPTS):
            response = client.post(reverse("engagements:create"), meeting(n))
            statuses.append(response.status_code)
            if response.status_code != 503:
                break
            time.sleep(min(float(response["Retry-After"]), 1.0))
    finally:
        waits[n] = time.monotonic() - started
        outcome[n] = statuses
        connections.close_all()


@pytest.mark.skipif(not is_sqlite(), reason="the single write lock is SQLite's")
def test_twenty_saves_during_a_5000_row_import_of_new_rows_all_land(
    tmp_path: Path, monkeypatch: Any
) -> None:
    with sqlite_file(tmp_path):
        cast = make_cast()
        data = (
            HEADER
            + "".join(
                f"N-{i},,2026-02-02,bilateral,CO,,Meeting {i},yes,2,1,woman,0,3\n"
                for i in range(ROWS)
            )
        ).encode()
        clients = [
            verified_client(cast.lead, Client(raise_request_exception=False))
            for _ in range(WRITERS)
        ]
        events = SecurityEvent.objects.count()
        writing = threading.Event()
        held: list[float] = []  # seconds the import's write transaction held the lock
        real_write = importer._write

        def timed_write(*args: Any, **kwargs: Any) -> Any:
            # The write phase is under way: let the people save now, while it writes.
            writing.set()
            began = time.monotonic()
            try:
                return real_write(*args, **kwargs)
            finally:
                held.append(time.monotonic() - began)

        monkeypatch.setattr(importer, "_write", timed_write)
        outcome: dict[int, list[int]] = {}
        waits: dict[int, float] = {}
        result: dict[str, Any] = {}

        def run_import() -> None:
            began = time.monotonic()
            try:
                result["report"] = importer.import_engagements(
                    user=cast.officer, default_unit=cast.bogota, name="e.csv", data=data
                )
            finally:
                result["seconds"] = time.monotonic() - began
                connections.close_all()

        importing = threading.Thread(target=run_import)
        importing.start()
        people = []
        for n in range(WRITERS):
            if n == WRITERS // 2:
                assert writing.wait(timeout=120), "the import never reached its write phase"
            person = threading.Thread(
                target=save_as_a_person_would, args=(clients[n], n, outcome, waits)
            )
            person.start()
            people.append(person)
        for thread in [importing, *people]:
            thread.join(timeout=300)

        report = result["report"]
        assert report.ok, report.errors
        assert (report.created, report.updated, report.unchanged) == (ROWS, 0, 0)
        statuses = [status for n in range(WRITERS) for status in outcome[n]]
        assert 500 not in statuses
        assert all(outcome[n][-1] == 302 for n in range(WRITERS)), outcome
        saved = set(
            Engagement.objects.filter(title__startswith="Saved during the import").values_list(
                "title", flat=True
            )
        )
        assert saved == {meeting(n)["title"] for n in range(WRITERS)}
        imported = Engagement.objects.filter(external_ref__startswith="N-")
        assert imported.count() == ROWS
        # Norway: 2 women, 1 man, led by a woman; the counterpart: 0 women, 3 men. The
        # file has no column for another gender: unknown, nothing stored.
        assert Participation.objects.filter(engagement__in=imported).count() == ROWS * 5
        assert Engagement.objects.count() == ROWS + WRITERS
        # The import holds the write lock for less than a writer waits for it (the busy
        # timeout), so saves wait rather than being told to try again.
        assert max(held) < connections["default"].settings_dict["OPTIONS"]["timeout"]
        assert (
            SecurityEvent.objects.filter(kind="engagements.imported").count() == 1
            and SecurityEvent.objects.count() > events
        )
        print(
            f"\nimport of {ROWS} new rows: {result['seconds']:.1f} s; write lock held "
            f"{sum(held):.1f} s in {len(held)} transaction(s), longest {max(held):.2f} s; "
            f"slowest save {max(waits.values()):.1f} s; answers {sorted(statuses)}"
        )
