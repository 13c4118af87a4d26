"""The unit's access pages are reachable from the interface for those who may use them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import Cast, make_person, verified_client
from wpsdesk.organisation.models import Membership, Role, User

GRANTS = reverse("organisation:unit_grants")
BREAK_GLASS = reverse("organisation:break_glass")


def links(person: User, page: str) -> tuple[bool, bool]:
    """Whether the page links to the grants page and to the break-glass page."""
    response = verified_client(person).get(page)
    assert response.status_code == 200
    body = response.content.decode()
    return f'href="{GRANTS}"' in body, f'href="{BREAK_GLASS}"' in body


@pytest.fixture
def uncleared_lead(cast: Cast) -> User:
    """A lead without restricted clearance: may grant, and may break the glass."""
    person = make_person("uncleared-lead")
    Membership.objects.create(user=person, unit=cast.bogota, role=Role.LEAD)
    return person


@pytest.mark.parametrize("page", [reverse("core:home"), reverse("organisation:unit_members")])
def test_a_lead_finds_both_pages_and_a_reader_neither(
    cast: Cast, uncleared_lead: User, page: str
) -> None:
    assert links(uncleared_lead, page) == (True, True)
    assert links(cast.reader, page) == (False, False)
    client = verified_client(uncleared_lead)
    assert client.get(GRANTS).status_code == 200
    assert client.get(BREAK_GLASS).status_code == 200
    reader = verified_client(cast.reader)
    assert reader.get(GRANTS).status_code == 403
    assert reader.get(BREAK_GLASS).status_code == 403


@pytest.mark.parametrize("page", [reverse("core:home"), reverse("organisation:unit_members")])
@pytest.mark.parametrize(
    ("persona", "grants", "break_glass"),
    [
        # Cleared in the unit: nothing to break open there, so only the grants.
        ("lead", True, False),
        # An editor without clearance may break the glass but grants nothing.
        ("uncleared_editor", False, True),
        # Cleared editor: neither.
        ("officer", False, False),
        # HQ coordinator in a section: grants on the section's records; break-glass anywhere.
        ("coordinator", True, True),
    ],
)
def test_each_link_is_shown_exactly_to_who_may_use_it(
    cast: Cast, page: str, persona: str, grants: bool, break_glass: bool
) -> None:
    if persona == "uncleared_editor":
        person = make_person("uncleared-editor")
        Membership.objects.create(user=person, unit=cast.bogota, role=Role.EDITOR)
    else:
        person = getattr(cast, persona)
    assert links(person, page) == (grants, break_glass)
    client = verified_client(person)
    assert (client.get(GRANTS).status_code == 200) is grants
    assert (client.get(BREAK_GLASS).status_code == 200) is break_glass


@pytest.mark.parametrize("persona", ["auditor", "admin"])
def test_people_without_a_unit_are_offered_neither(cast: Cast, persona: str) -> None:
    assert links(getattr(cast, persona), reverse("core:home")) == (False, False)
