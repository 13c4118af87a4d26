"""The demo operation and reports: loaded once; juba.lead sees the personnel entry, the
officer without clearance does not; Bogotá's reports with and without WPS messages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import verified_client
from wpsdesk.engagements.demo import load_demo as load_engagements
from wpsdesk.operations.demo import load_demo
from wpsdesk.operations.models import DeployedPerson, Operation
from wpsdesk.organisation.demo import load_demo as load_organisation
from wpsdesk.organisation.models import User
from wpsdesk.reporting.demo import load_demo as load_reports
from wpsdesk.reporting.models import Report

pytestmark = pytest.mark.django_db


def test_the_demo_operation_loads_once_and_its_list_stays_with_the_cleared_lead() -> None:
    load_organisation()
    load_engagements()
    assert load_demo() == "operations: 1 demo operation added"
    assert load_demo() == "operations: the demo operation is there"
    operation = Operation.objects.get()
    assert operation.renewals.get().tasks.count() == 5
    assert operation.participation.count() == 12
    assert operation.engagements.get().issues.count() == 1
    assert DeployedPerson.objects.count() == 1
    page = reverse("operations:detail", args=[operation.pk])
    lead = verified_client(User.objects.get(username="juba.lead")).get(page).content.decode()
    officer = verified_client(User.objects.get(username="juba.officer")).get(page)
    assert "Kari Demoutsendt (demo)" in lead
    assert officer.status_code == 200
    assert "Kari Demoutsendt (demo)" not in officer.content.decode()
    assert "Meeting with the Deputy SRSG" in officer.content.decode()


def test_the_demo_reports_carry_and_miss_wps_messages() -> None:
    load_organisation()
    assert load_reports() == "reporting: 4 demo reports added"
    assert load_reports() == "reporting: 0 demo reports added"
    carrying = set(Report.objects.filter(carries_wps_message=True).values_list("kind", flat=True))
    assert "speaking_points" in carrying  # found by the screening, no link
    assert Report.objects.filter(carries_wps_message=False).count() >= 2
    assert Report.objects.filter(classification="restricted").count() == 1
