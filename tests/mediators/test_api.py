"""The read-only API: profiles without contact data, requests as the pages show them."""

from __future__ import annotations

import pytest

from tests.mediators.factories import CANARY_EMAIL, make_keeper, make_mediator, make_request
from tests.personas import Cast, verified_client

MEDIATORS = "/api/mediators/"
REQUESTS = "/api/mediators/requests/"


def test_the_api_lists_profiles_and_never_contact_data(cast: Cast) -> None:
    make_mediator(cast, "Ada", expertise=("inclusion", "process_design"))
    response = verified_client(make_keeper(cast)).get(MEDIATORS)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["name"], row["expertise"]) == ("Ada", ["inclusion", "process_design"])
    assert CANARY_EMAIL not in response.content.decode()
    assert "email" not in row


def test_the_api_shows_the_requests_to_their_unit_and_section_only(cast: Cast) -> None:
    request = make_request(cast, make_mediator(cast))
    assert verified_client(cast.officer).get(REQUESTS).json()["count"] == 1
    assert verified_client(make_keeper(cast)).get(REQUESTS).json()["count"] == 1
    assert verified_client(cast.outsider).get(REQUESTS).json()["count"] == 0
    assert verified_client(cast.outsider).get(f"{REQUESTS}{request.pk}/").status_code == 404


@pytest.mark.parametrize("size", [1, 5])
def test_the_api_lists_cost_the_same_queries_at_any_size(
    cast: Cast, as_coordinator, django_assert_num_queries, size: int
) -> None:
    mediator = make_mediator(cast)
    for n in range(size):
        make_mediator(cast, f"M {n}")
        make_request(cast, mediator)
    as_coordinator.get(MEDIATORS)
    # session, user, device, memberships, count, page
    with django_assert_num_queries(6):
        as_coordinator.get(MEDIATORS)
    with django_assert_num_queries(6):
        as_coordinator.get(REQUESTS)
