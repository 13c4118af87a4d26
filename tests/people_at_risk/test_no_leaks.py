"""No existence leaks: outside the grant holders a person at risk is only in aggregates of 5+."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse

from tests.people_at_risk.factories import grant, make_person_at_risk
from tests.personas import Cast, verified_client
from tests.test_authorization_table import route_names
from wpsdesk.people_at_risk.selectors import Aggregate, aggregate

CODE = "ZAFFRE-HERON"
NAME = "Ottilie Quarrington"


def _pages_without_arguments() -> list[str]:
    urls = []
    for name in sorted(route_names(get_resolver().url_patterns)):
        if name.startswith("admin:") or name in {"accounts:logout", "core:unit_switch"}:
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls


@pytest.fixture
def heron(cast: Cast) -> None:
    person = make_person_at_risk(cast.bogota, CODE, real_name=NAME, notes=NAME)
    grant(person, cast.lead, by=cast.officer, approver=cast.reader)


@pytest.mark.parametrize("persona", ["officer", "reader", "coordinator", "auditor", "admin"])
def test_no_page_names_a_person_at_risk_to_someone_without_a_grant(
    cast: Cast, heron: None, persona: str
) -> None:
    client = verified_client(getattr(cast, persona))
    pages = _pages_without_arguments()
    assert reverse("people_at_risk:list") in pages and reverse("core:home") in pages
    for url in pages:
        body = client.get(url).content.decode(errors="replace")
        assert CODE not in body, url
        assert NAME not in body, url


def test_the_grant_holder_is_shown_it(cast: Cast, heron: None) -> None:
    lead = verified_client(cast.lead)
    assert CODE in lead.get(reverse("people_at_risk:list")).content.decode()
    found = lead.post(reverse("people_at_risk:name_search"), {"name": NAME}).content.decode()
    assert CODE in found
    # The grants page names the record by type and number only, never by its code name.
    assert CODE not in lead.get(reverse("organisation:unit_grants")).content.decode()


def test_there_is_no_api_for_people_at_risk(cast: Cast, as_officer: Client) -> None:
    schema = verified_client(cast.lead).get(reverse("api:schema")).content.decode()
    assert "/api/engagements/" in schema  # the schema is the real one
    assert "people-at-risk" not in schema and "people_at_risk" not in schema
    assert "person at risk" not in schema.lower()


def test_aggregates_never_show_a_cell_below_five(cast: Cast) -> None:
    for i in range(4):
        make_person_at_risk(cast.bogota, f"CO-{i}", country="CO")
    assert aggregate() == Aggregate(total=None)
    make_person_at_risk(cast.bogota, "CO-4", country="CO")
    assert aggregate() == Aggregate(total=5, by_country=[("CO", 5)])
    make_person_at_risk(cast.bogota, "VE-0", country="VE")
    make_person_at_risk(cast.bogota, "VE-1", country="VE")
    assert aggregate() == Aggregate(total=5, by_country=[("CO", 5)], more_elsewhere=True)
    for i in range(3):
        make_person_at_risk(cast.amman, f"JO-{i}", country="JO")
    # Venezuela (2) and Jordan (3) together make a cell of 5: counted, never shown apart.
    assert aggregate() == Aggregate(total=10, by_country=[("CO", 5)])
    assert aggregate(unit_ids=[cast.amman.pk]) == Aggregate(total=None)


def test_the_list_page_shows_counts_only_from_five(cast: Cast, as_officer: Client) -> None:
    for i in range(4):
        make_person_at_risk(cast.bogota, f"CO-{i}", country="CO")
    page = as_officer.get(reverse("people_at_risk:list")).content.decode()
    assert "Figures below 5 are not shown" in page
    assert "people at risk are followed" not in page
    make_person_at_risk(cast.bogota, "CO-4", country="CO")
    page = as_officer.get(reverse("people_at_risk:list")).content.decode()
    assert "5 people at risk are followed" in page
    assert "CO-4" not in page
