"""Keeping the roster: profiles by the Section, contact data by cleared keepers and herself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests.mediators.factories import make_keeper, make_mediator
from tests.personas import Cast, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.home import tasks_for
from wpsdesk.mediators import services
from wpsdesk.mediators.models import Mediator, MediatorContact


def test_the_section_adds_a_mediator_with_an_empty_restricted_contact_record(
    cast: Cast, as_coordinator
) -> None:
    response = as_coordinator.post(
        reverse("mediators:create"),
        {
            "name": "New Mediator",
            "availability": "limited",
            "review_due": "2027-01-01",
            "expertise_codes": ["inclusion", "process_design"],
            "language_codes": ["fr"],
            "region_codes": ["africa"],
            "username": "officer",
        },
    )
    assert response.status_code == 302
    mediator = Mediator.objects.get()
    assert mediator.expertise == ",inclusion,process_design,"
    assert (mediator.unit, mediator.user) == (cast.section, cast.officer)
    assert mediator.contact.classification == "restricted"
    assert mediator.contact.unit == cast.section


def test_an_unknown_user_name_is_refused_in_plain_words(cast: Cast, as_coordinator) -> None:
    response = as_coordinator.post(
        reverse("mediators:create"),
        {
            "name": "X",
            "availability": "available",
            "review_due": "2027-01-01",
            "username": "nobody",
        },
    )
    assert response.status_code == 400
    assert "There is no active account with that user name." in response.content.decode()
    assert not Mediator.objects.exists()


def test_a_stale_profile_edit_is_refused_with_the_others_change(cast: Cast, as_coordinator) -> None:
    mediator = make_mediator(cast, "Ada")
    seen = mediator.version
    services.mediator_save(
        actor=cast.coordinator, mediator=mediator, values={"name": "Ada B."}, version=seen
    )
    response = as_coordinator.post(
        reverse("mediators:edit", args=[mediator.pk]),
        {
            "name": "Ada C.",
            "availability": "available",
            "review_due": "2027-01-01",
            "version": seen,
        },
    )
    assert response.status_code == 409
    mediator.refresh_from_db()
    assert mediator.name == "Ada B."


def test_mediator_save_refuses_missions_and_other_sections(cast: Cast) -> None:
    mediator = make_mediator(cast)
    for actor in (cast.officer, cast.lead, cast.auditor):
        with pytest.raises(PermissionDenied):
            services.mediator_save(actor=actor, mediator=mediator, values={"name": "x"})
        with pytest.raises(PermissionDenied):
            services.mediator_save(actor=actor, unit=cast.section, values={"name": "x"})
    with pytest.raises(PermissionDenied):  # a mission is not a section: it keeps no roster
        services.mediator_save(actor=cast.officer, unit=cast.bogota, values={"name": "x"})
    assert Mediator.objects.get().name == "Test Mediator"


def test_a_mission_may_not_open_the_profile_form(cast: Cast, as_officer) -> None:
    mediator = make_mediator(cast)
    assert as_officer.get(reverse("mediators:edit", args=[mediator.pk])).status_code == 403
    assert as_officer.get(reverse("mediators:create")).status_code == 403


def test_she_corrects_her_own_contact_data_and_the_log_names_only_fields(
    cast: Cast, as_officer
) -> None:
    mediator = make_mediator(cast, user=cast.officer)
    response = as_officer.post(
        reverse("mediators:contact", args=[mediator.pk]),
        {"email": "new-address@example.org", "phone": "", "version": mediator.contact.version},
    )
    assert response.status_code == 302
    contact = MediatorContact.objects.get()
    assert contact.email == "new-address@example.org"
    event = SecurityEvent.objects.filter(kind="mediator.contact_changed").get()
    assert event.details["fields"] == ["email", "phone"]
    assert "new-address" not in str(event.details)


def test_a_bad_email_changes_nothing(cast: Cast, as_officer) -> None:
    mediator = make_mediator(cast, user=cast.officer)
    response = as_officer.post(
        reverse("mediators:contact", args=[mediator.pk]),
        {"email": "not an address", "version": mediator.contact.version},
    )
    assert response.status_code == 400
    assert MediatorContact.objects.get().email != "not an address"


def test_the_cleared_keeper_edits_contact_data_and_others_are_refused(cast: Cast) -> None:
    mediator = make_mediator(cast)
    url = reverse("mediators:contact", args=[mediator.pk])
    assert verified_client(make_keeper(cast)).get(url).status_code == 200
    assert verified_client(cast.coordinator).get(url).status_code == 404  # no clearance
    assert verified_client(cast.officer).get(url).status_code == 404


def test_contact_save_refuses_without_clearance_and_a_stale_version(cast: Cast) -> None:
    mediator = make_mediator(cast)
    contact = mediator.contact
    for actor in (cast.coordinator, cast.officer, cast.admin):
        with pytest.raises(PermissionDenied):
            services.contact_save(
                actor=actor, contact=contact, values={"email": "x@y.org"}, version=contact.version
            )
    keeper = make_keeper(cast)
    with pytest.raises(StaleEdit):
        services.contact_save(
            actor=keeper, contact=contact, values={"email": "x@y.org"}, version=contact.version + 1
        )
    assert MediatorContact.objects.get().email != "x@y.org"


def _home_tasks(user) -> list[str]:
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return [t.title for t in tasks_for(request) if "roster record" in t.title]


def test_a_past_due_review_is_a_task_for_the_sections_lead_only(cast: Cast) -> None:
    today = timezone.localdate()
    make_mediator(cast, "Overdue", review_due=today - dt.timedelta(days=1))
    make_mediator(cast, "Due today", review_due=today)
    keeper = make_keeper(cast)
    assert _home_tasks(keeper) == ["Review the roster record of Overdue"]
    assert _home_tasks(cast.coordinator) == []  # an editor, not the lead
    assert _home_tasks(cast.lead) == []  # a lead of another unit


def test_the_home_page_shows_the_review_task(cast: Cast) -> None:
    make_mediator(cast, "Overdue", review_due=timezone.localdate() - dt.timedelta(days=3))
    body = verified_client(make_keeper(cast)).get("/").content.decode()
    assert "Review the roster record of Overdue" in body


def test_reading_contact_data_is_logged_and_reading_profiles_is_not(cast: Cast, as_officer) -> None:
    mediator = make_mediator(cast, "Ada")
    as_officer.get(reverse("mediators:roster"))
    assert not SecurityEvent.objects.filter(kind="restricted.read").exists()
    keeper = make_keeper(cast)
    verified_client(keeper).get(reverse("mediators:detail", args=[mediator.pk]))
    event = SecurityEvent.objects.get(kind="restricted.read")
    assert event.actor_id == keeper.pk
    assert event.details["records"] == [f"mediators.mediatorcontact#{mediator.contact.pk}"]


def test_an_account_links_to_one_mediator_only(cast: Cast, as_coordinator) -> None:
    make_mediator(cast, "First", user=cast.officer)
    response = as_coordinator.post(
        reverse("mediators:create"),
        {
            "name": "Second",
            "availability": "available",
            "review_due": "2027-01-01",
            "username": "officer",
        },
    )
    assert response.status_code == 400
    assert "That account is linked to another mediator already." in response.content.decode()
    assert Mediator.objects.count() == 1


def test_a_stale_contact_form_is_refused_and_keeps_the_input(cast: Cast, as_officer) -> None:
    mediator = make_mediator(cast, user=cast.officer)
    seen = mediator.contact.version
    services.contact_save(
        actor=cast.officer, contact=mediator.contact, values={"email": "a@b.org"}, version=seen
    )
    response = as_officer.post(
        reverse("mediators:contact", args=[mediator.pk]),
        {"email": "mine@example.org", "version": seen},
    )
    assert response.status_code == 409
    assert 'value="mine@example.org"' in response.content.decode()
    assert MediatorContact.objects.get().email == "a@b.org"


def test_the_profile_form_query_count(
    cast: Cast, as_coordinator, django_assert_num_queries
) -> None:
    mediator = make_mediator(cast, user=cast.officer)
    url = reverse("mediators:edit", args=[mediator.pk])
    as_coordinator.get(url)
    # session, user, device, memberships, mediator, her account's name, shell units
    with django_assert_num_queries(7):
        as_coordinator.get(url)
