"""Create the load test's PostgreSQL database when it does not exist yet (``make loadtest``)."""

from __future__ import annotations

import sys

import dj_database_url
import psycopg
from psycopg import sql


def main(url: str) -> int:
    """Connect to the server's ``postgres`` database and create the one ``url`` names."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.stderr.write("The load test runs on PostgreSQL: give a postgres:// URL.\n")
        return 2
    name = config["NAME"]
    with psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created the database {name}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
