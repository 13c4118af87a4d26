"""The ``scale`` suite of ``wpsdesk bench``: prepare the database, fill it, time it, report.

Without ``--database`` a fresh SQLite file ``var/bench-scale-<N>.sqlite3`` is used (never
the working database). The database is migrated, the guidelines loaded, and the
organisation generated when the database holds none yet; a second run times the same data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from . import bench_scale


def _database_url(options: dict[str, Any]) -> str:
    if options["database"]:
        return str(options["database"])
    var = Path(settings.BASE_DIR) / "var" if hasattr(settings, "BASE_DIR") else Path("var")
    var.mkdir(parents=True, exist_ok=True)
    scale = f"{options['scale']:g}".replace(".", "_")
    return f"sqlite:///{(var / f'bench-scale-{scale}.sqlite3').resolve()}"


def scale(command: BaseCommand, options: dict[str, Any]) -> None:
    """Run the scale benchmark against the database asked for (in a child process when it
    is not the one this process was started with, so settings stay those of that database)."""
    url = _database_url(options)
    if os.environ.get("WPSDESK_BENCH_DATABASE") != url:
        env = {**os.environ, "DATABASE_URL": url, "WPSDESK_BENCH_DATABASE": url}
        argv = [sys.executable, "-m", "wpsdesk", *sys.argv[1:]]
        if sys.argv[1:2] != ["bench"]:  # called from code (tests): rebuild the arguments
            argv = [sys.executable, "-m", "wpsdesk", "bench", "scale"]
            argv += ["--scale", f"{options['scale']:g}", "--runs", str(options["runs"])]
            argv += ["--database", url]
            if options.get("json"):
                argv += ["--json", str(options["json"])]
        completed = subprocess.run(argv, env=env, check=False)  # noqa: S603 - our own command
        if completed.returncode:
            raise SystemExit(completed.returncode)
        return
    say = command.stdout.write
    call_command("migrate", verbosity=0)
    from wpsdesk.catalogue.models import Item
    from wpsdesk.organisation.models import User

    if not Item.objects.exists():
        call_command("catalogue", "load", verbosity=0)
    if not User.objects.filter(username="person000000").exists():
        started = time.perf_counter()
        bench_scale.generate_atomic(options["scale"], say=say)
        say(f"Generated in {time.perf_counter() - started:.0f} s.")
    # The planner's statistics, as a service has them: PostgreSQL's autovacuum and wpsdesk's
    # SQLite engine (``PRAGMA optimize`` on close) keep them, but not within a bulk load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(bench_scale.HEADER)
    results = bench_scale.run(
        repeat=max(10, options["runs"]), say=say, only=options.get("only") or ()
    )
    if options.get("json"):
        data = json.dumps(bench_scale.as_json(results), indent=1)
        if options["json"] == "-":
            say(data)
        else:
            Path(options["json"]).write_text(data + "\n", encoding="utf-8")
            say(f"Figures written to {options['json']}.")
