"""GET /api/units/ and /api/units/{id}/: the units a person may look at, and no others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import MakeToken, bearer_client
from tests.personas import Cast, verified_client
from wpsdesk.organisation.models import Unit, UnitKind


def unit_codes(client) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("api:unit-list"))
    assert response.status_code == 200
    return [unit["code"] for unit in response.json()["results"]]


def test_a_member_sees_only_their_own_unit(cast: Cast, as_officer):
    assert unit_codes(as_officer) == ["test-bogota"]


def test_a_member_of_another_unit_sees_only_theirs(cast: Cast, as_outsider):
    assert unit_codes(as_outsider) == ["test-amman"]


@pytest.mark.parametrize("who", ["coordinator", "auditor", "admin"])
def test_hq_auditors_and_administrators_see_every_unit(cast: Cast, who):
    assert unit_codes(verified_client(getattr(cast, who))) == [
        "test-amman",
        "test-bogota",
        "test-peace",
    ]


def test_a_former_member_sees_no_unit(cast: Cast):
    assert unit_codes(verified_client(cast.former)) == []


def test_a_unit_is_shown_with_its_public_fields(cast: Cast, as_officer):
    response = as_officer.get(reverse("api:unit-detail", kwargs={"pk": cast.bogota.pk}))
    assert response.status_code == 200
    assert response.json() == {
        "id": cast.bogota.pk,
        "code": "test-bogota",
        "name": "Embassy in Bogotá",
        "kind": "mission",
        "countries": ["CO"],
        "forums": [],
        "is_active": True,
    }


def test_another_units_unit_is_404_like_one_that_does_not_exist(cast: Cast, as_officer):
    other = as_officer.get(reverse("api:unit-detail", kwargs={"pk": cast.amman.pk}))
    missing = as_officer.get(reverse("api:unit-detail", kwargs={"pk": 999_999}))
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()


def test_a_token_sees_what_its_owner_sees(cast: Cast, make_token: MakeToken):
    _token, text = make_token(cast.outsider)
    client = bearer_client(text)
    assert unit_codes(client) == ["test-amman"]
    assert client.get(reverse("api:unit-detail", kwargs={"pk": cast.bogota.pk})).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_units_cannot_be_changed_through_the_api(cast: Cast, as_officer, method):
    url = (
        reverse("api:unit-list")
        if method == "post"
        else reverse("api:unit-detail", kwargs={"pk": cast.bogota.pk})
    )
    response = getattr(as_officer, method)(url, {}, content_type="application/json")
    assert response.status_code == 405
    cast.bogota.refresh_from_db()
    assert cast.bogota.name == "Embassy in Bogotá"


def test_listing_units_takes_the_same_queries_for_three_units_or_forty(
    cast: Cast, django_assert_num_queries
):
    client = verified_client(cast.coordinator)
    client.get(reverse("api:unit-list"))  # warm up the session
    # session, person, second-factor device, count, page of units
    with django_assert_num_queries(5):
        assert len(unit_codes(client)) == 3
    Unit.objects.bulk_create(
        Unit(code=f"extra-{n}", name=f"Extra unit {n}", kind=UnitKind.SECTION) for n in range(37)
    )
    with django_assert_num_queries(5):
        assert len(unit_codes(client)) == 40


def test_listing_units_with_a_token_takes_a_fixed_number_of_queries(
    cast: Cast, make_token: MakeToken, django_assert_num_queries
):
    _token, text = make_token(cast.officer)
    client = bearer_client(text)
    client.get(reverse("api:unit-list"))  # the first use writes "last used"
    # token with its owner, the person's memberships, count, page of units
    with django_assert_num_queries(4):
        assert unit_codes(client) == ["test-bogota"]
