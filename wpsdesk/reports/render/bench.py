"""How long the renderers take on a service-wide report of a given size.

The scale benchmark (``wpsdesk bench scale``) can call :func:`run` and print
:func:`table`; ``python -m wpsdesk.reports.render.bench`` runs it alone. Both wall-clock
and CPU time are given: on a shared machine the CPU time is the fairer figure.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from .sample import sample_content

BUDGET_S = 10.0  # the service-wide report of 120 units, per format (issue 16)


@dataclass(frozen=True)
class RenderTiming:
    """One format rendered once."""

    format: str
    units: int
    seconds: float
    cpu_seconds: float
    kb: float

    @property
    def within_budget(self) -> bool:
        """CPU time within the budget (wall time depends on the machine's other work)."""
        return self.cpu_seconds <= BUDGET_S


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished children (user + system)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def run(
    *,
    units: int = 120,
    language: str = "nb",
    formats: tuple[str, ...] = ("html", "docx", "pdf"),
    commitment_tables: bool = False,
    say: Callable[[str], None] | None = None,
) -> list[RenderTiming]:
    """Render a made-up service-wide report of ``units`` units in each format, timed."""
    from . import render_docx, render_html, render_pdf

    renderers: dict[str, Callable[[dict[str, Any]], str | bytes]] = {
        "html": render_html,
        "docx": render_docx,
        "pdf": render_pdf,
    }
    content = sample_content(units=units, language=language, commitment_tables=commitment_tables)
    results = []
    for name in formats:
        started, cpu = time.perf_counter(), cpu_seconds()
        output = renderers[name](content)
        timing = RenderTiming(
            format=name,
            units=units,
            seconds=time.perf_counter() - started,
            cpu_seconds=cpu_seconds() - cpu,
            kb=len(output) / 1024,
        )
        results.append(timing)
        if say:
            say(table_row(timing))
    return results


HEADER = f"{'report render':14} {'units':>5} {'s':>7} {'cpu s':>7} {'kB':>8} budget"


def table_row(timing: RenderTiming) -> str:
    verdict = "ok" if timing.within_budget else f"over {BUDGET_S:g} s"
    return (
        f"{timing.format:14} {timing.units:5d} {timing.seconds:7.2f} "
        f"{timing.cpu_seconds:7.2f} {timing.kb:8.1f} {verdict}"
    )


def as_json(results: list[RenderTiming]) -> list[dict[str, Any]]:
    return [asdict(r) for r in results]


def main() -> None:  # pragma: no cover - a command-line entry
    import logging
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wpsdesk.settings")
    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page
    print(HEADER)
    run(say=print)


if __name__ == "__main__":  # pragma: no cover
    main()
