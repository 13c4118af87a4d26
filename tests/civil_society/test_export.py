"""The export: the rows one may open (restricted ones only with clearance), formulas
neutralised, streamed, logged, and only after a recent code."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from tests.civil_society.factories import make_organisation, restricted
from tests.personas import Cast, reauthenticated_client, verified_client
from wpsdesk.audit.models import SecurityEvent

pytestmark = pytest.mark.django_db


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_csv_export_streams_the_rows_one_may_open_and_is_logged(cast: Cast) -> None:
    make_organisation(cast.bogota, "=HYPERLINK(1)")
    restricted(cast.bogota, "Discreet Defenders")
    make_organisation(cast.amman, "Not yours", country="JO")
    response = reauthenticated_client(cast.officer).get(
        reverse("civil_society:export", args=["csv"])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.streaming
    text = csv_text(response)
    assert "'=HYPERLINK(1)" in text
    assert "Discreet Defenders" in text  # the officer has restricted clearance
    assert "Not yours" not in text
    assert len(text.strip().splitlines()) == 3
    event = SecurityEvent.objects.filter(kind="civil_society.exported").latest("sequence")
    assert (event.actor_id, event.details["rows"], event.details["format"]) == (
        cast.officer.pk,
        2,
        "csv",
    )
    read = SecurityEvent.objects.filter(kind="restricted.read").latest("sequence")
    assert read.details["count"] == 1


def test_restricted_rows_are_left_out_for_a_reader_without_clearance(cast: Cast) -> None:
    make_organisation(cast.bogota, "Open Network")
    restricted(cast.bogota, "Discreet Defenders")
    text = csv_text(
        reauthenticated_client(cast.reader).get(reverse("civil_society:export", args=["csv"]))
    )
    assert "Open Network" in text
    assert "Discreet Defenders" not in text


def test_the_export_takes_the_lists_filters(cast: Cast) -> None:
    make_organisation(cast.bogota, "Allies", stance="ally")
    make_organisation(cast.bogota, "Opponents", stance="opponent")
    response = reauthenticated_client(cast.officer).get(
        reverse("civil_society:export", args=["csv"]), {"stance": "opponent"}
    )
    text = csv_text(response)
    assert "Opponents" in text
    assert "Allies" not in text


def test_the_excel_export_neutralises_formulas(cast: Cast) -> None:
    from openpyxl import load_workbook

    make_organisation(cast.bogota, "@SUM(A1)", views="-2+3")
    response = reauthenticated_client(cast.officer).get(
        reverse("civil_society:export", args=["xlsx"])
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert rows[1][header.index("name")] == "'@SUM(A1)"
    assert rows[1][header.index("views")] == "'-2+3"


def test_without_a_recent_code_the_export_asks_for_one_and_writes_nothing(cast: Cast) -> None:
    make_organisation(cast.bogota, "Open Network")
    response = verified_client(cast.officer).get(reverse("civil_society:export", args=["csv"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not SecurityEvent.objects.filter(kind="civil_society.exported").exists()


def test_an_unknown_format_is_404(cast: Cast) -> None:
    client = reauthenticated_client(cast.officer)
    assert client.get(reverse("civil_society:export", args=["pdf"])).status_code == 404
