"""A busy or stopped database answers a plain 503 with Retry-After; nothing half-written stays."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.database_switch import database_down, is_sqlite, sqlite_file
from tests.personas import Cast, make_cast, verified_client
from wpsdesk.core.unavailable import cause
from wpsdesk.engagements.models import Engagement

pytestmark = pytest.mark.django_db(transaction=True)

MEETING = {
    "title": "Consultation in Cauca",
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


@pytest.fixture
def on_file(tmp_path: Path) -> Iterator[Path]:
    """SQLite: a file database with the production settings; PostgreSQL: as it is."""
    if is_sqlite():
        with sqlite_file(tmp_path, timeout=0.2) as path:
            yield path
    else:
        yield tmp_path


def person(cast: Cast) -> Client:
    return verified_client(cast.officer, Client(raise_request_exception=False))


@pytest.mark.parametrize("path", ["/", "/engagements/", "/api/me/"])
def test_with_the_database_down_pages_answer_a_plain_503(on_file: Path, path: str) -> None:
    cast = make_cast()
    client = person(cast)
    with database_down(on_file):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    if path.startswith("/api/"):
        assert response.json()["retry_after"] == 30
    else:
        assert "The database cannot be reached. Nothing of yours was saved." in body
    assert "Traceback" not in body
    assert client.get(path).status_code == 200  # back when the database is


def test_a_save_while_the_database_is_down_stores_nothing(on_file: Path) -> None:
    cast = make_cast()
    client = person(cast)
    with database_down(on_file):
        response = client.post(reverse("engagements:create"), MEETING)
    assert response.status_code == 503
    assert not Engagement.objects.exists()
    assert client.post(reverse("engagements:create"), MEETING).status_code == 302
    assert Engagement.objects.filter(title=MEETING["title"]).count() == 1


@pytest.mark.skipif(not is_sqlite(), reason="only SQLite has one write lock for everyone")
def test_a_save_that_waits_too_long_for_the_lock_is_asked_to_try_again(on_file: Path) -> None:
    cast = make_cast()
    client = person(cast)
    holder = sqlite3.connect(on_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = client.post(reverse("engagements:create"), MEETING)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Nothing of yours was saved. Please try again in a few seconds." in (
        response.content.decode()
    )
    assert not Engagement.objects.exists()
    assert client.post(reverse("engagements:create"), MEETING).status_code == 302
    assert Engagement.objects.count() == 1


def test_other_database_errors_stay_errors() -> None:
    """A missing table is a fault to fix, not a moment to wait out."""

    def wrapped(message: str) -> OperationalError:
        error = OperationalError(message)
        error.__cause__ = sqlite3.OperationalError(message)
        return error

    assert cause(wrapped("no such table: engagements_engagement")) is None
    assert cause(wrapped("database is locked")) == "locked"
    assert cause(wrapped("unable to open database file")) == "down"
    assert cause(ValueError("database is locked")) is None

    class PostgresError(Exception):
        def __init__(self, message: str, sqlstate: str) -> None:
            super().__init__(message)
            self.sqlstate = sqlstate

    def from_postgres(message: str, sqlstate: str) -> OperationalError:
        error = OperationalError(message)
        error.__cause__ = PostgresError(message, sqlstate)
        return error

    assert cause(from_postgres("deadlock detected", "40P01")) == "locked"
    assert cause(from_postgres("connection refused", "08001")) == "down"
