"""Importing engagements: every row checked first, all or nothing, safe to repeat."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.personas import Cast
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.engagements import importer, tabular
from wpsdesk.engagements.models import Engagement, Participation
from wpsdesk.engagements.selectors import engagement_list_visible_to

HEADER = (
    "reference,unit,date,kind,country,forum,title,wps_on_agenda,"
    "norway_women,norway_men,norway_led_by,counterpart_women,counterpart_men\n"
)
GOOD = (
    HEADER
    + "R-1,,2026-02-02,bilateral,CO,,Meeting with the vice-minister,yes,2,1,woman,0,4\n"
    + "R-2,test-bogota,2026-02-09,Side event,,UN,Side event on 1325,yes,1,1,,,\n"
)


def run(cast: Cast, text: str, name: str = "e.csv", user=None) -> importer.ImportResult:
    return importer.import_engagements(
        user=user or cast.officer, default_unit=cast.bogota, name=name, data=text.encode()
    )


def test_a_good_file_is_imported_with_its_counts(cast: Cast) -> None:
    result = run(cast, GOOD)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    first = Engagement.objects.get(external_ref="R-1")
    assert first.created_by == cast.officer
    counts = {(p.side, p.measure, p.category_code): p.count for p in first.participation.all()}
    assert counts[("norway", "led", "women")] == 1
    assert counts[("counterpart", "attended", "women")] == 0
    assert Engagement.objects.get(external_ref="R-2").kind == "side_event"
    event = SecurityEvent.objects.filter(kind="engagements.imported").latest("sequence")
    assert event.details["created"] == 2


def test_importing_the_same_file_again_changes_nothing(cast: Cast) -> None:
    run(cast, GOOD)
    history = Engagement.history.count() + Participation.history.count()
    result = run(cast, GOOD)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Engagement.objects.count() == 2
    assert Engagement.history.count() + Participation.history.count() == history


def test_a_changed_row_updates_its_engagement(cast: Cast) -> None:
    run(cast, GOOD)
    result = run(cast, GOOD.replace("Meeting with the vice-minister,yes,2,1", "Meeting,no,3,1"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    first = Engagement.objects.get(external_ref="R-1")
    assert (first.title, first.wps_on_agenda) == ("Meeting", False)
    assert (
        first.participation.get(side="norway", category__code="women", measure="attended").count
        == 3
    )


def test_one_bad_row_means_nothing_is_imported_and_every_problem_is_named(cast: Cast) -> None:
    bad = (
        GOOD
        + "R-3,,31/02/2026,bilateral,CO,,Bad date,yes,1,1,,,\n"
        + "R-4,,2026-02-02,tea party,XX,,,maybe,two,1,queen,,\n"
        + "R-1,,2026-02-02,bilateral,CO,,Again,yes,1,1,,,\n"
        + "R-5,test-amman,2026-02-02,bilateral,JO,,Not my unit,yes,1,1,,,\n"
    )
    result = run(cast, bad)
    assert not result.ok
    text = "\n".join(result.errors)
    assert "Row 4: the date “31/02/2026” is not a date; write it as YYYY-MM-DD." in text
    assert "Row 5:" in text and "the kind “tea party” is not one of" in text
    assert "“XX” is not a country code" in text
    assert "wps_on_agenda must be yes or no" in text
    assert "norway_women must be a whole number" in text
    assert "norway_led_by must be woman, man or other" in text
    assert "Row 6: the reference R-1 is also on row 2." in text
    assert "Row 7: there is no unit with the code “test-amman” that you may write in." in text
    assert not Engagement.objects.exists()


def test_counts_that_do_not_add_up_refuse_the_file(cast: Cast) -> None:
    text = HEADER + "R-9,,2026-02-02,bilateral,CO,,Meeting,yes,0,1,woman,,\n"
    result = run(cast, text)
    assert result.errors == ["Row 2: Norway's delegation – women: 1 led, but only 0 took part."]


def test_a_failure_while_writing_rolls_everything_back(cast: Cast, monkeypatch) -> None:
    real = importer.services.engagements_insert

    def fail_after_writing(*args, **kwargs):
        real(*args, **kwargs)
        raise importer.ValidationError("The database said no.")

    monkeypatch.setattr(importer.services, "engagements_insert", fail_after_writing)
    result = run(cast, GOOD)
    assert not result.ok
    assert not Engagement.objects.exists()
    assert not SecurityEvent.objects.filter(kind="engagements.imported").exists()


def test_broken_files_are_refused_cleanly(cast: Cast) -> None:
    assert run(cast, "", "e.csv").errors == ["The file is empty."]
    assert run(cast, "a,b\n1,2\n").errors[0].startswith("Unknown columns: a, b.")
    assert run(cast, "reference,title\n", "e.csv").errors == ["Missing columns: date, kind."]
    assert run(cast, GOOD, "e.txt").errors == ["Use a .csv or .xlsx file."]
    assert run(cast, "PK\x03\x04garbage", "e.xlsx").errors == ["The file is not an Excel workbook."]
    result = importer.import_engagements(
        user=cast.officer, default_unit=cast.bogota, name="e.csv", data=b"\xff\xfe\x00bad"
    )
    assert result.errors == ["The CSV file is not UTF-8 text."]


def test_an_export_imports_again_without_changes(cast: Cast) -> None:
    from wpsdesk.engagements.figures import grid_from_rows
    from wpsdesk.engagements.services import engagement_save

    grid = grid_from_rows(
        [
            ("norway", "attended", "gender", "women", 2),
            ("norway", "attended", "gender", "men", 2),
            ("norway", "spoke", "gender", "women", 1),
            ("norway", "led", "gender", "women", 1),
            ("counterpart", "attended", "age-band", "under-30", 3),
        ]
    )
    values = {"kind": "bilateral", "title": "T", "country": "CO", "date": dt.date(2026, 1, 5)}
    engagement_save(actor=cast.officer, unit=cast.bogota, values=values, grid=grid)
    rows = list(
        tabular.iter_rows(
            engagement_list_visible_to(user=cast.officer).prefetch_related("messages", "issues")
        )
    )
    data = tabular.xlsx_bytes(rows)
    result = importer.import_engagements(
        user=cast.officer, default_unit=cast.bogota, name="export.xlsx", data=data
    )
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert (
        Participation.objects.filter(category__dimension__code="age-band").count() == 1
    )  # left alone: the one count given


def test_the_import_page_shows_row_errors_and_a_reader_may_not_import(
    cast: Cast, as_officer, as_reader
) -> None:
    upload = SimpleUploadedFile(
        "e.csv", (HEADER + "R-1,,nope,bilateral,CO,,T,yes,1,1,,,\n").encode()
    )
    response = as_officer.post(reverse("engagements:import"), {"file": upload})
    assert response.status_code == 400
    assert "Row 2: the date “nope” is not a date" in response.content.decode()
    upload = SimpleUploadedFile("e.csv", GOOD.encode())
    assert as_reader.post(reverse("engagements:import"), {"file": upload}).status_code == 403
    upload = SimpleUploadedFile("e.csv", GOOD.encode())
    response = as_officer.post(reverse("engagements:import"), {"file": upload})
    assert response.status_code == 302
    assert Engagement.objects.count() == 2


def test_the_template_is_an_empty_workbook_with_the_columns(cast: Cast, as_officer) -> None:
    from openpyxl import load_workbook

    response = as_officer.get(reverse("engagements:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert list(next(sheet.iter_rows(values_only=True)))[:3] == ["reference", "unit", "date"]


def test_an_import_that_meets_a_locked_database_runs_again_whole(cast: Cast, monkeypatch) -> None:
    from django.db import OperationalError

    run(cast, GOOD)
    calls = {"n": 0}
    real = importer.services.engagement_save

    def locked_on_first(**kwargs):
        calls["n"] += 1
        result = real(**kwargs)
        if calls["n"] == 1:
            raise OperationalError("database is locked")
        return result

    monkeypatch.setattr(importer.services, "engagement_save", locked_on_first)
    result = run(cast, GOOD.replace("Meeting with the vice-minister,yes,2,1", "Meeting,no,3,1"))
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    first = Engagement.objects.get(external_ref="R-1")
    assert (first.title, first.wps_on_agenda) == ("Meeting", False)
    assert (
        first.participation.get(side="norway", category__code="women", measure="attended").count
        == 3
    )


def test_new_rows_that_meet_a_locked_database_are_inserted_whole_the_second_time(
    cast: Cast, monkeypatch
) -> None:
    from django.db import OperationalError

    calls = {"n": 0}
    real = importer.services.engagements_insert

    def locked_on_first(*args, **kwargs):
        calls["n"] += 1
        real(*args, **kwargs)
        if calls["n"] == 1:
            raise OperationalError("database is locked")

    monkeypatch.setattr(importer.services, "engagements_insert", locked_on_first)
    result = run(cast, GOOD)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert calls["n"] == 2
    assert Engagement.objects.count() == 2
    first = Engagement.objects.get(external_ref="R-1")
    assert (
        first.participation.get(side="norway", category__code="women", measure="attended").count
        == 2
    )
    assert first.history.get().history_user == cast.officer
    assert Participation.history.filter(engagement_id=first.pk).count() == 5  # counts given
    assert SecurityEvent.objects.filter(kind="engagements.imported").count() == 1


def test_new_rows_keep_their_messages_in_the_record_and_its_history(cast: Cast) -> None:
    from tests.planning.factories import load_guidelines

    load_guidelines()
    text = (
        "reference,date,kind,country,title,wps_on_agenda,messages\n"
        "M-1,2026-02-02,bilateral,CO,Meeting,yes,P1.C.1\n"
    )
    result = run(cast, text)
    assert result.ok, result.errors
    engagement = Engagement.objects.get(external_ref="M-1")
    assert [item.code for item in engagement.messages.all()] == ["P1.C.1"]
    assert engagement.history.latest().messages.count() == 1
    again = run(cast, text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
