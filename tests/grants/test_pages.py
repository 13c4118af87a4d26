"""The grants pages: who sees which grant, search and filters, query counts, registering,
changing, reports and their assessment, the needs analysis, dialogues, best practice,
the overdue list and the figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.engagements.factories import make_engagement
from tests.grants.factories import make_grant, make_report, restricted_grant
from tests.personas import Cast
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.core import sealed_files
from wpsdesk.grants.models import BestPractice, Grant, GrantReport

pytestmark = pytest.mark.django_db

LIST = reverse("grants:list")
# The session, the person and their second factor, their roles and grants (one query), the
# count, the page of grants with units and partners, their units (the header's switcher).
QUERIES_LIST = 7
# The session, the person and their second factor, their roles and grants, the grant, may
# they edit it (may read), its engagements, amounts, reports, items it serves, best
# practice, their units. A reader's may-edit asks for a grant to edit (one more query); an
# editor's engagement choices take that query's place.
QUERIES_DETAIL_READER = 13
QUERIES_DETAIL_EDITOR = 13
# The session, the person and their second factor, their roles and grants, the sums by
# group and marker, the grant counts by marker, the reporting figures, their units.
QUERIES_DASHBOARD = 8


def numbers(response) -> list[str]:
    return [g.agreement_number for g in response.context["page"].object_list]


def detail(grant: Grant) -> str:
    return reverse("grants:detail", args=[grant.pk])


def form_values(**overrides: str) -> dict[str, str]:
    return {
        "agreement_number": "COL-26/0001",
        "title": "Women's participation in local peace committees",
        "multilateral_partner": "UN Women",
        "channel": "mission",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "country": "CO",
        "priority": "1",
        "gender_marker": "2",
        "classification": "internal",
        "amount_lines": "2026 500000 USD 5250000\n2027 4000000",
        **overrides,
    }


# --- the list ---------------------------------------------------------------------------


def test_the_list_shows_the_units_grants_and_hides_another_units_restricted_one(
    cast: Cast, as_officer: Client, as_outsider: Client, as_coordinator: Client
) -> None:
    make_grant(cast.bogota, "COL-1")
    restricted_grant(cast.bogota, "COL-2")
    make_grant(cast.amman, "JOR-1", country="JO")
    assert sorted(numbers(as_officer.get(LIST))) == ["COL-1", "COL-2"]
    assert numbers(as_outsider.get(LIST)) == ["JOR-1"]
    assert sorted(numbers(as_coordinator.get(LIST))) == ["COL-1", "JOR-1"]


def test_the_list_searches_and_filters(cast: Cast, as_officer: Client) -> None:
    make_grant(cast.bogota, "COL-1", title="Mediators")
    make_grant(cast.bogota, "COL-2", title="Food", gender_marker=0, wps_relevant=False)
    assert numbers(as_officer.get(LIST, {"q": "mediat"})) == ["COL-1"]
    assert numbers(as_officer.get(LIST, {"gender_marker": "0"})) == ["COL-2"]
    assert numbers(as_officer.get(LIST, {"wps_relevant": "yes"})) == ["COL-1"]
    assert numbers(as_officer.get(LIST, {"year": "2024"})) == []
    assert sorted(numbers(as_officer.get(LIST, {"year": "2025"}))) == ["COL-1", "COL-2"]


@pytest.mark.parametrize("size", [1, 30])
def test_the_list_costs_the_same_queries_however_many_grants(
    cast: Cast, as_officer: Client, django_assert_num_queries, size: int
) -> None:
    for number in range(size):
        make_grant(cast.bogota, f"COL-{number}")
    with django_assert_num_queries(QUERIES_LIST):
        response = as_officer.get(LIST)
    assert len(numbers(response)) == min(size, 25)


# --- one grant --------------------------------------------------------------------------


def test_another_units_grant_is_not_found_and_a_restricted_one_not_for_hq(
    cast: Cast, as_outsider: Client, as_coordinator: Client, as_officer: Client
) -> None:
    grant = make_grant(cast.bogota)
    secret = restricted_grant(cast.bogota)
    assert as_outsider.get(detail(grant)).status_code == 404
    assert as_coordinator.get(detail(grant)).status_code == 200
    assert as_coordinator.get(detail(secret)).status_code == 404
    assert as_officer.get(detail(secret)).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_the_grant_page_costs_the_same_queries_however_many_reports_and_dialogues(
    cast: Cast, as_reader: Client, as_officer: Client, django_assert_num_queries, size: int
) -> None:
    ContentType.objects.get_for_model(Grant)  # cached for the process, as in a server
    grant = make_grant(cast.bogota)
    for number in range(size):
        make_report(grant, dt.date(2025, 1, 1) + dt.timedelta(days=number))
        grant.engagements.add(make_engagement(cast.bogota, title=f"Dialogue {number}"))
    with django_assert_num_queries(QUERIES_DETAIL_READER):
        as_reader.get(detail(grant))
    with django_assert_num_queries(QUERIES_DETAIL_EDITOR):
        response = as_officer.get(detail(grant))
    assert response.content.decode().count(">Dialogue ") == size


def test_the_page_shows_only_the_dialogues_the_viewer_may_open(
    cast: Cast, as_reader: Client, as_officer: Client
) -> None:
    grant = make_grant(cast.bogota)
    grant.engagements.add(make_engagement(cast.bogota, title="Open dialogue"))
    grant.engagements.add(
        make_engagement(cast.bogota, title="Discreet dialogue", classification="restricted")
    )
    reader_page = as_reader.get(detail(grant)).content.decode()
    assert "Open dialogue" in reader_page
    assert "Discreet dialogue" not in reader_page
    assert "Discreet dialogue" in as_officer.get(detail(grant)).content.decode()


# --- registering and changing -----------------------------------------------------------


def test_an_officer_registers_a_grant_with_its_marker_and_amounts(
    cast: Cast, as_officer: Client
) -> None:
    response = as_officer.post(reverse("grants:create"), form_values())
    grant = Grant.objects.get(agreement_number="COL-26/0001")
    assert response.status_code == 302
    assert grant.unit == cast.bogota and grant.gender_marker == 2
    assert [(a.year, a.currency, a.nok) for a in grant.amounts.all()] == [
        (2026, "USD", Decimal("5250000.00")),
        (2027, "NOK", Decimal("4000000.00")),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"gender_marker": ""}, "Choose the gender equality policy marker (0, 1 or 2)."),
        ({"multilateral_partner": ""}, "Choose the partner from the civil-society map"),
        ({"country": "", "region": ""}, "Give the country, or the region"),
        ({"end_date": "2025-01-01"}, "The agreement cannot end before it starts."),
        ({"amount_lines": "2026 lots"}, "Line 1: write year, amount, currency and NOK"),
        ({"amount_lines": "2026 100 USD"}, "give the NOK equivalent of USD"),
        ({"age_marker": "3"}, "The Gender with Age Marker is for humanitarian grants only."),
        ({"serves_codes": "NOPE.1"}, "Unknown guideline codes: NOPE.1."),
    ],
)
def test_a_bad_grant_is_refused_in_plain_words_and_nothing_is_written(
    as_officer: Client, overrides: dict[str, str], message: str
) -> None:
    response = as_officer.post(reverse("grants:create"), form_values(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Grant.objects.exists()


def test_the_agreement_number_is_unique(cast: Cast, as_officer: Client) -> None:
    make_grant(cast.bogota, "COL-26/0001")
    response = as_officer.post(reverse("grants:create"), form_values())
    assert "A grant with this agreement number is already registered." in response.content.decode()
    assert Grant.objects.count() == 1


def test_a_stale_change_is_refused(cast: Cast, as_officer: Client) -> None:
    grant = make_grant(cast.bogota)
    data = form_values(agreement_number=grant.agreement_number, version=str(grant.version))
    grant.title = "Changed meanwhile"
    grant.save()
    response = as_officer.post(reverse("grants:edit", args=[grant.pk]), data)
    assert response.status_code == 409
    grant.refresh_from_db()
    assert grant.title == "Changed meanwhile"


def test_deleting_asks_first_and_is_logged(cast: Cast, as_officer: Client) -> None:
    grant = make_grant(cast.bogota)
    assert (
        "Delete the grant"
        in as_officer.get(reverse("grants:delete", args=[grant.pk])).content.decode()
    )
    assert Grant.objects.exists()
    as_officer.post(reverse("grants:delete", args=[grant.pk]))
    assert not Grant.objects.exists()
    assert SecurityEvent.objects.filter(kind="grants.grant_deleted").count() == 1


# --- reports, needs analysis, dialogues -------------------------------------------------


def test_a_received_report_is_recorded_with_its_stripped_file_and_assessment(
    cast: Cast, as_officer: Client
) -> None:
    grant = make_grant(cast.bogota)
    as_officer.post(
        reverse("grants:report_add", args=[grant.pk]),
        {"title": "Annual report 2025", "due_date": "2026-03-31"},
    )
    report = GrantReport.objects.get()
    response = as_officer.post(
        reverse("grants:report_edit", args=[grant.pk, report.pk]),
        {
            "title": report.title,
            "due_date": "2026-03-31",
            "received_on": "2026-03-20",
            "planning": "integrated",
            "implementation": "partly",
            "evaluation": "absent",
            "assessment": "Clear on planning, weak on evaluation.",
            "version": str(report.version),
            "file": SimpleUploadedFile("report.txt", b"Our WPS work.", "text/plain"),
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.reports_on_wps and report.assessed_by == cast.officer
    assert sealed_files.load(report.file_key) == b"Our WPS work."
    download = as_officer.get(reverse("grants:report_download", args=[grant.pk, report.pk]))
    assert download.content == b"Our WPS work."
    assert download["Content-Disposition"].startswith("attachment;")


def test_an_assessment_before_the_report_came_is_refused(cast: Cast, as_officer: Client) -> None:
    grant = make_grant(cast.bogota)
    report = make_report(grant, dt.date(2026, 3, 31))
    response = as_officer.post(
        reverse("grants:report_edit", args=[grant.pk, report.pk]),
        {"title": report.title, "due_date": "2026-03-31", "planning": "integrated", "version": "1"},
    )
    assert response.status_code == 400
    assert "Give the date the report was received before assessing it." in response.content.decode()
    report.refresh_from_db()
    assert report.planning == ""


def test_the_needs_analysis_is_kept_sealed_with_its_groups(cast: Cast, as_officer: Client) -> None:
    grant = make_grant(cast.bogota)
    response = as_officer.post(
        reverse("grants:needs_upload", args=[grant.pk]),
        {
            "file": SimpleUploadedFile("needs.txt", b"Displaced women's needs.", "text/plain"),
            "received": "2025-03-01",
            "groups": ["displaced", "children_of_war"],
        },
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.needs_analysis_date == dt.date(2025, 3, 1)
    assert grant.needs_group_codes == ["displaced", "children_of_war"]
    assert sealed_files.load(grant.needs_analysis_key) == b"Displaced women's needs."
    page = as_officer.get(detail(grant)).content.decode()
    assert "Children born of war" in page


def test_a_refused_file_changes_nothing(cast: Cast, as_officer: Client) -> None:
    grant = make_grant(cast.bogota)
    response = as_officer.post(
        reverse("grants:needs_upload", args=[grant.pk]),
        {
            "file": SimpleUploadedFile("needs.exe", b"MZ", "application/octet-stream"),
            "received": "2025-03-01",
        },
    )
    assert response.status_code == 400
    assert "Files of this type are not accepted." in response.content.decode()
    grant.refresh_from_db()
    assert grant.needs_analysis_key == ""


def test_a_dialogue_is_linked_and_unlinked(cast: Cast, as_officer: Client) -> None:
    grant = make_grant(cast.bogota)
    engagement = make_engagement(cast.bogota, title="Dialogue with the grantee")
    as_officer.post(
        reverse("grants:engagement_add", args=[grant.pk]), {"engagement": engagement.pk}
    )
    assert list(grant.engagements.all()) == [engagement]
    assert "Dialogue with the grantee" in as_officer.get(detail(grant)).content.decode()
    as_officer.post(reverse("grants:engagement_remove", args=[grant.pk, engagement.pk]))
    assert not grant.engagements.exists()


# --- overdue, best practice, figures ----------------------------------------------------


def test_the_overdue_list_shows_the_units_overdue_reports_to_the_unit_and_hq(
    cast: Cast, as_officer: Client, as_coordinator: Client, as_outsider: Client
) -> None:
    grant = make_grant(cast.bogota)
    make_report(grant, dt.date(2025, 1, 31))
    make_report(grant, dt.date(2025, 2, 28), received_on=dt.date(2025, 2, 1))
    make_report(grant, dt.date.today() + dt.timedelta(days=10))
    url = reverse("grants:overdue")
    assert [r.due_date for r in as_officer.get(url).context["page"].object_list] == [
        dt.date(2025, 1, 31)
    ]
    assert len(as_coordinator.get(url).context["page"].object_list) == 1
    assert list(as_outsider.get(url).context["page"].object_list) == []


def test_best_practice_is_searchable_and_readable_across_units(
    cast: Cast, as_officer: Client, as_outsider: Client
) -> None:
    as_officer.post(
        reverse("grants:practice_create"),
        {"title": "Women-only distribution hours", "source": "grantee", "summary": "Safer."},
    )
    note = BestPractice.objects.get()
    assert note.classification == "internal"
    found = as_outsider.get(reverse("grants:practices"), {"q": "distribution"})
    assert [p.title for p in found.context["page"].object_list] == [note.title]
    assert (
        list(
            as_outsider.get(reverse("grants:practices"), {"q": "nothing"})
            .context["page"]
            .object_list
        )
        == []
    )
    assert as_outsider.get(reverse("grants:practice", args=[note.pk])).status_code == 200
    assert as_outsider.get(reverse("grants:practice_edit", args=[note.pk])).status_code == 403


def test_a_restricted_note_is_not_read_outside_its_unit(
    cast: Cast, as_outsider: Client, as_officer: Client
) -> None:
    note = BestPractice.objects.create(
        unit=cast.bogota, title="Discreet", source="own", summary="x", classification="restricted"
    )
    assert as_outsider.get(reverse("grants:practice", args=[note.pk])).status_code == 404
    assert not SecurityEvent.objects.filter(kind="restricted.read").exists()
    assert as_officer.get(reverse("grants:practice", args=[note.pk])).status_code == 200
    assert SecurityEvent.objects.filter(kind="restricted.read").count() == 1


@pytest.mark.parametrize("size", [1, 20])
def test_the_dashboard_costs_the_same_queries_however_many_grants(
    cast: Cast, as_coordinator: Client, django_assert_num_queries, size: int
) -> None:
    for number in range(size):
        make_grant(cast.bogota, f"COL-{number}", gender_marker=number % 3)
    with django_assert_num_queries(QUERIES_DASHBOARD):
        response = as_coordinator.get(reverse("grants:dashboard"), {"group": "unit"})
    assert "Share of grants by gender marker" in response.content.decode()


def test_the_dashboard_counts_only_grants_the_viewer_may_open(
    cast: Cast, as_coordinator: Client, as_officer: Client
) -> None:
    make_grant(cast.bogota, "COL-1")
    restricted_grant(cast.bogota, "COL-2", amounts=[(2025, 7_000_000, "NOK", 7_000_000)])
    hq = as_coordinator.get(reverse("grants:dashboard")).context["board"]
    own = as_officer.get(reverse("grants:dashboard")).context["board"]
    assert hq.total.nok == Decimal("1000000")
    assert own.total.nok == Decimal("8000000")


def test_a_grant_with_a_restricted_partner_must_be_restricted_too(
    cast: Cast, as_officer: Client
) -> None:
    """Everyone who reads a grant sees its partner's name, so it is classified at least as
    high as the partner on the civil-society map."""
    from tests.civil_society.factories import restricted

    partner = restricted(cast.bogota, "Discreet Defenders")
    data = form_values(multilateral_partner="", partner=str(partner.pk))
    response = as_officer.post(reverse("grants:create"), data)
    assert response.status_code == 400
    assert "The partner is restricted on the civil-society map" in response.content.decode()
    assert not Grant.objects.exists()
    response = as_officer.post(reverse("grants:create"), {**data, "classification": "restricted"})
    assert response.status_code == 302
    assert Grant.objects.get().partner == partner
