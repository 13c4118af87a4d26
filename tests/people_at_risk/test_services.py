"""Services refuse whoever may not write; grants need two people; break-glass never opens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.people_at_risk.factories import grant, make_person_at_risk, second_lead
from tests.personas import Cast
from tests.refusals import assert_refused
from wpsdesk.organisation import breakglass, policy
from wpsdesk.organisation import services as organisation_services
from wpsdesk.organisation.models import GrantState
from wpsdesk.people_at_risk import services
from wpsdesk.people_at_risk.models import PersonAtRisk, ProtectionMeasure

EVENT = {
    "occurred_on": dt.date(2026, 1, 2),
    "kind": "threat",
    "severity": "high",
    "source": "person",
    "reliability": "likely",
    "description": "",
}
ASSESSMENT = {"assessed_on": dt.date(2026, 1, 2), "freedom_of_action": "free", "security": "low"}
MEASURE = {
    "kind": "political",
    "started_on": dt.date(2026, 1, 2),
    "mechanism": "",
    "status": "planned",
}


@pytest.fixture
def heron(cast: Cast) -> PersonAtRisk:
    return make_person_at_risk(cast.bogota, "HERON")


def _calls(actor: Any, person: PersonAtRisk) -> dict[str, Any]:
    measure = ProtectionMeasure.objects.create(
        person=person, kind="political", started_on=dt.date(2026, 1, 1)
    )
    return {
        "update": lambda: services.person_update(
            actor=actor, person=person, values={"notes": "x"}, version=None
        ),
        "event": lambda: services.event_add(actor=actor, person=person, values=dict(EVENT)),
        "assessment": lambda: services.assessment_add(
            actor=actor, person=person, values=dict(ASSESSMENT)
        ),
        "measure": lambda: services.measure_add(actor=actor, person=person, values=dict(MEASURE)),
        "measure_update": lambda: services.measure_update(
            actor=actor, measure=measure, values={"status": "done"}, version=None
        ),
        "file": lambda: services.attachment_add(
            actor=actor, person=person, name="a.txt", content_type="text/plain", data=b"x"
        ),
        "review": lambda: services.person_review(
            actor=actor, person=person, next_review_on=timezone.localdate() + dt.timedelta(days=9)
        ),
    }


@pytest.mark.parametrize(
    "call", ["update", "event", "assessment", "measure", "measure_update", "file", "review"]
)
@pytest.mark.parametrize("persona", ["officer", "lead", "reader", "outsider", "coordinator"])
def test_every_write_is_refused_without_a_grant(
    cast: Cast, heron: PersonAtRisk, persona: str, call: str
) -> None:
    calls = _calls(getattr(cast, persona), heron)
    assert_refused(calls[call], "people_at_risk")


@pytest.mark.parametrize("call", ["update", "event", "measure", "review"])
def test_an_administrator_is_refused_even_with_a_grant(
    cast: Cast, heron: PersonAtRisk, call: str
) -> None:
    grant(heron, cast.admin, by=cast.officer, approver=cast.reader)
    assert_refused(_calls(cast.admin, heron)[call], "people_at_risk")


def test_a_read_only_grant_to_a_reader_does_not_let_them_write(
    cast: Cast, heron: PersonAtRisk
) -> None:
    grant(heron, cast.reader, by=cast.officer, approver=cast.lead, may_edit=False)
    assert policy.may_read(cast.reader, heron)
    assert_refused(_calls(cast.reader, heron)["event"], "people_at_risk")
    # The same grant with edit lets them write: the refusal above is the grant's doing.
    reader_with_edit = grant(
        make_person_at_risk(cast.bogota, "WREN"), cast.reader, by=cast.officer, approver=cast.lead
    )
    person = PersonAtRisk.objects.get(pk=reader_with_edit.object_id)
    assert services.event_add(actor=cast.reader, person=person, values=dict(EVENT)).pk


def test_create_is_refused_to_a_reader_and_another_unit(cast: Cast) -> None:
    values = {"code_name": "", "role": "defender", "country": "CO"}
    for actor in (cast.reader, cast.outsider, cast.admin, cast.auditor):
        assert_refused(
            lambda actor=actor: services.person_create(
                actor=actor, unit=cast.bogota, values=dict(values)
            ),
            "people_at_risk",
        )
    assert services.person_create(actor=cast.officer, unit=cast.bogota, values=dict(values)).pk


def test_a_grant_on_a_person_at_risk_needs_a_second_lead(cast: Cast, heron: PersonAtRisk) -> None:
    deputy = second_lead(cast.bogota, "deputy")
    head = second_lead(cast.bogota, "head")
    # The lead cannot grant themself.
    with pytest.raises(PermissionDenied):
        organisation_services.grant_propose(
            actor=cast.lead,
            record=heron,
            person=cast.lead,
            reason="Follows the case",
            ends_on=timezone.localdate() + dt.timedelta(days=30),
        )
    proposed = organisation_services.grant_propose(
        actor=deputy,
        record=heron,
        person=cast.lead,
        reason="Follows the case",
        ends_on=timezone.localdate() + dt.timedelta(days=30),
    )
    assert proposed.state == GrantState.PENDING
    assert not policy.may_read(cast.lead, heron)
    # Neither the proposer nor the person it is for approves it; an officer cannot.
    for actor in (deputy, cast.lead, cast.officer):
        with pytest.raises(PermissionDenied):
            organisation_services.grant_approve(actor=actor, grant=proposed)
    policy.forget_cached_access(cast.lead)
    assert not policy.may_read(cast.lead, heron)
    organisation_services.grant_approve(actor=head, grant=proposed)
    policy.forget_cached_access(cast.lead)
    assert policy.may_read(cast.lead, heron)
    # Clearance and the lead role alone open nothing: the deputy and head hold no grant.
    assert not policy.may_read(deputy, heron) and not policy.may_read(head, heron)


def test_break_glass_never_opens_a_person_at_risk(cast: Cast, heron: PersonAtRisk) -> None:
    for actor in (cast.officer, cast.lead, cast.coordinator):
        opened = breakglass.open_record(
            actor=actor,
            label="people_at_risk.personatrisk",
            object_id=heron.pk,
            reason="A defender is in danger tonight",
        )
        assert opened is None
        assert not policy.may_read(actor, heron)


def test_an_anonymised_record_cannot_be_changed(cast: Cast, heron: PersonAtRisk) -> None:
    from django.core.exceptions import ValidationError

    grant(heron, cast.lead, by=cast.officer, approver=cast.reader)
    services.anonymise(person=heron, why="test")
    with pytest.raises(ValidationError):
        services.event_add(actor=cast.lead, person=heron, values=dict(EVENT))


def test_the_grant_is_made_on_the_grants_page_by_one_lead_and_approved_by_another(
    cast: Cast, heron: PersonAtRisk
) -> None:
    from django.urls import reverse

    from tests.personas import reauthenticated_client, verified_client
    from wpsdesk.organisation.models import AccessGrant

    deputy = second_lead(cast.bogota, "deputy")
    head = second_lead(cast.bogota, "head")
    proposed = reauthenticated_client(deputy).post(
        reverse("organisation:grant_propose"),
        {
            "record_type": "people_at_risk.personatrisk",
            "record_id": heron.pk,
            "username": cast.lead.username,
            "may_edit": "on",
            "reason": "Follows the case",
            "ends_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert proposed.status_code == 302
    grant_row = AccessGrant.objects.get(object_id=heron.pk)
    assert grant_row.state == GrantState.PENDING
    lead = verified_client(cast.lead)
    assert lead.get(heron.get_absolute_url()).status_code == 404
    # The proposer cannot approve their own proposal; the head can.
    url = reverse("organisation:grant_approve", args=[grant_row.pk])
    reauthenticated_client(deputy).post(url)
    grant_row.refresh_from_db()
    assert grant_row.state == GrantState.PENDING
    assert reauthenticated_client(head).post(url).status_code == 302
    grant_row.refresh_from_db()
    assert grant_row.state == GrantState.ACTIVE and grant_row.approved_by == head
    assert lead.get(heron.get_absolute_url()).status_code == 200
