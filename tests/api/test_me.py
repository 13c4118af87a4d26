"""GET /api/me/: who am I, in which units, in which roles, and how I signed in."""

from __future__ import annotations

from django.urls import reverse

from tests.api.conftest import MakeToken, bearer_client
from tests.personas import Cast, verified_client
from wpsdesk.organisation.models import Membership, Role


def test_me_names_the_person_their_units_and_roles(cast: Cast, as_officer):
    response = as_officer.get(reverse("api:me"))
    assert response.status_code == 200
    assert response.json() == {
        "id": cast.officer.pk,
        "username": "officer",
        "name": "Officer",
        "capabilities": {"hq_coordinator": False, "auditor": False, "administrator": False},
        "units": [
            {
                "unit": {"id": cast.bogota.pk, "code": "test-bogota", "name": "Embassy in Bogotá"},
                "role": "editor",
                "restricted_clearance": True,
            }
        ],
        "authenticated_with": "session",
        "token": None,
    }


def test_me_lists_every_current_unit_with_the_highest_role_in_each(cast: Cast):
    Membership.objects.create(user=cast.reader, unit=cast.section, role=Role.LEAD)
    Membership.objects.create(user=cast.reader, unit=cast.bogota, role=Role.EDITOR)
    units = verified_client(cast.reader).get(reverse("api:me")).json()["units"]
    assert [(u["unit"]["code"], u["role"]) for u in units] == [
        ("test-bogota", "editor"),
        ("test-peace", "lead"),
    ]


def test_a_former_member_has_no_units(cast: Cast):
    assert verified_client(cast.former).get(reverse("api:me")).json()["units"] == []


def test_me_shows_the_capabilities_of_hq_and_administrators(cast: Cast):
    coordinator = verified_client(cast.coordinator).get(reverse("api:me")).json()
    admin = verified_client(cast.admin).get(reverse("api:me")).json()
    assert coordinator["capabilities"]["hq_coordinator"] is True
    assert admin["capabilities"]["administrator"] is True
    assert admin["units"] == []


def test_me_with_a_token_names_the_token_but_not_its_secret(cast: Cast, make_token: MakeToken):
    token, text = make_token(cast.outsider, scopes=("read", "write"), name="nightly export")
    response = bearer_client(text).get(reverse("api:me"))
    body = response.json()
    assert body["username"] == "outsider"
    assert body["authenticated_with"] == "token"
    assert body["token"] == {
        "prefix": token.prefix,
        "name": "nightly export",
        "scopes": ["read", "write"],
        "expires_at": body["token"]["expires_at"],
    }
    assert text.rsplit("_", 1)[1] not in response.content.decode()


def test_me_takes_a_fixed_number_of_queries(cast: Cast, django_assert_num_queries):
    client = verified_client(cast.officer)
    client.get(reverse("api:me"))  # warm up the session
    # session, person, second-factor device, the person's memberships, their units
    with django_assert_num_queries(5):
        client.get(reverse("api:me"))
