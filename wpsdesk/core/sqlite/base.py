"""Django's SQLite backend, running ``PRAGMA optimize`` as each connection closes.

Without statistics (``sqlite_stat1``) SQLite's planner guesses how selective an index is,
and at scale it guesses wrong: the embassy dashboard's live count for one granted
engagement walked a million participation rows by their category index (324 ms) instead of
the engagement's twenty (under 1 ms). SQLite's own advice for short-lived connections is
``PRAGMA optimize`` just before closing: it analyses only the tables this connection's
queries used and whose size has changed enough since they were last analysed, so it costs
nothing on most requests and a fraction of a second after a table has grown (measured at
ten times Norway: 0.4 s for the participation table). Django closes a request's connection
after the response has been sent.
"""

from __future__ import annotations

import contextlib
import sqlite3

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    """The SQLite wrapper that leaves the planner's statistics current when it closes."""

    # ``_close`` is the hook Django's ``close()`` calls; the type stubs do not declare it.
    def _close(self) -> None:
        if self.connection is not None and not self.is_in_memory_db():
            # A locked or read-only database only means the statistics wait for the next close.
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("PRAGMA optimize")
        super()._close()  # type: ignore[misc]
