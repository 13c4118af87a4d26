"""Every SEAH service refuses people who may not use it, whatever page or path calls it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.personas import Cast
from tests.seah.factories import make_report, make_step
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation.models import Membership
from wpsdesk.seah import services
from wpsdesk.seah.models import FollowUpStep, SeahReport

pytestmark = pytest.mark.django_db

OUTSIDERS = ("officer", "reader", "outsider", "coordinator", "auditor", "admin", "former")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_handlers_and_leads_write(cast: Cast, who: str) -> None:
    person = getattr(cast, who)
    report = make_report(cast.bogota, cast.lead)
    step = make_step(report, dt.date(2026, 5, 1))
    values = {"channel": "media", "category": "abuse", "summary": "x"}
    with pytest.raises(PermissionDenied):
        services.report_create(actor=person, unit=cast.bogota, values=values)
    with pytest.raises(PermissionDenied):
        services.report_update(actor=person, report=report, values=values, version=1)
    with pytest.raises(PermissionDenied):
        services.report_close(actor=person, report=report, outcome="inconclusive", note="")
    with pytest.raises(PermissionDenied):
        services.step_add(actor=person, report=report, description="x", due_on=dt.date.today())
    with pytest.raises(PermissionDenied):
        services.step_done(actor=person, step=step)
    membership = Membership.objects.get(user=cast.officer, unit=cast.bogota)
    with pytest.raises(PermissionDenied):
        services.handler_set(
            actor=person, membership=membership, handler=True, reason="I want to see them"
        )
    report.refresh_from_db()
    step.refresh_from_db()
    membership.refresh_from_db()
    assert (report.version, report.category, report.closed_on) == (1, "harassment", None)
    assert step.done_on is None
    assert not membership.seah_handler
    assert SeahReport.objects.count() == 1
    assert FollowUpStep.objects.count() == 1
    assert not SecurityEvent.objects.filter(kind__startswith="seah.").exists()


def test_a_handler_is_not_a_lead_and_designates_nobody(cast: Cast) -> None:
    reader = Membership.objects.get(user=cast.reader, unit=cast.bogota)
    services.handler_set(
        actor=cast.lead, membership=reader, handler=True, reason="Trained focal point"
    )
    officer = Membership.objects.get(user=cast.officer, unit=cast.bogota)
    with pytest.raises(PermissionDenied):
        services.handler_set(
            actor=cast.reader, membership=officer, handler=True, reason="Help me with the cases"
        )


def test_the_lead_of_another_unit_may_not_write_here(cast: Cast) -> None:
    from tests.personas import make_person
    from wpsdesk.organisation.models import Role

    amman_lead = make_person("amman.lead")
    Membership.objects.create(user=amman_lead, unit=cast.amman, role=Role.LEAD)
    report = make_report(cast.bogota, cast.lead)
    with pytest.raises(PermissionDenied):
        services.report_close(actor=amman_lead, report=report, outcome="inconclusive", note="")
    with pytest.raises(PermissionDenied):
        services.report_create(
            actor=amman_lead,
            unit=cast.bogota,
            values={"channel": "media", "category": "abuse", "summary": "x"},
        )
