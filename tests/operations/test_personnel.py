"""The restricted personnel list: kept by the responsible mission's cleared editors and
leads, encrypted, invisible to everyone else (other units, the reader without clearance,
HQ), never in the API, the home task or the security log; review dates become home tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.operations.factories import make_operation, make_person
from tests.personas import Cast
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.operations import services
from wpsdesk.operations.models import DeployedPerson

pytestmark = pytest.mark.django_db

NAME = "Kari Canaryname"


def test_the_keepers_see_the_entry_and_no_one_else_does(
    cast: Cast, as_officer: Client, as_reader: Client, as_coordinator: Client
) -> None:
    op = make_operation(cast.bogota)
    make_person(cast.bogota, op, NAME)
    page = reverse("operations:detail", args=[op.pk])
    assert NAME in as_officer.get(page).content.decode()
    for client in (as_reader, as_coordinator):
        response = client.get(page)
        assert response.status_code == 200  # the operation itself is theirs to read
        assert NAME not in response.content.decode()
        assert response.context["personnel"] == []


def test_another_units_entry_on_the_same_operation_stays_hidden(
    cast: Cast, as_officer: Client
) -> None:
    op = make_operation(cast.bogota)
    make_person(cast.bogota, op, "Ola Bogotaentry")
    theirs = make_person(cast.amman, op, NAME)
    response = as_officer.get(reverse("operations:detail", args=[op.pk]))
    assert "Ola Bogotaentry" in response.content.decode()
    assert NAME not in response.content.decode()
    assert as_officer.get(reverse("operations:personnel_edit", args=[theirs.pk])).status_code == 404


def test_the_api_never_carries_personnel(cast: Cast, as_officer: Client) -> None:
    op = make_operation(cast.bogota, "Andes mission")
    make_person(cast.bogota, op, NAME)
    listed = as_officer.get(reverse("api:operations:operation-list"))
    one = as_officer.get(reverse("api:operations:operation-detail", args=[op.pk]))
    assert "Andes mission" in listed.content.decode()  # the sibling: the operation is there
    for response in (listed, one):
        assert response.status_code == 200
        assert NAME not in response.content.decode()
        assert "personnel" not in response.json().get("results", [response.json()])[0]


def test_names_and_contacts_are_stored_encrypted_and_never_logged(
    cast: Cast, as_officer: Client
) -> None:
    op = make_operation(cast.bogota)
    response = as_officer.post(
        reverse("operations:personnel_create", args=[op.pk]),
        {
            "unit": cast.bogota.pk,
            "name": NAME,
            "contact": "+47 999 12 345",
            "review_due": "2026-12-01",
        },
    )
    assert response.status_code == 302
    person = DeployedPerson.objects.get()
    assert person.name == NAME  # read back through the field
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact FROM operations_deployedperson")
        raw_name, raw_contact = cursor.fetchone()
    assert NAME not in raw_name and "999 12 345" not in raw_contact
    as_officer.post(reverse("operations:personnel_delete", args=[person.pk]))
    assert not DeployedPerson.objects.exists()
    events = SecurityEvent.objects.filter(kind="operations.person_deleted")
    assert events.count() == 1
    assert NAME not in str(list(SecurityEvent.objects.values_list("details", flat=True)))


def test_only_cleared_editors_and_leads_keep_the_list(cast: Cast) -> None:
    op = make_operation(cast.bogota)
    values = {"name": NAME, "review_due": dt.date(2026, 12, 1)}
    for actor in (cast.reader, cast.coordinator, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.person_save(actor=actor, unit=cast.bogota, operation=op, values=values)
    # An editor with clearance in Amman cannot add to a list for an operation they cannot see.
    with pytest.raises(PermissionDenied):
        services.person_save(actor=cast.outsider, unit=cast.amman, operation=op, values=values)
    person, _ = services.person_save(
        actor=cast.officer, unit=cast.bogota, operation=op, values=values
    )
    assert person.classification == "restricted"
    for actor in (cast.reader, cast.coordinator, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.person_save(actor=actor, person=person, values={"post": "x"})
        with pytest.raises(PermissionDenied):
            services.person_delete(actor=actor, person=person)


def test_an_entry_is_never_lowered_below_restricted_but_may_be_raised(cast: Cast) -> None:
    from wpsdesk.organisation.policy import may_reclassify
    from wpsdesk.organisation.reclassification import reclassify

    person = make_person(cast.bogota, make_operation(cast.bogota))
    assert not may_reclassify(cast.lead, person, "internal")
    with pytest.raises(PermissionDenied):
        reclassify(actor=cast.lead, record=person, to="internal", reason="Back home")
    assert reclassify(actor=cast.officer, record=person, to="strict")


def test_a_review_date_coming_up_is_a_home_task_without_the_name(
    cast: Cast, as_officer: Client, as_reader: Client
) -> None:
    op = make_operation(cast.bogota, acronym="UNAM")
    due = make_person(cast.bogota, op, NAME, review_due=dt.date.today() + dt.timedelta(days=3))
    make_person(cast.bogota, op, "Later", review_due=dt.date.today() + dt.timedelta(days=90))
    home = as_officer.get("/").content.decode()
    assert f"Review personnel entry #{due.pk} for UNAM" in home
    assert NAME not in home
    assert home.count("Review personnel entry") == 1
    assert "Review personnel entry" not in as_reader.get("/").content.decode()
