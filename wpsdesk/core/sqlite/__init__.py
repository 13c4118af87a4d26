"""Django's SQLite backend, plus the statistics SQLite's query planner needs (see base)."""
