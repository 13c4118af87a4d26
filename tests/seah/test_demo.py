"""The demo: one fictional SEAH report in Bogotá, seen by its handler and no one else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import verified_client
from wpsdesk.civil_society.demo import load_demo as load_civil_society
from wpsdesk.organisation.demo import load_demo as load_organisation
from wpsdesk.organisation.models import Membership, User
from wpsdesk.seah.demo import load_demo
from wpsdesk.seah.models import SeahReport

pytestmark = pytest.mark.django_db


def test_the_demo_report_is_seen_by_its_handler_only() -> None:
    load_organisation()
    load_civil_society()
    assert load_demo() == "seah: 1 demo report added (handler: bogota.lead)"
    assert load_demo() == "seah: demo report already there"
    report = SeahReport.objects.get()
    assert "FICTIONAL DEMO" in report.summary
    assert Membership.objects.get(user__username="bogota.lead").seah_handler

    lead = verified_client(User.objects.get(username="bogota.lead"))
    listed = lead.get(reverse("seah:list"))
    assert [r.pk for r in listed.context["page"].object_list] == [report.pk]
    assert "FICTIONAL DEMO" in lead.get(reverse("seah:detail", args=[report.pk])).content.decode()

    for username in ("bogota.officer", "bogota.reader", "hq.coordinator", "auditor", "admin"):
        client = verified_client(User.objects.get(username=username))
        assert client.get(reverse("seah:list")).status_code == 404, username
        assert client.get(reverse("seah:detail", args=[report.pk])).status_code == 404, username
