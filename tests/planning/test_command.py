"""``wpsdesk plans export`` and ``wpsdesk plans import`` under a person's access."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.personas import Cast
from tests.planning.factories import YEAR, Chain, make_chain
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.planning import exchange, services
from wpsdesk.planning.models import Goal, WorkPlan


def test_export_writes_what_the_person_may_read(cast: Cast, chain: Chain, tmp_path: Path) -> None:
    make_chain(cast.amman, cast.outsider, title="Amman's goal")
    target = tmp_path / "plans.xlsx"
    call_command(
        "plans", "export", "--as", "officer", "--output", str(target), stderr=io.StringIO()
    )
    book = load_workbook(target)
    goals = [row[3] for row in book["Goals"].iter_rows(min_row=2, values_only=True)]
    assert goals == [chain.goal.title]
    assert SecurityEvent.objects.filter(kind="planning.exported", actor=cast.officer).exists()


def test_import_then_reimport_changes_nothing_the_second_time(
    cast: Cast, chain: Chain, tmp_path: Path
) -> None:
    target = tmp_path / "plans.xlsx"
    call_command(
        "plans", "export", "--as", "officer", "--output", str(target), stderr=io.StringIO()
    )
    WorkPlan.objects.all().delete()
    out = io.StringIO()
    call_command("plans", "import", str(target), "--as", "officer", stdout=out)
    assert "Imported" in out.getvalue()
    assert Goal.objects.get().title == chain.goal.title
    out = io.StringIO()
    call_command("plans", "import", str(target), "--as", "officer", stdout=out)
    assert "Nothing changed" in out.getvalue()


def test_a_dry_run_keeps_nothing(cast: Cast, chain: Chain, tmp_path: Path) -> None:
    target = tmp_path / "plans.xlsx"
    call_command(
        "plans", "export", "--as", "officer", "--output", str(target), stderr=io.StringIO()
    )
    WorkPlan.objects.all().delete()
    out = io.StringIO()
    call_command("plans", "import", str(target), "--as", "officer", "--dry-run", stdout=out)
    assert out.getvalue().startswith("Dry run")
    assert not WorkPlan.objects.exists()


def test_an_import_by_someone_of_another_unit_is_refused_with_the_rows(
    cast: Cast, chain: Chain, tmp_path: Path
) -> None:
    target = tmp_path / "plans.xlsx"
    call_command(
        "plans", "export", "--as", "officer", "--output", str(target), stderr=io.StringIO()
    )
    with pytest.raises(CommandError, match="Plans, row 2: You may not change the plans of"):
        call_command("plans", "import", str(target), "--as", "outsider")


def test_an_unknown_person_is_refused(cast: Cast) -> None:
    with pytest.raises(CommandError, match="No active person"):
        call_command("plans", "export", "--as", "nobody", "--year", str(YEAR))


def _chains(cast: Cast, years: range) -> None:
    """Bogotá's plan for each year, with a dated activity, a broken-down value and a goal
    described at length (about 28 KB: a plan held in memory would show)."""
    description = " ".join(f"step{i}" for i in range(4_000))
    for year in years:
        made = make_chain(cast.bogota, cast.officer, year=year)
        Goal.objects.filter(pk=made.goal.pk).update(description=f"{year} {description}")
        services.activity_create(
            actor=cast.officer,
            goal=made.goal,
            title="Brief the envoy",
            due_date=dt.date(year, 3, 1),
        )


def test_a_whole_plans_export_holds_memory_flat_and_imports_as_it_was(
    cast: Cast, guidelines: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exporting 100 plans takes about the peak memory of 10 (plans read in chunks, the
    workbook written as it is made); the file imported again changes nothing.

    The interpreter's own caches grow a little with the rows read (a few hundred bytes a
    plan here); 90 more plans held would be over 2.5 MB of descriptions alone."""
    import tracemalloc

    from wpsdesk.planning.exchange import export

    monkeypatch.setattr(export, "PLAN_CHUNK", 5)  # several chunks in both runs

    def peak(name: str) -> int:
        tracemalloc.start()
        try:
            call_command(
                "plans", "export", "--as", "officer", "--output", str(tmp_path / name),
                stderr=io.StringIO(),
            )  # fmt: skip
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    _chains(cast, range(2001, 2011))
    peak("warm.xlsx")  # first use of querysets and templates is not what is measured
    small = peak("small.xlsx")
    _chains(cast, range(2011, 2101))
    large = peak("large.xlsx")
    book = load_workbook(tmp_path / "large.xlsx", read_only=True)
    assert sum(1 for _row in book["Plans"].iter_rows(min_row=2)) == 100
    assert sum(1 for _row in book["Activities"].iter_rows(min_row=2)) == 200
    assert large - small < 1_000_000

    report = exchange.import_workbook(
        (tmp_path / "large.xlsx").read_bytes(), actor=cast.officer, dry_run=True
    )
    assert report.ok, report.errors[:3]
    assert not report.changed
