"""The SEAH pages for the people who handle the reports: the list, one report, recording,
changing, steps, closing, the one-report export, designating handlers, the navigation and
the home page — with the read log and exact query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Cast, reauthenticated_client, verified_client
from tests.seah.factories import CANARY, designate, make_report, make_step
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation.models import Membership
from wpsdesk.seah.models import FollowUpStep, SeahReport

pytestmark = pytest.mark.django_db

LIST = reverse("seah:list")
HOME = reverse("core:home")
# The session, the person and their second factor, their roles and grants (one query), the
# count, the page of reports, their units (the header's switcher); then one restricted.read
# event (savepoint, chain head, insert, chain update, release).
QUERIES_LIST = 12
# The session, the person and second factor, roles and grants, the report (with its unit,
# organisation and people), its steps, the units (the switcher); the lead's page adds who
# read it; then the restricted.read event (five, as above).
QUERIES_DETAIL_HANDLER = 12
QUERIES_DETAIL_LEAD = 13


def detail(report: SeahReport) -> str:
    return reverse("seah:detail", args=[report.pk])


def reads_of(report: SeahReport) -> list[SecurityEvent]:
    label = f'"seah.seahreport#{report.pk}"'
    return [
        e
        for e in SecurityEvent.objects.filter(kind="restricted.read")
        if e.target_id == str(report.pk) or label in str(e.details.get("records", ""))
    ]


@pytest.fixture
def handler(cast: Cast) -> Client:
    designate(cast.reader, cast.bogota)
    return verified_client(cast.reader)


@pytest.fixture
def lead(cast: Cast) -> Client:
    return verified_client(cast.lead)


# --- the list ---------------------------------------------------------------------------


def test_the_list_is_paged_filtered_and_its_reads_logged(
    cast: Cast, handler: Client, django_assert_num_queries
) -> None:
    reports = [
        make_report(cast.bogota, cast.lead, received_on=dt.date(2026, 1, 1) + dt.timedelta(days=i))
        for i in range(27)
    ]
    make_report(cast.amman, cast.lead)  # another unit's: never listed
    with django_assert_num_queries(QUERIES_LIST):
        response = handler.get(LIST)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 27
    event = SecurityEvent.objects.get(kind="restricted.read")
    assert event.actor_id == cast.reader.pk
    assert event.details["count"] == 25
    assert event.details["classification"] == "strict"

    second = handler.get(LIST, {"page": 2})
    assert len(second.context["page"].object_list) == 2

    by_number = handler.get(LIST, {"number": reports[3].pk})
    assert [r.pk for r in by_number.context["page"].object_list] == [reports[3].pk]
    assert handler.get(LIST, {"category": "abuse"}).context["page"].paginator.count == 0
    assert handler.get(LIST, {"status": "open"}).context["page"].paginator.count == 27
    assert handler.get(LIST, {"year": 2025}).context["page"].paginator.count == 0
    # Bad filters narrow nothing and break nothing.
    bad = handler.get(LIST, {"number": "x", "year": "1066"})
    assert bad.status_code == 200
    assert bad.context["page"].paginator.count == 27


def test_the_list_shows_no_text_of_the_reports(cast: Cast, handler: Client) -> None:
    make_report(cast.bogota, cast.lead)
    body = handler.get(LIST).content.decode()
    assert CANARY not in body
    assert "Report #" in body


# --- one report -------------------------------------------------------------------------


def test_the_report_page_for_its_handler(
    cast: Cast, handler: Client, django_assert_num_queries
) -> None:
    report = make_report(cast.bogota, cast.lead)
    make_step(report, dt.date(2026, 4, 1))
    with django_assert_num_queries(QUERIES_DETAIL_HANDLER):
        response = handler.get(detail(report))
    body = response.content.decode()
    assert CANARY in body
    assert "Who has read this report" not in body  # the lead's part (present below)
    event = SecurityEvent.objects.get(kind="restricted.read")
    assert event.target_id == str(report.pk)


def test_the_report_page_shows_its_lead_who_has_read_it(
    cast: Cast, handler: Client, lead: Client, django_assert_num_queries
) -> None:
    report = make_report(cast.bogota, cast.lead)
    handler.get(detail(report))
    with django_assert_num_queries(QUERIES_DETAIL_LEAD):
        response = lead.get(detail(report))
    assert response.status_code == 200
    readers = response.context["readers"]
    assert [e.actor_id for e in readers] == [cast.reader.pk]
    assert "Who has read this report" in response.content.decode()


# --- recording, changing, steps, closing -------------------------------------------------


def test_a_handler_records_a_report_and_it_is_logged(cast: Cast, handler: Client) -> None:
    response = handler.post(
        reverse("seah:create"),
        {
            "unit": cast.bogota.pk,
            "received_on": "2026-03-02",
            "channel": "whistleblower",
            "category": "exploitation",
            "summary": f"Exchange of aid for sex alleged {CANARY}",
            "partner_request": "Investigate",
            "partner_deadline": "2026-04-01",
            "grant_reference": "COL-22/0042",
        },
    )
    report = SeahReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(report)
    assert report.classification == "strict"
    assert report.created_by == cast.reader
    event = SecurityEvent.objects.get(kind="seah.report_created")
    assert CANARY not in str(event.details)


def test_a_report_names_the_grant_the_handler_may_read(cast: Cast, handler: Client) -> None:
    from tests.grants.factories import make_grant, restricted_grant

    grant = make_grant(cast.bogota)
    hidden = restricted_grant(cast.bogota)  # the reader has no clearance: not offered
    base = {
        "unit": cast.bogota.pk,
        "received_on": "2026-03-02",
        "channel": "partner",
        "category": "harassment",
        "summary": "Reported by the partner",
    }
    refused = handler.post(reverse("seah:create"), {**base, "grant": hidden.pk})
    assert refused.status_code == 400
    assert not SeahReport.objects.exists()
    assert handler.post(reverse("seah:create"), {**base, "grant": grant.pk}).status_code == 302
    report = SeahReport.objects.get()
    assert report.grant == grant
    assert grant.agreement_number in handler.get(detail(report)).content.decode()


def test_bad_input_changes_nothing_and_says_why(cast: Cast, handler: Client) -> None:
    response = handler.post(
        reverse("seah:create"),
        {
            "unit": cast.bogota.pk,
            "received_on": "2026-03-02",
            "channel": "",
            "category": "",
            "summary": "",
            "partner_deadline": "2026-01-01",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say how the report came in." in body
    assert "Choose exploitation, abuse or harassment." in body
    assert "Say briefly what was reported (without names)." in body
    assert "cannot be before the report came in" in body
    assert not SeahReport.objects.exists()


def test_a_report_cannot_be_recorded_in_a_unit_one_does_not_handle(
    cast: Cast, handler: Client
) -> None:
    response = handler.post(
        reverse("seah:create"),
        {"unit": cast.amman.pk, "channel": "partner", "category": "abuse", "summary": "x"},
    )
    assert response.status_code == 400
    assert not SeahReport.objects.exists()


def test_the_form_says_not_to_enter_names(handler: Client) -> None:
    body = handler.get(reverse("seah:create")).content.decode()
    assert "do not enter names of survivors" in body.lower()


def test_a_change_from_an_older_version_is_refused(cast: Cast, handler: Client) -> None:
    report = make_report(cast.bogota, cast.lead)
    url = reverse("seah:edit", args=[report.pk])
    data = {
        "received_on": "2026-03-01",
        "channel": "partner",
        "category": "abuse",
        "summary": "Changed",
        "version": "1",
    }
    assert handler.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.category == "abuse"
    assert report.version == 2
    stale = handler.post(url, {**data, "category": "harassment"})
    assert stale.status_code == 409
    report.refresh_from_db()
    assert report.category == "abuse"


def test_steps_are_added_marked_done_and_refused_on_a_closed_report(
    cast: Cast, handler: Client
) -> None:
    report = make_report(cast.bogota, cast.lead)
    add = reverse("seah:step_add", args=[report.pk])
    assert handler.post(add, {"description": "", "due_on": "soon"}).status_code == 400
    assert not FollowUpStep.objects.exists()
    assert handler.post(add, {"description": "Call", "due_on": "2026-05-01"}).status_code == 302
    step = FollowUpStep.objects.get()
    done = reverse("seah:step_done", args=[report.pk, step.pk])
    assert handler.post(done).status_code == 302
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()
    other = make_step(make_report(cast.bogota, cast.lead), dt.date(2026, 5, 1))
    # A step of another report through this report's address: 404.
    assert handler.post(reverse("seah:step_done", args=[report.pk, other.pk])).status_code == 404

    close = reverse("seah:close", args=[report.pk])
    assert handler.get(close).status_code == 200
    assert handler.post(close, {"outcome": "", "version": "1"}).status_code == 400
    report.refresh_from_db()
    assert report.closed_on is None
    response = handler.post(
        close, {"outcome": "substantiated", "note": "Dismissed", "version": "1"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.closed_on == timezone.localdate()
    assert report.closed_by == cast.reader
    assert SecurityEvent.objects.filter(kind="seah.report_closed").count() == 1
    assert handler.post(add, {"description": "More", "due_on": "2026-06-01"}).status_code == 400
    assert FollowUpStep.objects.filter(report=report).count() == 1


# --- export -----------------------------------------------------------------------------


def test_the_export_asks_for_a_code_first(cast: Cast, handler: Client) -> None:
    report = make_report(cast.bogota, cast.lead)
    response = handler.get(reverse("seah:export", args=[report.pk, "csv"]))
    assert response.status_code == 302
    assert reverse("accounts:reauthenticate") in response["Location"]
    assert not SecurityEvent.objects.filter(kind="seah.exported").exists()


def test_one_report_is_exported_logged_and_neutralised(cast: Cast) -> None:
    designate(cast.reader, cast.bogota)
    report = make_report(cast.bogota, cast.lead, partner_request="=HYPERLINK(1)")
    make_step(report, dt.date(2026, 4, 1))
    client = reauthenticated_client(cast.reader)
    response = client.get(reverse("seah:export", args=[report.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="seah-report-{report.pk}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = [row[2] for row in rows[1:]]
    assert any(CANARY in v for v in values)
    assert "'=HYPERLINK(1)" in values
    assert SecurityEvent.objects.get(kind="seah.exported").target_id == str(report.pk)
    assert reads_of(report)
    xlsx = client.get(reverse("seah:export", args=[report.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("seah:export", args=[report.pk, "pdf"])).status_code == 404


def test_another_units_report_is_404_even_after_a_code(cast: Cast) -> None:
    report = make_report(cast.amman, cast.lead)
    designate(cast.reader, cast.bogota)
    client = reauthenticated_client(cast.reader)
    assert client.get(reverse("seah:export", args=[report.pk, "csv"])).status_code == 404


# --- handlers ---------------------------------------------------------------------------


def test_the_lead_designates_a_handler_with_a_reason(cast: Cast, lead: Client) -> None:
    url = reverse("seah:handlers")
    membership = Membership.objects.get(user=cast.officer, unit=cast.bogota)
    assert lead.get(url).status_code == 200
    short = lead.post(url, {"membership": membership.pk, "handler": "1", "reason": "why"})
    assert short.status_code == 400
    membership.refresh_from_db()
    assert not membership.seah_handler
    response = lead.post(
        url, {"membership": membership.pk, "handler": "1", "reason": "Trained SEAH focal point"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.seah_handler
    event = SecurityEvent.objects.get(kind="membership.changed")
    assert event.actor_id == cast.lead.pk
    assert event.details["seah_handler"] == ["False", "True"]
    assert event.details["reason"] == "Trained SEAH focal point"
    report = make_report(cast.bogota, cast.lead)
    assert verified_client(cast.officer).get(detail(report)).status_code == 200


def test_a_member_of_another_unit_cannot_be_designated(cast: Cast, lead: Client) -> None:
    outsider = Membership.objects.get(user=cast.outsider)
    response = lead.post(
        reverse("seah:handlers"),
        {"membership": outsider.pk, "handler": "1", "reason": "Not my unit at all"},
    )
    assert response.status_code == 400
    outsider.refresh_from_db()
    assert not outsider.seah_handler


# --- navigation and home ----------------------------------------------------------------


def test_the_navigation_offers_seah_only_to_handlers_and_leads(cast: Cast, handler: Client) -> None:
    link = f'href="{LIST}"'
    assert link in handler.get(HOME).content.decode()
    assert link in verified_client(cast.lead).get(HOME).content.decode()
    for who in ("officer", "outsider", "coordinator", "auditor", "admin"):
        assert link not in verified_client(getattr(cast, who)).get(HOME).content.decode()


def test_the_home_page_tells_handlers_of_steps_due_and_nobody_else(
    cast: Cast, handler: Client
) -> None:
    today = timezone.localdate()
    report = make_report(cast.bogota, cast.lead)
    make_step(report, today - dt.timedelta(days=1))
    make_step(report, today + dt.timedelta(days=30))  # not yet
    body = handler.get(HOME).content.decode()
    assert f"SEAH report #{report.pk}: a follow-up step is due" in body
    assert body.count("a follow-up step is due") == 1
    assert CANARY not in body  # the step's text never reaches the home page
    officer = verified_client(cast.officer).get(HOME).content.decode()
    assert "SEAH report" not in officer
