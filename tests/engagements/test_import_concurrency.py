"""Saving while a 5,000-row import runs: nobody sees a 500 and nothing is lost (SQLite)."""

from __future__ import annotations

import datetime as dt
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
from wpsdesk.engagements import importer
from wpsdesk.engagements.models import Engagement, Kind

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

HEADER = "reference,unit,date,kind,country,forum,title,wps_on_agenda\n"
ROWS = 5000
NEW = 50  # rows of the file not stored yet; the rest are as stored
WRITERS = 20


def meeting(n: int) -> dict[str, str]:
    return {
        "title": f"Saved during the import {n}",
        "date": "2026-03-12",
        "kind": "civil_society",
        "country": "co",
        "forum": "",
        "n_norway_woman": "2",
        "n_norway_man": "1",
        "lead_norway": "woman",
        "wps_on_agenda": "on",
        "message_codes": "",
    }


def save_as_a_person_would(client: Client, n: int, outcome: dict[int, list[int]]) -> None:
    """Post; on "try again" (503) wait as told and post again, as a person would."""
    statuses: list[int] = []
    try:
        for _attempt in range(30):
            response = client.post(reverse("engagements:create"), meeting(n))
            statuses.append(response.status_code)
            if response.status_code != 503:
                break
            time.sleep(min(float(response["Retry-After"]), 1.0))
    finally:
        outcome[n] = statuses
        connections.close_all()


@pytest.mark.skipif(not is_sqlite(), reason="the single write lock is SQLite's")
def test_twenty_saves_during_a_5000_row_import_all_land(tmp_path: Path, monkeypatch: Any) -> None:
    with sqlite_file(tmp_path):
        cast = make_cast()
        Engagement.objects.bulk_create(
            Engagement(
                unit=cast.bogota,
                date=dt.date(2026, 2, 2),
                kind=Kind.BILATERAL,
                country="CO",
                title=f"Meeting {i}",
                external_ref=f"R-{i}",
                created_by=cast.officer,
            )
            for i in range(ROWS - NEW)
        )
        data = (
            HEADER
            + "".join(f"R-{i},,2026-02-02,bilateral,CO,,Meeting {i},no\n" for i in range(ROWS))
        ).encode()
        clients = [
            verified_client(cast.lead, Client(raise_request_exception=False))
            for _ in range(WRITERS)
        ]
        writing = threading.Event()
        real_save = importer.services.engagement_save

        def save_slowly(**kwargs: Any) -> Any:
            # The write phase is under way: let the people save now, while it holds the lock.
            writing.set()
            return real_save(**kwargs)

        monkeypatch.setattr(importer.services, "engagement_save", save_slowly)
        outcome: dict[int, list[int]] = {}
        result: dict[str, Any] = {}

        def run_import() -> None:
            try:
                result["report"] = importer.import_engagements(
                    user=cast.officer, default_unit=cast.bogota, name="e.csv", data=data
                )
            finally:
                connections.close_all()

        started = time.monotonic()
        importing = threading.Thread(target=run_import)
        importing.start()
        people = []
        for n in range(WRITERS):
            if n == WRITERS // 2:
                assert writing.wait(timeout=120), "the import never reached its write phase"
            person = threading.Thread(target=save_as_a_person_would, args=(clients[n], n, outcome))
            person.start()
            people.append(person)
        for thread in [importing, *people]:
            thread.join(timeout=180)
        elapsed = time.monotonic() - started

        report = result["report"]
        assert report.ok, report.errors
        assert (report.created, report.updated, report.unchanged) == (NEW, 0, ROWS - NEW)
        statuses = [status for n in range(WRITERS) for status in outcome[n]]
        assert 500 not in statuses
        assert all(outcome[n][-1] == 302 for n in range(WRITERS)), outcome
        saved = set(
            Engagement.objects.filter(title__startswith="Saved during the import").values_list(
                "title", flat=True
            )
        )
        assert saved == {meeting(n)["title"] for n in range(WRITERS)}
        assert Engagement.objects.count() == ROWS + WRITERS
        print(f"import and {WRITERS} saves: {elapsed:.1f} s; answers {sorted(statuses)}")
