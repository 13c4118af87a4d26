"""Transactions that take SQLite's write lock only when they first write.

wpsdesk opens SQLite transactions with ``BEGIN IMMEDIATE`` (settings.py): the write lock
is taken at once, so two requests never fail upgrading a read lock. An import, though,
reads and compares a whole file before it writes anything, and often writes nothing (the
same file again). :func:`atomic_write_on_first_write` opens its outermost transaction
``DEFERRED`` instead, so the lock is taken at the first write — for an unchanged file,
never — and everyone else's saves go on meanwhile. The price: if someone else committed
after the transaction's first read, its first write fails at once with "database is
locked"; :func:`retry_when_locked` runs the whole (all-or-nothing) block again then.
On PostgreSQL both are plain ``transaction.atomic()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

from wpsdesk.core.unavailable import cause

T = TypeVar("T")


@contextmanager
def atomic_write_on_first_write(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """``transaction.atomic()`` whose SQLite write lock waits for the first write."""
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic(using=using):
            yield
        return
    connection.ensure_connection()
    mode = getattr(connection, "transaction_mode", None)
    connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
    try:
        with transaction.atomic(using=using):
            connection.transaction_mode = mode  # type: ignore[attr-defined]
            yield
    finally:
        connection.transaction_mode = mode  # type: ignore[attr-defined]


def retry_when_locked(run: Callable[[], T], *, attempts: int = 3, pause: float = 0.5) -> T:
    """Run an all-or-nothing block again when it met a locked database, a few times."""
    for attempt in range(1, attempts + 1):
        try:
            return run()
        except OperationalError as exc:
            if cause(exc) != "locked" or attempt == attempts:
                raise
            time.sleep(pause * attempt)
    raise AssertionError("unreachable")  # pragma: no cover
