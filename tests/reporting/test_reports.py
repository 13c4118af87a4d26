"""Reports home and speaking points: the screening on save, the "no WPS message" flag, the
share per unit and year, who sees which report, the encrypted text, the serving links,
exact query counts, and the services' refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.personas import Cast
from tests.planning.factories import item, load_guidelines
from tests.reporting.factories import WITH_WPS, WITHOUT_WPS, make_report, restricted_report
from wpsdesk.catalogue import serving
from wpsdesk.reporting import services
from wpsdesk.reporting.models import Report
from wpsdesk.reporting.selectors import SERVING, share_by_unit_and_year

pytestmark = pytest.mark.django_db

LIST = reverse("reporting:list")
# The session, the person and their second factor, their roles and grants, the count, the
# share per unit and year, their units (the header's switcher), the page.
QUERIES_LIST = 8
# The session, the person and their second factor, their roles and grants, the report
# with its messages, may they edit it, their units.
QUERIES_DETAIL = 8


def titles(response) -> list[str]:
    return [r.title for r in response.context["page"].object_list]


def test_the_screening_decides_when_nothing_is_linked(cast: Cast) -> None:
    flat = make_report(cast.officer, cast.bogota, "Flat", text=WITHOUT_WPS)
    rich = make_report(cast.officer, cast.bogota, "Rich", text=WITH_WPS)
    assert not flat.carries_wps_message and flat.substantive == 0
    assert rich.carries_wps_message and rich.substantive > 0 and rich.themes


def test_a_linked_message_is_enough_and_removing_it_flags_the_report(cast: Cast) -> None:
    load_guidelines()
    report = make_report(cast.officer, cast.bogota, messages=[item("P1.C.1")])
    assert report.carries_wps_message
    report, changed = services.report_save(
        actor=cast.officer, report=report, values={}, messages=[], version=report.version
    )
    assert changed and not report.carries_wps_message
    # A new text with a WPS message is screened again on save.
    report, _ = services.report_save(actor=cast.officer, report=report, values={"text": WITH_WPS})
    assert report.carries_wps_message


def test_the_flag_shows_on_the_page_and_in_the_list_filter(
    cast: Cast, as_officer: Client, django_assert_num_queries
) -> None:
    flat = make_report(cast.officer, cast.bogota, "Flat", text=WITHOUT_WPS)
    rich = make_report(cast.officer, cast.bogota, "Rich", text=WITH_WPS)
    with django_assert_num_queries(QUERIES_DETAIL):
        flagged = as_officer.get(flat.get_absolute_url()).content.decode()
    assert "No WPS message" in flagged
    assert "No WPS message" not in as_officer.get(rich.get_absolute_url()).content.decode()
    assert titles(as_officer.get(LIST, {"carries": "no"})) == ["Flat"]
    assert titles(as_officer.get(LIST, {"carries": "yes"})) == ["Rich"]
    assert titles(as_officer.get(LIST, {"q": "fla"})) == ["Flat"]


def test_the_list_hides_what_the_person_may_not_read_and_costs_fixed_queries(
    cast: Cast,
    as_officer: Client,
    as_reader: Client,
    as_outsider: Client,
    django_assert_num_queries,
) -> None:
    make_report(cast.officer, cast.bogota, "Open report")
    restricted_report(cast.officer, cast.bogota, "Closed report")
    make_report(cast.outsider, cast.amman, "Amman report")
    with django_assert_num_queries(QUERIES_LIST):
        response = as_reader.get(LIST)
    assert titles(response) == ["Open report"]
    assert sorted(titles(as_officer.get(LIST))) == ["Closed report", "Open report"]
    assert titles(as_outsider.get(LIST)) == ["Amman report"]
    secret = Report.objects.get(title="Closed report")
    assert as_reader.get(secret.get_absolute_url()).status_code == 404


def test_the_share_per_unit_and_year_counts_only_what_the_person_may_see(cast: Cast) -> None:
    make_report(cast.officer, cast.bogota, "A", text=WITH_WPS)
    make_report(cast.officer, cast.bogota, "B", text=WITHOUT_WPS)
    make_report(cast.officer, cast.bogota, "C", text=WITHOUT_WPS, date=dt.date(2025, 5, 1))
    restricted_report(cast.officer, cast.bogota, "D")
    rows = {(r.year, r.total, r.carrying) for r in share_by_unit_and_year(user=cast.officer).rows}
    assert rows == {(2026, 3, 1), (2025, 1, 0)}
    rows = {(r.year, r.total, r.carrying) for r in share_by_unit_and_year(user=cast.reader).rows}
    assert rows == {(2026, 2, 1), (2025, 1, 0)}
    assert share_by_unit_and_year(user=cast.outsider).rows == []


def test_the_text_is_stored_encrypted(cast: Cast) -> None:
    report = make_report(cast.officer, cast.bogota, text="Canarytext about the port")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM reporting_report WHERE id = %s", [report.pk])
        (raw,) = cursor.fetchone()
    assert "Canarytext" not in raw
    assert Report.objects.get(pk=report.pk).text == "Canarytext about the port"


def test_a_report_serves_its_items_on_the_catalogue_page(cast: Cast) -> None:
    load_guidelines()
    make_report(cast.officer, cast.bogota, "Carries P1.C.1", messages=[item("P1.C.1")])
    restricted_report(cast.officer, cast.bogota, "Secret")
    found = serving.serving_records(serving_type=SERVING, user=cast.reader, item=item("P1.C.1"))
    assert [r.title for r in found.records] == ["Carries P1.C.1"]
    assert SERVING in serving.types()


def test_adding_and_changing_on_the_pages(cast: Cast, as_officer: Client) -> None:
    load_guidelines()
    bad = as_officer.post(
        reverse("reporting:create"),
        {
            "kind": "report_home",
            "date": "2026-03-01",
            "title": "Talks",
            "message_codes": "NOPE.1",
            "classification": "internal",
        },
    )
    assert bad.status_code == 400
    assert "not in the current guidelines: NOPE.1" in bad.content.decode()
    ok = as_officer.post(
        reverse("reporting:create"),
        {
            "kind": "report_home",
            "date": "2026-03-01",
            "title": "Talks",
            "message_codes": "P1.C.1",
            "text": WITHOUT_WPS,
            "classification": "internal",
        },
    )
    report = Report.objects.get()
    assert ok.status_code == 302 and report.carries_wps_message


def test_the_services_refuse_who_may_not_write(cast: Cast) -> None:
    values = {"kind": "report_home", "title": "X", "text": ""}
    for actor in (cast.reader, cast.coordinator, cast.auditor):
        with pytest.raises(PermissionDenied):
            services.report_save(actor=actor, unit=cast.bogota, values=values)
    report = restricted_report(cast.officer, cast.bogota)
    for actor in (cast.reader, cast.outsider, cast.coordinator):
        with pytest.raises(PermissionDenied):
            services.report_save(actor=actor, report=report, values={"title": "Y"})
    # Lowering needs the unit lead: the one reclassification rule.
    with pytest.raises(PermissionDenied):
        services.report_save(
            actor=cast.officer,
            report=report,
            values={"classification": "internal"},
            classification_reason="Shared",
        )
