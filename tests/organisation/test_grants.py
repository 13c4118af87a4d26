"""Grants on records: made in the app by the unit's authorisers, four eyes on strict ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.engagements.factories import make_engagement
from tests.organisation.grant_fixtures import (
    SECRET_TITLE,
    in_a_month,
    pending_grant,
    restricted_engagement,
    strict_engagement,
)
from tests.personas import Cast, make_person, reauthenticated_client, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation import policy, reclassification, services
from wpsdesk.organisation.models import (
    AccessGrant,
    Classification,
    GrantState,
    Membership,
    Role,
    User,
)


@pytest.fixture
def second_lead(cast: Cast) -> User:
    person = make_person("second-lead")
    Membership.objects.create(
        user=person, unit=cast.bogota, role=Role.LEAD, restricted_clearance=True
    )
    return person


def reads(person: User, record: Engagement) -> bool:
    """Whether the person reads the record in a new request (grants are cached per request)."""
    policy.forget_cached_access(person)
    return policy.visible_to(Engagement.objects.all(), user=person).filter(pk=record.pk).exists()


# --- the services refuse on their own ----------------------------------------------------


@pytest.mark.parametrize(
    "who", ["officer", "reader", "outsider", "coordinator", "auditor", "admin"]
)
def test_only_an_authoriser_of_the_records_unit_may_propose(cast: Cast, who: str) -> None:
    record = strict_engagement(cast)
    with pytest.raises(PermissionDenied):
        services.grant_propose(
            actor=getattr(cast, who),
            record=record,
            person=cast.reader,
            reason="curiosity",
            ends_on=in_a_month(),
        )
    assert not AccessGrant.objects.exists()


def test_nobody_grants_themself(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.grant_propose(
            actor=cast.lead,
            record=strict_engagement(cast),
            person=cast.lead,
            reason="myself",
            ends_on=in_a_month(),
        )


def test_granted_by_cannot_be_chosen(cast: Cast) -> None:
    with pytest.raises(TypeError):
        services.grant_propose(  # type: ignore[call-arg]
            actor=cast.lead,
            record=strict_engagement(cast),
            person=cast.reader,
            reason="x",
            ends_on=in_a_month(),
            granted_by=cast.officer,
        )
    client = reauthenticated_client(cast.lead)
    record = restricted_engagement(cast)
    client.post(
        reverse("organisation:grant_propose"),
        {
            "record_type": "engagements.engagement",
            "record_id": record.pk,
            "username": "reader",
            "reason": "case work",
            "ends_on": in_a_month().isoformat(),
            "granted_by": cast.officer.pk,
        },
    )
    assert AccessGrant.objects.get().granted_by == cast.lead


@pytest.mark.parametrize("days", [-1, 366, 5000])
def test_a_grant_ends_within_a_year(cast: Cast, days: int) -> None:
    with pytest.raises(ValidationError):
        services.grant_propose(
            actor=cast.lead,
            record=strict_engagement(cast),
            person=cast.reader,
            reason="case work",
            ends_on=timezone.localdate() + dt.timedelta(days=days),
        )


def test_a_grant_needs_a_reason(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.grant_propose(
            actor=cast.lead,
            record=strict_engagement(cast),
            person=cast.reader,
            reason="   ",
            ends_on=in_a_month(),
        )


def test_a_strict_grant_opens_nothing_until_a_second_lead_approves(
    cast: Cast, second_lead: User
) -> None:
    grant = pending_grant(cast)
    record = Engagement.objects.get(pk=grant.object_id)
    assert grant.state == GrantState.PENDING
    assert grant.granted_by == cast.lead
    assert not reads(cast.reader, record)
    assert not policy.may_read(cast.reader, record)

    services.grant_approve(actor=second_lead, grant=grant, ip_address="10.0.0.9")
    grant.refresh_from_db()
    assert grant.state == GrantState.ACTIVE
    assert grant.approved_by == second_lead
    assert reads(cast.reader, record)
    event = SecurityEvent.objects.get(kind="access_grant.approved")
    assert event.actor_id == second_lead.pk
    assert event.ip_address == "10.0.0.9"
    assert event.details["person"] == cast.reader.pk


def test_the_proposer_and_the_grantee_cannot_approve(cast: Cast, second_lead: User) -> None:
    grant = pending_grant(cast, person=second_lead)
    for who in (cast.lead, second_lead):
        with pytest.raises(PermissionDenied):
            services.grant_approve(actor=who, grant=grant)
    grant.refresh_from_db()
    assert grant.state == GrantState.PENDING


@pytest.mark.parametrize("who", ["officer", "reader", "outsider", "coordinator", "admin"])
def test_only_an_authoriser_approves(cast: Cast, who: str) -> None:
    grant = pending_grant(cast)
    with pytest.raises(PermissionDenied):
        services.grant_approve(actor=getattr(cast, who), grant=grant)


def test_a_grant_on_a_restricted_record_is_in_force_at_once_and_logged(cast: Cast) -> None:
    record = restricted_engagement(cast)
    assert not reads(cast.reader, record)
    grant = services.grant_propose(
        actor=cast.lead,
        record=record,
        person=cast.reader,
        reason="translation of the minutes",
        ends_on=in_a_month(),
        ip_address="10.0.0.7",
    )
    assert grant.state == GrantState.ACTIVE
    assert reads(cast.reader, record)
    [event] = SecurityEvent.objects.filter(kind__startswith="access_grant.")
    assert event.kind == "access_grant.granted"
    assert event.actor_id == cast.lead.pk
    assert event.ip_address == "10.0.0.7"
    assert event.details["reason"] == "translation of the minutes"
    assert event.target_id == str(grant.pk)


def test_revoking_closes_the_record_and_needs_a_reason(cast: Cast, second_lead: User) -> None:
    grant = pending_grant(cast)
    services.grant_approve(actor=second_lead, grant=grant)
    record = Engagement.objects.get(pk=grant.object_id)
    with pytest.raises(ValidationError):
        services.grant_revoke(actor=cast.lead, grant=grant, reason=" ")
    for who in (cast.officer, cast.reader, cast.admin, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.grant_revoke(actor=who, grant=grant, reason="no")
    services.grant_revoke(actor=cast.lead, grant=grant, reason="case closed")
    assert not reads(cast.reader, record)
    event = SecurityEvent.objects.get(kind="access_grant.revoked")
    assert event.details["reason"] == "case closed"
    # A new grant may follow a revoked one.
    again = pending_grant(cast)
    assert again.state == GrantState.PENDING


def test_a_second_open_grant_for_the_same_person_and_record_is_refused(cast: Cast) -> None:
    grant = pending_grant(cast)
    record = Engagement.objects.get(pk=grant.object_id)
    with pytest.raises(ValidationError):
        services.grant_propose(
            actor=cast.lead, record=record, person=cast.reader, reason="x", ends_on=in_a_month()
        )


# --- the page ----------------------------------------------------------------------------


def test_the_lead_sees_the_units_grants_and_approves_with_a_code(
    cast: Cast, second_lead: User
) -> None:
    grant = pending_grant(cast)
    page = verified_client(second_lead).get(reverse("organisation:unit_grants"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Reader" in html
    assert f"Engagement #{grant.object_id}" in html
    assert SECRET_TITLE not in html  # the record's number, never its content
    url = reverse("organisation:grant_approve", args=[grant.pk])
    assert url in html
    # The proposer is offered no approval button.
    assert (
        url
        not in verified_client(cast.lead).get(reverse("organisation:unit_grants")).content.decode()
    )

    asked = verified_client(second_lead).post(url)
    assert asked["Location"].startswith(reverse("accounts:reauthenticate"))
    assert AccessGrant.objects.get().state == GrantState.PENDING
    done = reauthenticated_client(second_lead).post(url)
    assert done.status_code == 302
    assert AccessGrant.objects.get().state == GrantState.ACTIVE


def test_proposing_on_the_page_asks_for_a_code_and_names_no_other_units_record(
    cast: Cast,
) -> None:
    record = strict_engagement(cast)
    data = {
        "record_type": "engagements.engagement",
        "record_id": record.pk,
        "username": "reader",
        "reason": "case work",
        "ends_on": in_a_month().isoformat(),
    }
    url = reverse("organisation:grant_propose")
    asked = verified_client(cast.lead).post(url, data)
    assert asked["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not AccessGrant.objects.exists()
    amman = strict_engagement(cast)
    Engagement.objects.filter(pk=amman.pk).update(unit=cast.amman)
    refused = reauthenticated_client(cast.lead).post(url, {**data, "record_id": amman.pk})
    assert refused.status_code == 400
    assert "This unit has no such record" in refused.content.decode()
    made = reauthenticated_client(cast.lead).post(url, data)
    assert made.status_code == 302
    assert AccessGrant.objects.get().state == GrantState.PENDING


def test_the_grants_page_searches_and_pages(cast: Cast) -> None:
    pending_grant(cast)
    client = verified_client(cast.lead)
    found = client.get(reverse("organisation:unit_grants"), {"q": "read"})
    assert "follow-up of the protection case" in found.content.decode()
    none = client.get(reverse("organisation:unit_grants"), {"q": "nobody-like-this"})
    assert "follow-up of the protection case" not in none.content.decode()


def test_the_grants_page_query_count_does_not_grow_with_grants(
    cast: Cast, django_assert_num_queries
) -> None:
    client = verified_client(cast.lead)
    url = reverse("organisation:unit_grants")
    pending_grant(cast)
    client.get(url)
    with django_assert_num_queries(7) as first:
        client.get(url)
    for _ in range(3):
        pending_grant(cast, person=make_person(f"p{AccessGrant.objects.count()}"))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_hq_coordinators_of_a_section_authorise_grants_on_its_records(cast: Cast) -> None:
    from tests.engagements.factories import make_engagement
    from wpsdesk.organisation.models import Classification

    record = make_engagement(
        cast.section, title="HQ note", classification=Classification.RESTRICTED
    )
    assert services.may_authorise_grants(cast.coordinator, cast.section)
    assert not services.may_authorise_grants(cast.coordinator, cast.bogota)
    assert not services.may_authorise_grants(cast.lead, cast.section)
    grant = services.grant_propose(
        actor=cast.coordinator,
        record=record,
        person=cast.reader,
        reason="briefing",
        ends_on=in_a_month(),
    )
    assert grant.state == GrantState.ACTIVE
    with pytest.raises(PermissionDenied):
        services.grant_propose(
            actor=cast.lead, record=record, person=cast.officer, reason="x", ends_on=in_a_month()
        )


# --- raising a record to strictly restricted ---------------------------------------------


def raise_to_strict(actor: User, record: Engagement, reason: str = "") -> None:
    record = Engagement.objects.get(pk=record.pk)
    assert reclassification.reclassify(
        actor=actor, record=record, to=Classification.STRICTLY_RESTRICTED, reason=reason
    )
    record.save()


def test_raising_to_strict_sends_a_single_approval_grant_back_to_pending(
    cast: Cast, second_lead: User
) -> None:
    record = restricted_engagement(cast)
    grant = services.grant_propose(
        actor=cast.lead,
        record=record,
        person=cast.reader,
        reason="translation of the minutes",
        ends_on=in_a_month(),
    )
    assert reads(cast.reader, record)

    raise_to_strict(cast.lead, record, reason="names of defenders added")
    grant.refresh_from_db()
    assert grant.state == GrantState.PENDING
    assert grant.approved_at is None
    assert not reads(cast.reader, record)
    assert not policy.may_read(cast.reader, Engagement.objects.get(pk=record.pk))
    event = SecurityEvent.objects.get(kind="access_grant.repended")
    assert event.actor_id == cast.lead.pk
    assert event.target_id == str(grant.pk)
    assert event.details["record_type"] == "engagements.engagement"
    assert event.details["record"] == record.pk
    assert event.details["person"] == cast.reader.pk
    assert event.details["reason"] == "raised to strictly restricted"
    assert event.details["classification_reason"] == "names of defenders added"

    # Four eyes now: the lead who made it cannot put it back alone; a second lead can.
    with pytest.raises(PermissionDenied):
        services.grant_approve(actor=cast.lead, grant=grant)
    services.grant_approve(actor=second_lead, grant=grant)
    assert reads(cast.reader, record)


def test_raising_to_strict_keeps_grants_a_second_person_approved(
    cast: Cast, second_lead: User
) -> None:
    record = restricted_engagement(cast)
    grant = services.grant_propose(
        actor=cast.lead, record=record, person=cast.reader, reason="case", ends_on=in_a_month()
    )
    # As a grant approved while the record was strict, before it was lowered.
    AccessGrant.objects.filter(pk=grant.pk).update(
        approved_by=second_lead, approved_at=timezone.now()
    )
    raise_to_strict(cast.officer, record)
    grant.refresh_from_db()
    assert grant.state == GrantState.ACTIVE
    assert reads(cast.reader, record)
    assert not SecurityEvent.objects.filter(kind="access_grant.repended").exists()


def test_raising_to_strict_leaves_other_records_grants_alone(cast: Cast) -> None:
    raised, other = restricted_engagement(cast), restricted_engagement(cast)
    for record in (raised, other):
        services.grant_propose(
            actor=cast.lead,
            record=record,
            person=cast.reader,
            reason="case work",
            ends_on=in_a_month(),
        )
    raise_to_strict(cast.lead, raised)
    assert not reads(cast.reader, raised)
    assert reads(cast.reader, other)
    assert SecurityEvent.objects.filter(kind="access_grant.repended").count() == 1


# --- grants waiting for approval on the home page ----------------------------------------

APPROVE_TASK = "Approve or decline"


def home_of(person: User) -> str:
    return verified_client(person).get(reverse("core:home")).content.decode()


def test_a_pending_grant_is_a_task_for_the_other_leads_of_the_unit(
    cast: Cast, second_lead: User
) -> None:
    grant = pending_grant(cast)
    home = home_of(second_lead)
    person = str(cast.reader)
    assert f"{APPROVE_TASK} {person}&#x27;s access to Engagement #{grant.object_id}" in home
    assert f'href="{reverse("organisation:unit_grants")}"' in home
    assert f"proposed by {cast.lead}" in home
    assert SECRET_TITLE not in home  # the record's type and number, never its content
    # Not for who proposed it, not for who would get it, nobody outside the unit's leads.
    for person in (cast.lead, cast.reader, cast.officer, cast.outsider, cast.coordinator):
        assert APPROVE_TASK not in home_of(person)

    services.grant_approve(actor=second_lead, grant=grant)
    assert APPROVE_TASK not in home_of(second_lead)


def test_a_lead_gets_no_task_for_a_grant_they_would_receive(cast: Cast, second_lead: User) -> None:
    pending_grant(cast, person=second_lead)
    assert APPROVE_TASK not in home_of(second_lead)
    third = make_person("third-lead")
    Membership.objects.create(user=third, unit=cast.bogota, role=Role.LEAD)
    assert APPROVE_TASK in home_of(third)


def test_hq_coordinators_of_a_section_see_its_pending_grants(cast: Cast) -> None:
    other = make_person("other-coordinator", is_hq_coordinator=True)
    Membership.objects.create(user=other, unit=cast.section, role=Role.EDITOR)
    record = make_engagement(
        cast.section, title=SECRET_TITLE, classification=Classification.STRICTLY_RESTRICTED
    )
    services.grant_propose(
        actor=other, record=record, person=cast.reader, reason="review", ends_on=in_a_month()
    )
    assert APPROVE_TASK in home_of(cast.coordinator)
    assert APPROVE_TASK not in home_of(other)


def test_the_home_page_query_count_does_not_grow_with_pending_grants(
    cast: Cast, second_lead: User, django_assert_num_queries
) -> None:
    client = verified_client(second_lead)
    pending_grant(cast)
    client.get(reverse("core:home"))  # warm the session and content-type caches
    with django_assert_num_queries(HOME_QUERIES_FOR_A_LEAD):
        response = client.get(reverse("core:home"))
    assert response.content.decode().count(APPROVE_TASK) == 1
    for person in ("p1", "p2"):
        pending_grant(cast, person=make_person(person))
    with django_assert_num_queries(HOME_QUERIES_FOR_A_LEAD):
        response = client.get(reverse("core:home"))
    assert response.content.decode().count(APPROVE_TASK) == 3


# Session, person, device, roles, units; one query per task provider (memberships ending,
# break-glass openings, grants waiting for approval, screenings, follow-ups, two for plans,
# strategy reviews of peace processes, grantee reports due, SEAH follow-up steps due,
# calendar reminders, deployed personnel's reviews, annual reports to submit); the home
# panels of the unit (see tests/core/test_home_pages.py): the plan (two), the checklist
# (one when there is none), engagements this quarter (two), follow-ups (one), recent
# screenings (one).
HOME_QUERIES_FOR_A_LEAD = 25
