"""``wpsdesk plans export`` and ``wpsdesk plans import`` under a person's access."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.personas import Cast
from tests.planning.factories import YEAR, Chain, make_chain
from wpsdesk.audit.models import SecurityEvent
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
