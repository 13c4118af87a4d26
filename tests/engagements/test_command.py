"""``wpsdesk engagements export`` and ``import`` act as a person, through the policy layer."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.engagements.models import Engagement
from wpsdesk.engagements.services import vocabulary


def test_export_shows_what_the_person_may_open(cast: Cast, tmp_path: Path) -> None:
    make_engagement(cast.bogota, title="Ours")
    make_engagement(cast.amman, title="Theirs", country="JO")
    out = StringIO()
    call_command("engagements", "export", "--as", "officer", stdout=out, stderr=StringIO())
    assert "Ours" in out.getvalue() and "Theirs" not in out.getvalue()
    target = tmp_path / "all.xlsx"
    call_command("engagements", "export", str(target), "--as", "coordinator", stderr=StringIO())
    assert target.read_bytes().startswith(b"PK")
    assert SecurityEvent.objects.filter(kind="engagements.exported").count() == 2


def test_import_then_again_changes_nothing(cast: Cast, tmp_path: Path) -> None:
    source = tmp_path / "e.csv"
    source.write_text(
        "reference,date,kind,country,title,norway_women,norway_men\n"
        "C-1,2026-01-05,visit,CO,Visit to Tumaco,2,2\n"
    )
    out = StringIO()
    call_command("engagements", "import", str(source), "--as", "officer", stdout=out)
    assert "1 new" in out.getvalue()
    out = StringIO()
    call_command("engagements", "import", str(source), "--as", "officer", stdout=out)
    assert "0 new, 0 changed, 1 unchanged" in out.getvalue()
    assert Engagement.objects.count() == 1


def test_a_reader_may_not_import_and_unknown_people_are_refused(cast: Cast, tmp_path) -> None:
    source = tmp_path / "e.csv"
    source.write_text("reference,date,kind,title\n")
    with pytest.raises(CommandError):
        call_command("engagements", "import", str(source), "--as", "reader")
    with pytest.raises(CommandError):
        call_command("engagements", "export", "--as", "nobody")


def _bulk_engagements(unit, n: int) -> None:
    import datetime as dt

    from wpsdesk.engagements.models import Engagement, Participation

    first = Engagement.objects.count()
    Engagement.objects.bulk_create(
        Engagement(
            unit=unit,
            kind="bilateral",
            date=dt.date(2020, 1, 1) + dt.timedelta(days=i % 2000),
            country="CO",
            title=f"Meeting {first + i}",
            summary="x" * 200,
        )
        for i in range(n)
    )
    Participation.objects.bulk_create(
        Participation(engagement=e, side="norway", category_id=vocabulary()[("gender", g)], count=3)
        for e in Engagement.objects.order_by("pk")[first:]
        for g in ("women", "men")
    )


def test_a_whole_export_streams_with_flat_memory(cast: Cast, tmp_path: Path, monkeypatch) -> None:
    """Peak memory of exporting 3,000 engagements is about that of 300 (rows never held),
    as CSV and as Excel."""
    import tracemalloc

    from wpsdesk.engagements import tabular

    monkeypatch.setattr(tabular, "EXPORT_CHUNK", 100)  # several chunks in both runs

    def peak(name: str) -> int:
        tracemalloc.start()
        try:
            call_command(
                "engagements", "export", str(tmp_path / name), "--as", "officer", stderr=StringIO()
            )
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    _bulk_engagements(cast.bogota, 300)
    small = peak("small.csv")
    small_xlsx = peak("small.xlsx")
    _bulk_engagements(cast.bogota, 2_700)
    large = peak("large.csv")
    large_xlsx = peak("large.xlsx")
    assert len((tmp_path / "large.csv").read_bytes().splitlines()) == 3_001
    assert large < small * 1.5
    # The workbook too is written as it is made (core/xlsx_stream.py), never held whole.
    sheet = load_workbook(tmp_path / "large.xlsx", read_only=True).active
    assert sum(1 for _row in sheet.iter_rows()) == 3_001
    assert large_xlsx < small_xlsx * 1.5
