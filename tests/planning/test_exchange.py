"""Excel and CSV: template, all-or-nothing import with row errors, idempotent re-import,
exports with formulas neutralised and logged."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.personas import Cast, reauthenticated_client, verified_client
from tests.planning.factories import YEAR, Chain, make_chain
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.planning import exchange, services
from wpsdesk.planning.models import Activity, Breakdown, Goal, Indicator, IndicatorValue, WorkPlan

KEY = ["test-bogota", YEAR, "virksomhetsplan"]


def workbook(**sheets: list[list[Any]]) -> bytes:
    """A workbook in the import format with the given rows (headings added)."""
    rows = {name: [] for name in exchange.SHEETS}
    rows.update(sheets)
    return exchange.workbook_bytes(rows)


def body(response: HttpResponseBase) -> bytes:
    """A download's bytes, whether it was sent whole or streamed (workbooks stream)."""
    return response.getvalue()


def filled() -> bytes:
    return workbook(
        Plans=[[*KEY, "Bogotá WPS 2026", "Our NAP goals"]],
        Goals=[[*KEY, "Women in the talks", "", "P1.C.1, CL.18"]],
        Activities=[
            [
                *KEY,
                "Women in the talks",
                "Meet the network",
                "officer",
                "2026-03-01",
                "planned",
                "",
                "",
            ],
            [*KEY, "Women in the talks", "Brief the envoy", "", "", "done", "", ""],
        ],
        Indicators=[
            [
                *KEY,
                "Women in the talks",
                "Women in delegations",
                "quantitative",
                "people",
                "age",
                "",
            ]
        ],
        Values=[
            [*KEY, "Women in the talks", "Women in delegations", "2026", 2, 6, 5, "", "", "", ""]
        ],
        Breakdown=[
            [*KEY, "Women in the talks", "Women in delegations", "2026", "gender", "women", 5],
            [*KEY, "Women in the talks", "Women in delegations", "2026", "age", "18-29", 2],
            [*KEY, "Women in the talks", "Women in delegations", "2026", "age", "30-59", 3],
        ],
    )


@pytest.fixture
def officer_now(cast: Cast) -> Client:
    """The officer, who has just given a current code: downloads are sent at once."""
    return reauthenticated_client(cast.officer)


@pytest.fixture
def outsider_now(cast: Cast) -> Client:
    return reauthenticated_client(cast.outsider)


def upload(client: Client, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("planning:import"),
        {"file": SimpleUploadedFile("plan.xlsx", data, exchange.XLSX_TYPE)},
    )


def counts() -> tuple[int, ...]:
    return (
        WorkPlan.objects.count(),
        Goal.objects.count(),
        Activity.objects.count(),
        Indicator.objects.count(),
        IndicatorValue.objects.count(),
        Breakdown.objects.count(),
    )


def test_a_filled_in_workbook_is_imported(cast: Cast, guidelines: None, as_officer: Client) -> None:
    response = upload(as_officer, filled())
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert counts() == (1, 1, 2, 1, 1, 3)
    goal = Goal.objects.get()
    assert sorted(goal.items.values_list("code", flat=True)) == ["CL.18", "P1.C.1"]
    assert Activity.objects.get(title="Meet the network").owner == cast.officer
    assert set(Indicator.objects.get().dimensions.values_list("code", flat=True)) == {
        "gender",
        "age",
    }
    assert "Imported" in response.content.decode()
    [event] = SecurityEvent.objects.filter(kind="planning.imported")
    assert event.actor == cast.officer


def test_the_same_file_twice_imports_once(cast: Cast, guidelines: None, as_officer: Client) -> None:
    upload(as_officer, filled())
    history = Goal.history.count() + Activity.history.count() + IndicatorValue.history.count()
    response = upload(as_officer, filled())
    assert response.status_code == 200
    assert counts() == (1, 1, 2, 1, 1, 3)
    assert "Nothing changed" in response.content.decode()
    assert (
        Goal.history.count() + Activity.history.count() + IndicatorValue.history.count() == history
    )
    assert SecurityEvent.objects.filter(kind="planning.imported").count() == 1


