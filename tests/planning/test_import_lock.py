"""A plan import holds SQLite's write lock only while it writes: a file that changes
nothing never takes it, so other people's saves are not held up."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.database_switch import is_sqlite, sqlite_file
from tests.personas import make_cast
from tests.planning.factories import load_guidelines
from tests.planning.test_exchange import filled
from wpsdesk.planning import exchange
from wpsdesk.planning.models import Goal

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not is_sqlite(), reason="the single write lock is SQLite's"),
]


def others_may_write(path: Path) -> bool:
    """Whether another connection gets the write lock at once."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


def test_an_unchanged_file_never_takes_the_write_lock(tmp_path: Path, monkeypatch: Any) -> None:
    with sqlite_file(tmp_path) as path:
        cast = make_cast()
        load_guidelines()
        seen: list[bool] = []
        real_write = exchange.write

        def write_and_look(*args: Any, **kwargs: Any) -> None:
            real_write(*args, **kwargs)
            seen.append(others_may_write(path))  # inside the import's transaction

        monkeypatch.setattr(exchange, "write", write_and_look)
        first = exchange.import_workbook(filled(), actor=cast.officer)
        assert first.ok and first.changed, first.errors
        again = exchange.import_workbook(filled(), actor=cast.officer)
        assert again.ok and not again.changed
        # The first import wrote, so it held the lock; the second compared only.
        assert seen == [False, True]
        assert Goal.objects.count() == 1


def test_an_import_that_meets_a_locked_database_runs_again_whole(
    tmp_path: Path, monkeypatch: Any
) -> None:
    with sqlite_file(tmp_path):
        cast = make_cast()
        load_guidelines()
        calls = {"n": 0}
        real_write = exchange.write

        def locked_once(*args: Any, **kwargs: Any) -> None:
            calls["n"] += 1
            real_write(*args, **kwargs)
            if calls["n"] == 1:
                from django.db import OperationalError

                raise OperationalError("database is locked")

        monkeypatch.setattr(exchange, "write", locked_once)
        report = exchange.import_workbook(filled(), actor=cast.officer)
        assert report.ok and report.changed
        assert calls["n"] == 2
        assert Goal.objects.count() == 1
