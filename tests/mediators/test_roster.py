"""The roster: profiles for every unit member, contact data for the Section and herself."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.mediators.factories import CANARY_EMAIL, make_keeper, make_mediator
from tests.personas import Cast, verified_client
from wpsdesk.mediators.models import Mediator

ROSTER = reverse("mediators:roster")


def test_a_cleared_keeper_of_the_section_sees_contact_data_on_the_roster(cast: Cast) -> None:
    make_mediator(cast, "Ada Mediator")
    response = verified_client(make_keeper(cast)).get(ROSTER)
    assert response.status_code == 200
    assert "Ada Mediator" in response.content.decode()
    assert CANARY_EMAIL in response.content.decode()


def test_a_mission_officer_sees_the_profile_but_no_contact_data(cast: Cast, as_officer) -> None:
    make_mediator(cast, "Ada Mediator")
    body = as_officer.get(ROSTER).content.decode()
    assert "Ada Mediator" in body
    assert CANARY_EMAIL not in body
    assert "+47 400" not in body


def test_a_section_editor_without_clearance_sees_no_contact_data(
    cast: Cast, as_coordinator
) -> None:
    mediator = make_mediator(cast, "Ada Mediator")
    assert CANARY_EMAIL not in as_coordinator.get(ROSTER).content.decode()
    detail = as_coordinator.get(reverse("mediators:detail", args=[mediator.pk]))
    assert detail.status_code == 200
    assert CANARY_EMAIL not in detail.content.decode()


def test_the_mediator_herself_sees_her_own_contact_data_and_nobody_elses(
    cast: Cast, as_officer
) -> None:
    make_mediator(cast, "Her", user=cast.officer, email="her-own@example.org")
    make_mediator(cast, "Another", email="another@example.org")
    body = as_officer.get(ROSTER).content.decode()
    assert "her-own@example.org" in body
    assert "another@example.org" not in body


def test_a_mediator_without_membership_sees_only_her_own_record(cast: Cast) -> None:
    mine = make_mediator(cast, "Mine", user=cast.auditor, email="mine@example.org")
    other = make_mediator(cast, "Another")
    client = verified_client(cast.auditor)
    body = client.get(ROSTER).content.decode()
    assert "Mine" in body and "mine@example.org" in body
    assert "Another" not in body
    assert client.get(reverse("mediators:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("mediators:detail", args=[other.pk])).status_code == 404


def test_the_detail_page_shows_contact_consent_and_review_to_the_keeper(cast: Cast) -> None:
    mediator = make_mediator(cast, "Ada", consent_scope="Roster and profile")
    body = (
        verified_client(make_keeper(cast))
        .get(reverse("mediators:detail", args=[mediator.pk]))
        .content.decode()
    )
    assert CANARY_EMAIL in body
    assert "Roster and profile" in body


def test_the_detail_page_hides_contact_and_consent_from_a_mission(cast: Cast, as_officer) -> None:
    mediator = make_mediator(cast, "Ada", consent_scope="Roster and profile")
    response = as_officer.get(reverse("mediators:detail", args=[mediator.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ada" in body
    assert CANARY_EMAIL not in body
    assert "Roster and profile" not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("expertise=transitional_justice", {"Justice"}),
        ("languages=es", {"Spanish speaker"}),
        ("regions=asia", {"Justice"}),
        ("availability=unavailable", {"Spanish speaker"}),
        ("q=spanish", {"Spanish speaker"}),
        ("expertise=process", {"Justice", "Spanish speaker"}),  # not a choice: no filter
    ],
)
def test_the_roster_filters(cast: Cast, as_officer, query: str, expected: set[str]) -> None:
    make_mediator(cast, "Justice", expertise=("transitional_justice",), regions=("asia",))
    make_mediator(cast, "Spanish speaker", languages=("es", "en"), availability="unavailable")
    response = as_officer.get(f"{ROSTER}?{query}")
    shown = {m.name for m in response.context["page"].object_list}
    assert shown == expected


def test_the_roster_pages_by_25(cast: Cast, as_officer) -> None:
    for n in range(27):
        make_mediator(cast, f"Mediator {n:02d}")
    first = as_officer.get(ROSTER)
    assert len(first.context["rows"]) == 25
    second = as_officer.get(f"{ROSTER}?page=2")
    assert [r["mediator"].name for r in second.context["rows"]] == ["Mediator 25", "Mediator 26"]


@pytest.mark.parametrize("size", [2, 12])
def test_the_roster_costs_the_same_queries_at_any_size(
    cast: Cast, django_assert_num_queries, size: int
) -> None:
    keeper = make_keeper(cast)
    for n in range(size):
        make_mediator(cast, f"Mediator {n:02d}")
    client = verified_client(keeper)
    client.get(ROSTER)  # warm the session and content types
    # session, user, device, memberships+grants, count, page, contact data, the person's
    # units, the sections they keep, and the one restricted-read event (chain head, insert…)
    with django_assert_num_queries(14):
        response = client.get(ROSTER)
    assert len(response.context["rows"]) == size


def test_a_mission_reading_the_roster_costs_fewer_queries(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    for n in range(3):
        make_mediator(cast, f"Mediator {n:02d}")
    as_officer.get(ROSTER)
    # no restricted read to log: the contact query finds nothing
    with django_assert_num_queries(9):
        as_officer.get(ROSTER)


def test_the_detail_page_query_count(cast: Cast, as_officer, django_assert_num_queries) -> None:
    mediator = make_mediator(cast, "Ada")
    url = reverse("mediators:detail", args=[mediator.pk])
    as_officer.get(url)
    # session, user, device, memberships, mediator, contact data, her requests, shell units
    with django_assert_num_queries(8):
        as_officer.get(url)


def test_contact_data_is_encrypted_at_rest(cast: Cast) -> None:
    from django.db import connection

    mediator = make_mediator(cast, "Ada")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, phone FROM mediators_mediatorcontact WHERE mediator_id = %s",
            [mediator.pk],
        )
        email, phone = cursor.fetchone()
        cursor.execute("SELECT email FROM mediators_historicalmediatorcontact")
        history = [row[0] for row in cursor.fetchall()]
    assert CANARY_EMAIL not in email and "+47" not in phone
    assert all(CANARY_EMAIL not in (value or "") for value in history)
    assert Mediator.objects.get(pk=mediator.pk).contact.email == CANARY_EMAIL
