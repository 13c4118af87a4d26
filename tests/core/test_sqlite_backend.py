"""The SQLite engine leaves the planner's statistics current when a connection closes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper as DjangoWrapper

from wpsdesk.core.sqlite.base import DatabaseWrapper

pytestmark = pytest.mark.database_independent


def _settings(path: Path) -> dict:
    return {
        "NAME": str(path),
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "ENGINE": "wpsdesk.core.sqlite",
        "OPTIONS": {},
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "TEST": {},
    }


def _grown_table(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE row (id INTEGER PRIMARY KEY, kind INTEGER, owner INTEGER)")
        raw.execute("CREATE INDEX row_kind ON row (kind)")
        raw.execute("CREATE INDEX row_owner ON row (owner)")
        raw.executemany(
            "INSERT INTO row (kind, owner) VALUES (?, ?)", ((i % 3, i) for i in range(5000))
        )


def _statistics(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as raw:
        found = raw.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if found.fetchone() is None:
            return []
        return sorted(raw.execute("SELECT tbl, idx FROM sqlite_stat1").fetchall())


@pytest.mark.parametrize(
    ("wrapper", "analysed"),
    [(DatabaseWrapper, True), (DjangoWrapper, False)],
    ids=["wpsdesk engine", "django's engine"],
)
def test_closing_analyses_the_tables_the_connection_queried(
    tmp_path: Path, wrapper: type, analysed: bool, django_db_blocker: Any
) -> None:
    path = tmp_path / "db.sqlite3"
    _grown_table(path)
    connection = wrapper(_settings(path), alias="scratch")
    with django_db_blocker.unblock():  # a scratch file, not the test database
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM row WHERE kind = 1 AND owner IN (7, 8)")
        assert _statistics(path) == []
        connection.close()
    if analysed:
        assert _statistics(path) == [("row", "row_kind"), ("row", "row_owner")]
    else:
        assert _statistics(path) == []


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("sqlite:///{tmp}/wpsdesk.sqlite3", "wpsdesk.core.sqlite"),
        ("postgres://someone@127.0.0.1:5432/wpsdesk", "django.db.backends.postgresql"),
    ],
)
def test_the_settings_use_the_engine_for_sqlite_only(tmp_path: Path, url: str, engine: str) -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {
        **os.environ,
        "DATABASE_URL": url.format(tmp=tmp_path),
        "DJANGO_SETTINGS_MODULE": "wpsdesk.settings",
        "WPSDESK_DEV": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == engine
