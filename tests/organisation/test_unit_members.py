"""The unit's members page: members see it, the unit lead manages it, every change is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests.personas import Cast, reauthenticated_client, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation import services
from wpsdesk.organisation.models import Membership, Role


def test_members_see_their_units_members(cast: Cast, as_reader) -> None:
    response = as_reader.get(reverse("organisation:unit_members"))
    assert response.status_code == 200
    assert "Officer" in response.content.decode()
    assert "Outsider" not in response.content.decode()
    assert "Add a member" not in response.content.decode()


def test_unit_lead_adds_a_member_and_it_is_logged(cast: Cast) -> None:
    client = reauthenticated_client(cast.lead)
    response = client.post(
        reverse("organisation:member_add"),
        {"username": "coordinator", "role": Role.READER, "reason": "joins the WPS team"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=cast.coordinator, unit=cast.bogota)
    assert membership.role == Role.READER
    event = SecurityEvent.objects.filter(kind="membership.created").latest("sequence")
    assert event.actor_id == cast.lead.pk
    assert event.target_id == str(membership.pk)
    assert event.ip_address == "127.0.0.1"
    assert event.details["reason"] == "joins the WPS team"


def test_adding_a_member_with_a_role_asks_for_a_current_code(cast: Cast) -> None:
    client = verified_client(cast.lead)
    response = client.post(
        reverse("organisation:member_add"),
        {"username": "coordinator", "role": Role.LEAD, "restricted_clearance": "on"},
        HTTP_REFERER="http://testserver" + reverse("organisation:unit_members"),
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not Membership.objects.filter(user=cast.coordinator, unit=cast.bogota).exists()


def test_an_unknown_person_gets_a_plain_error_and_nothing_changes(cast: Cast) -> None:
    client = reauthenticated_client(cast.lead)
    before = Membership.objects.count()
    response = client.post(
        reverse("organisation:member_add"), {"username": "nobody", "role": "reader"}
    )
    assert response.status_code == 400
    assert "There is no active person with that user name" in response.content.decode()
    assert Membership.objects.count() == before


def test_an_editor_may_not_add_or_end_members(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("organisation:member_add"), {"username": "coordinator", "role": "lead"}
    )
    assert response.status_code == 403
    reader = Membership.objects.get(user=cast.reader)
    response = as_officer.post(reverse("organisation:member_end", args=[reader.pk]))
    assert response.status_code == 403
    assert Membership.objects.get(pk=reader.pk).valid_to is None


def test_ending_a_membership_keeps_it_on_record_and_removes_access(cast: Cast) -> None:
    client = verified_client(cast.lead)
    reader = Membership.objects.get(user=cast.reader)
    response = client.post(reverse("organisation:member_end", args=[reader.pk]))
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.valid_to == timezone.localdate() - dt.timedelta(days=1)
    assert not Membership.objects.current().filter(pk=reader.pk).exists()
    assert (
        SecurityEvent.objects.filter(kind="membership.changed", target_id=str(reader.pk)).count()
        == 1
    )


def test_another_units_membership_is_404_for_a_lead(cast: Cast) -> None:
    client = verified_client(cast.lead)
    outsider = Membership.objects.get(user=cast.outsider)
    response = client.post(reverse("organisation:member_end", args=[outsider.pk]))
    assert response.status_code == 404
    assert Membership.objects.get(pk=outsider.pk).valid_to is None


QUERIES_MEMBERS = 6


def test_members_page_query_count_does_not_grow_with_members(
    cast: Cast, django_assert_num_queries
) -> None:
    client = verified_client(cast.lead)
    client.get(reverse("organisation:unit_members"))
    with django_assert_num_queries(QUERIES_MEMBERS):
        client.get(reverse("organisation:unit_members"))
    for i in range(10):
        person = type(cast.officer).objects.create_user(username=f"extra{i}", password="x")
        Membership.objects.create(user=person, unit=cast.bogota, role=Role.READER)
    with django_assert_num_queries(QUERIES_MEMBERS):
        response = client.get(reverse("organisation:unit_members"))
    assert response.content.decode().count("<tr>") >= 14


def test_the_membership_services_refuse_on_their_own(cast: Cast) -> None:
    """The command line and imports call these directly: each checks the actor itself."""
    for actor in (cast.officer, cast.reader, cast.outsider, cast.admin, cast.coordinator):
        with pytest.raises(PermissionDenied):
            services.membership_add(
                actor=actor,
                unit=cast.bogota,
                person=cast.auditor,
                role=Role.LEAD,
                restricted_clearance=True,
            )
        with pytest.raises(PermissionDenied):
            services.membership_end(
                actor=actor, membership=Membership.objects.get(user=cast.reader)
            )
    assert not Membership.objects.filter(user=cast.auditor).exists()
    assert Membership.objects.get(user=cast.reader).valid_to is None
