"""The demo grants: loaded once, listed for the Bogotá lead (their unit's) and the HQ
coordinator (all they may see), a home-page task and an overdue report, and funding figures
that equal a hand count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.module_data import made_once_per_module
from tests.personas import verified_client
from wpsdesk.civil_society.demo import load_demo as load_civil_society
from wpsdesk.engagements.demo import load_demo as load_engagements
from wpsdesk.grants import dashboard
from wpsdesk.grants.demo import load_demo
from wpsdesk.grants.models import BestPractice, Grant, GrantReport
from wpsdesk.organisation.demo import load_demo as load_organisation
from wpsdesk.organisation.models import User

pytestmark = pytest.mark.django_db

ALL_DEMO = ["COL-24/0101", "COL-25/0102", "GLO-25/0401", "JOR-25/0201", "SSD-25/0301"]


def _load() -> bool:
    load_organisation()
    load_engagements()
    load_civil_society()
    assert load_demo() == "grants: 5 demo grants added"
    return True


_made_once, demo = made_once_per_module("demo", _load)


def numbers(response) -> list[str]:
    return sorted(g.agreement_number for g in response.context["page"].object_list)


def person(name: str) -> User:
    return User.objects.get(username=name)


def test_the_demo_loads_once_with_partners_markers_reports_and_a_note(demo: None) -> None:
    assert load_demo() == "grants: 0 demo grants added"
    assert sorted(Grant.objects.values_list("agreement_number", flat=True)) == ALL_DEMO
    assert all("(demo)" in g.title for g in Grant.objects.all())
    assert Grant.objects.filter(partner__isnull=False).count() == 3
    assert set(Grant.objects.values_list("gender_marker", flat=True)) == {0, 1, 2}
    assert GrantReport.objects.count() == 4
    overdue = GrantReport.objects.filter(received_on__isnull=True, due_date__lt=dt.date.today())
    assert [r.title for r in overdue] == ["Mid-term report (demo)"]
    assert BestPractice.objects.count() == 1
    assert Grant.objects.get(agreement_number="COL-24/0101").engagements.count() == 1


def test_grants_lists_the_units_grants_for_the_bogota_lead(demo: None) -> None:
    page = verified_client(person("bogota.lead")).get(reverse("grants:list"))
    assert numbers(page) == ["COL-24/0101", "COL-25/0102"]
    assert "Women in the territorial peace dialogues (demo)" in page.content.decode()


def test_grants_lists_every_grant_for_the_hq_coordinator(demo: None) -> None:
    page = verified_client(person("hq.coordinator")).get(reverse("grants:list"))
    assert numbers(page) == ALL_DEMO


def test_the_bogota_officer_has_the_report_due_as_a_home_task_and_sees_the_overdue_one(
    demo: None,
) -> None:
    client = verified_client(person("bogota.officer"))
    home = client.get("/").content.decode()
    assert "Grantee report: Annual report 2025 (demo) (COL-24/0101)" in home
    assert "Grantee report: Mid-term report (demo) (COL-25/0102)" in home
    overdue = client.get(reverse("grants:overdue"))
    assert [r.title for r in overdue.context["page"].object_list] == ["Mid-term report (demo)"]
    # Amman's officer manages none of Bogotá's grants: no task, no overdue report.
    amman = verified_client(person("amman.officer"))
    assert "Grantee report:" not in amman.get("/").content.decode()
    assert list(amman.get(reverse("grants:overdue")).context["page"].object_list) == []


def test_the_figures_equal_a_hand_count_of_the_demo(demo: None) -> None:
    """By hand, from demo.py, for 2025 (every grant has an amount that year):
    COL-24/0101 marker 2, 3.0 M; COL-25/0102 marker 1, 1.2 M; JOR-25/0201 marker 2, 5.25 M;
    SSD-25/0301 marker 0, 2.0 M and not WPS relevant; GLO-25/0401 marker 1, 10.0 M.
    Screened 21.45 M; principal 8.25 M, significant 11.2 M, not targeted 2.0 M."""
    board = dashboard.build(user=person("hq.coordinator"), group="year", year=2025)
    total = board.total
    assert total.nok == Decimal("21450000")
    assert total.wps_nok == Decimal("19450000")
    assert total.by_marker == {2: Decimal("8250000"), 1: Decimal("11200000"), 0: Decimal("2000000")}
    assert total.count_by_marker == {2: 2, 1: 2, 0: 1}
    principal = board.amount_chart.rows[0].cells[0].share
    assert (principal.part.value, principal.whole.value) == (8250000, 21450000)
    assert str(principal) == "38%"
    # Two grants have reports received (COL-24/0101, SSD-25/0301); only the first shows WPS
    # integrated; three owe one by today; one needs analysis.
    assert board.reporting.grants == 5
    assert board.reporting.received == 2
    assert board.reporting.on_wps == 1
    assert board.reporting.owing == 3
    assert board.reporting.needs == 1
    # All years, by channel: the ministry's only grant has 20 M over 2025 and 2026.
    by_channel = dashboard.build(user=person("hq.coordinator"), group="channel")
    ministry = next(r for r in by_channel.rows if r.label == "Ministry")
    assert ministry.nok == Decimal("20000000")
    # The Bogotá lead's figures are their unit's: 3.0 + 3.5 + 1.2 M.
    own = dashboard.build(user=person("bogota.lead"), group="year")
    assert own.total.nok == Decimal("7700000")


def test_the_dashboard_shows_marker_shares_with_a_table(demo: None) -> None:
    client = verified_client(person("hq.coordinator"))
    html = client.get(reverse("grants:dashboard"), {"year": "2025"}).content.decode()
    assert "Share of funding (NOK) by gender marker" in html
    assert "<caption>Share of funding (NOK) by gender marker</caption>" in html
    assert "38%" in html
    assert "<svg" in html
