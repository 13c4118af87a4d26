"""GET /api/memberships/: who belongs to the units one belongs to, and nothing further."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import MakeToken, bearer_client
from tests.personas import Cast, make_person, verified_client
from wpsdesk.organisation.models import Membership, Role


def listed(client, **query) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("api:membership-list"), query)
    assert response.status_code == 200, response.content
    return [
        (m["unit"]["code"], m["person"]["username"], m["role"]) for m in response.json()["results"]
    ]


def test_a_member_sees_the_memberships_of_their_unit_including_ended_ones(cast: Cast, as_reader):
    assert listed(as_reader) == [
        ("test-bogota", "former", "editor"),
        ("test-bogota", "lead", "lead"),
        ("test-bogota", "officer", "editor"),
        ("test-bogota", "reader", "reader"),
    ]


def test_a_member_of_another_unit_sees_none_of_ours(cast: Cast, as_outsider):
    assert listed(as_outsider) == [("test-amman", "outsider", "editor")]


def test_hq_coordinators_see_only_their_own_units_memberships(cast: Cast, as_coordinator):
    assert listed(as_coordinator) == [("test-peace", "coordinator", "editor")]


def test_administrators_see_every_membership(cast: Cast):
    assert len(listed(verified_client(cast.admin))) == Membership.objects.count() == 6


@pytest.mark.parametrize("who", ["auditor", "former"])
def test_auditors_and_former_members_see_no_membership(cast: Cast, who):
    assert listed(verified_client(getattr(cast, who))) == []


def test_memberships_can_be_filtered_by_unit(cast: Cast):
    admin = verified_client(cast.admin)
    assert listed(admin, unit=cast.amman.pk) == [("test-amman", "outsider", "editor")]


def test_filtering_by_a_unit_one_may_not_see_gives_an_empty_list(cast: Cast, as_officer):
    assert listed(as_officer, unit=cast.amman.pk) == []


def test_memberships_can_be_filtered_to_current_or_past_ones(cast: Cast, as_officer):
    assert [who for _unit, who, _role in listed(as_officer, current="true")] == [
        "lead",
        "officer",
        "reader",
    ]
    assert [who for _unit, who, _role in listed(as_officer, current="false")] == ["former"]


@pytest.mark.parametrize("query", [{"unit": "bogota"}, {"unit": "0"}, {"current": "maybe"}])
def test_a_malformed_filter_is_a_400_that_says_which(cast: Cast, as_officer, query):
    response = as_officer.get(reverse("api:membership-list"), query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_a_membership_shows_unit_person_role_and_period(cast: Cast, as_reader):
    membership = cast.officer.memberships.get()
    response = as_reader.get(reverse("api:membership-detail", kwargs={"pk": membership.pk}))
    assert response.status_code == 200
    assert response.json() == {
        "id": membership.pk,
        "unit": {"id": cast.bogota.pk, "code": "test-bogota", "name": "Embassy in Bogotá"},
        "person": {"id": cast.officer.pk, "username": "officer", "name": "Officer"},
        "role": "editor",
        "restricted_clearance": True,
        "valid_from": membership.valid_from.isoformat(),
        "valid_to": None,
        "is_current": True,
    }


def test_an_ended_membership_is_not_current(cast: Cast, as_reader):
    membership = cast.former.memberships.get()
    response = as_reader.get(reverse("api:membership-detail", kwargs={"pk": membership.pk}))
    assert response.json()["is_current"] is False


def test_a_membership_shows_no_email_address(cast: Cast, as_reader):
    cast.officer.email = "officer@example.org"
    cast.officer.save()
    response = as_reader.get(reverse("api:membership-list"))
    assert "officer@example.org" not in response.content.decode()


def test_another_units_membership_is_404_like_one_that_does_not_exist(cast: Cast, as_officer):
    theirs = cast.outsider.memberships.get()
    other = as_officer.get(reverse("api:membership-detail", kwargs={"pk": theirs.pk}))
    missing = as_officer.get(reverse("api:membership-detail", kwargs={"pk": 999_999}))
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()


def test_a_token_sees_the_memberships_its_owner_sees(cast: Cast, make_token: MakeToken):
    _token, text = make_token(cast.outsider)
    assert listed(bearer_client(text)) == [("test-amman", "outsider", "editor")]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_memberships_cannot_be_changed_through_the_api(cast: Cast, method):
    lead = verified_client(cast.lead)
    membership = cast.reader.memberships.get()
    url = (
        reverse("api:membership-list")
        if method == "post"
        else reverse("api:membership-detail", kwargs={"pk": membership.pk})
    )
    body = {"unit": cast.bogota.pk, "user": cast.outsider.pk, "role": "lead"}
    response = getattr(lead, method)(url, body, content_type="application/json")
    assert response.status_code == 405
    membership.refresh_from_db()
    assert membership.role == Role.READER
    assert Membership.objects.count() == 6


def test_listing_memberships_takes_the_same_queries_for_four_or_forty(
    cast: Cast, django_assert_num_queries
):
    client = verified_client(cast.reader)
    client.get(reverse("api:membership-list"))  # warm up the session
    # session, person, second-factor device, the person's memberships, count, page
    with django_assert_num_queries(6):
        assert len(listed(client)) == 4
    start = timezone.localdate() - dt.timedelta(days=10)
    for n in range(36):
        Membership.objects.create(
            user=make_person(f"colleague{n:02}"),
            unit=cast.bogota,
            role=Role.READER,
            valid_from=start,
        )
    with django_assert_num_queries(6):
        assert len(listed(client)) == 40


def test_a_unit_id_too_large_for_the_database_is_a_400_not_a_500(cast: Cast, as_officer):
    response = as_officer.get(reverse("api:membership-list"), {"unit": 2**80})
    assert response.status_code == 400
    assert "unit" in response.json()