def test_one_bad_row_imports_nothing_and_names_the_row(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    bad = workbook(
        Plans=[[*KEY, "Bogotá WPS 2026", ""]],
        Goals=[[*KEY, "Women in the talks", "", "P1.C.1"]],
        Activities=[
            [*KEY, "Women in the talks", "Meet the network", "", "", "planned", "", ""],
            [*KEY, "Women in the talks", "Brief the envoy", "", "", "finished", "", ""],
        ],
    )
    response = upload(as_officer, bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Activities, row 3: The status must be planned, under_way, done or dropped." in html
    assert "Nothing was imported" in html
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_every_bad_row_is_listed_in_plain_words(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    bad = workbook(
        Plans=[
            ["test-amman", YEAR, "virksomhetsplan", "", ""],
            ["nowhere", 26, "annual", "", ""],
            [*KEY, "", ""],
        ],
        Goals=[[*KEY, "A goal", "", "P9.C.99"]],
        Activities=[[*KEY, "A goal", "Work", "outsider", "next week", "dropped", "", ""]],
    )
    html = upload(as_officer, bad).content.decode()
    for message in [
        "Plans, row 2: You may not change the plans of Embassy in Amman.",
        "Plans, row 3: There is no unit with the code “nowhere”.",
        "Plans, row 3: The year must be four digits, e.g. 2026.",
        "Plans, row 3: The plan kind must be virksomhetsplan or separate.",
        "Goals, row 2: There is no guideline item with the code “P9.C.99”.",
        "Activities, row 2: Say why the activity was dropped.",
    ]:
        assert message in html, message


def test_a_breakdown_that_does_not_add_up_rolls_the_whole_import_back(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    data = workbook(
        Plans=[[*KEY, "", ""]],
        Goals=[[*KEY, "Goal", "", ""]],
        Activities=[[*KEY, "Goal", "Work", "", "", "planned", "", ""]],
        Indicators=[[*KEY, "Goal", "Women", "quantitative", "people", "", ""]],
        Values=[[*KEY, "Goal", "Women", "2026", "", "", 10, "", "", "", ""]],
        Breakdown=[[*KEY, "Goal", "Women", "2026", "gender", "women", 4]],
    )
    html = upload(as_officer, data).content.decode()
    assert "Values, row 2: The figures for gender add up to 4, but the actual is 10." in html
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_a_file_that_is_not_a_workbook_is_refused_cleanly(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    response = upload(as_officer, b"not a spreadsheet at all")
    assert response.status_code == 400
    assert "not an Office file" in response.content.decode()


def test_a_workbook_without_the_template_headings_is_refused(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    book = Workbook()
    book.active.title = "Plans"  # type: ignore[union-attr]
    book.active.append(["Something", "Else"])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    html = upload(as_officer, out.getvalue()).content.decode()
    assert "The sheet Plans has no column “Unit code”" in html


def test_a_reader_may_not_import(cast: Cast, guidelines: None, as_reader: Client) -> None:
    assert upload(as_reader, filled()).status_code == 403
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_the_template_is_the_units_plan_ready_to_fill_in(
    cast: Cast, chain: Chain, officer_now: Client
) -> None:
    response = officer_now.get(reverse("planning:template"), {"year": YEAR})
    assert response["Content-Disposition"].startswith('attachment; filename="wps-plan-test-bogota')
    data = body(response)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["About", *exchange.SHEETS]
    assert book["Goals"]["D2"].value == chain.goal.title
    # The template round-trips: uploading it unchanged changes nothing.
    again = upload(officer_now, data)
    assert "Nothing changed" in again.content.decode()


def test_an_empty_template_names_the_unit_and_year(
    cast: Cast, guidelines: None, officer_now: Client
) -> None:
    response = officer_now.get(reverse("planning:template"), {"year": YEAR + 3})
    book = load_workbook(io.BytesIO(body(response)))
    assert [cell.value for cell in book["Plans"][2]][:3] == [
        "test-bogota",
        YEAR + 3,
        "virksomhetsplan",
    ]


def test_exports_neutralise_formulas(cast: Cast, guidelines: None, officer_now: Client) -> None:
    chain = make_chain(cast.bogota, cast.officer, title='=HYPERLINK("http://evil","x")')
    services.activity_create(actor=cast.officer, goal=chain.goal, title="+1 more", notes="@SUM(A1)")
    xlsx = officer_now.get(reverse("planning:export"), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(body(xlsx)))
    assert book["Goals"]["D2"].value == '\'=HYPERLINK("http://evil","x")'
    assert book["Goals"]["D2"].data_type == "s"
    notes = [row[-1] for row in book["Activities"].iter_rows(min_row=2, values_only=True)]
    assert "'@SUM(A1)" in notes
    text = officer_now.get(
        reverse("planning:export"), {"format": "csv", "what": "activities"}
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Unit code", "Year", "Plan kind", "Goal", "Activity"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert any(cell == "'+1 more" for row in rows for cell in row)


def test_exports_hold_only_what_one_may_read_and_are_logged(
    cast: Cast, chain: Chain, outsider_now: Client
) -> None:
    make_chain(cast.amman, cast.outsider, title="Amman's goal")
    text = outsider_now.get(
        reverse("planning:export"), {"format": "csv", "what": "plans"}
    ).content.decode("utf-8-sig")
    assert "test-amman" in text
    assert "test-bogota" not in text
    event = SecurityEvent.objects.filter(kind="planning.exported").latest("sequence")
    assert event.actor == cast.outsider
    assert event.details["format"] == "csv"


def test_the_values_csv_carries_the_breakdown(
    cast: Cast, chain: Chain, officer_now: Client
) -> None:
    text = officer_now.get(
        reverse("planning:export"), {"format": "csv", "what": "values"}
    ).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["Actual"] == "5"
    assert rows[0]["Breakdown"] == "gender:women=5"


def test_the_exchange_page_query_count(
    cast: Cast, chain: Chain, as_officer: Client, django_assert_num_queries
) -> None:
    with django_assert_num_queries(9):
        assert as_officer.get(reverse("planning:exchange")).status_code == 200


def exported() -> int:
    return SecurityEvent.objects.filter(kind="planning.exported").count()


def asked_for_a_code(response: HttpResponseBase, then: str) -> bool:
    """Whether the response sends the person to re-authenticate and then back to ``then``."""
    location = urlsplit(response["Location"]) if response.status_code == 302 else None
    return (
        location is not None
        and location.path == reverse("accounts:reauthenticate")
        and parse_qs(location.query)["next"] == [then]
    )


def test_without_a_recent_code_the_export_asks_for_one_and_writes_nothing(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    url = reverse("planning:export")
    for query in (
        f"format=xlsx&unit={cast.bogota.pk}&year={YEAR}",
        "format=csv&what=activities",
    ):
        response = as_officer.get(f"{url}?{query}")
        assert asked_for_a_code(response, f"{url}?{query}")
        assert chain.goal.title.encode() not in response.content
    assert exported() == 0


def test_the_exchange_page_with_its_forms_needs_no_code(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.get(reverse("planning:exchange"))
    assert response.status_code == 200
    assert reverse("planning:export") in response.content.decode()
    assert exported() == 0


def test_without_a_recent_code_the_template_asks_for_one_and_writes_nothing(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    url = f"{reverse('planning:template')}?unit={cast.bogota.pk}&year={YEAR}"
    assert asked_for_a_code(as_officer.get(url), url)
    assert exported() == 0


def test_the_same_download_comes_once_the_code_is_given(cast: Cast, chain: Chain) -> None:
    url = f"{reverse('planning:export')}?format=csv&what=plans"
    client = verified_client(cast.officer)
    assert asked_for_a_code(client.get(url), url)
    reauthenticated_client(cast.officer, client)  # the person gives a current code
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "test-bogota" in response.content.decode("utf-8-sig")
    assert exported() == 1


def test_an_outsider_gets_what_they_got_before_and_no_more(
    cast: Cast, chain: Chain, as_outsider: Client, outsider_now: Client
) -> None:
    # Another unit is not among the outsider's choices: refused before any detour.
    other_unit = {"format": "csv", "what": "plans", "unit": str(cast.bogota.pk)}
    assert as_outsider.get(reverse("planning:export"), other_unit).status_code == 400
    assert outsider_now.get(reverse("planning:export"), other_unit).status_code == 400
    # Everything they may read: the same detour as anyone, then their own rows only.
    url = f"{reverse('planning:export')}?format=csv&what=plans"
    assert asked_for_a_code(as_outsider.get(url), url)
    assert "test-bogota" not in outsider_now.get(url).content.decode("utf-8-sig")
    assert exported() == 1


def test_a_reader_gets_no_template_with_or_without_a_code(
    cast: Cast, chain: Chain, as_reader: Client
) -> None:
    assert as_reader.get(reverse("planning:template")).status_code == 403
    assert reauthenticated_client(cast.reader).get(reverse("planning:template")).status_code == 403
    assert exported() == 0
