"""An empty list says why it is empty and what to do: "nothing yet" with the next step for
someone who may take it, or "nothing matches your filters" with a way to clear them."""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from tests.civil_society.factories import make_organisation
from tests.grants.factories import make_grant
from tests.grants.test_pages import QUERIES_LIST
from tests.personas import Cast
from wpsdesk.core.templatetags.empty_state import filters_applied

pytestmark = pytest.mark.django_db

GRANTS = reverse("grants:list")
ORGANISATIONS = reverse("civil_society:list")
PLANS = reverse("planning:plan_list")


def empty_state(client: Client, url: str, params: dict[str, str] | None = None) -> str:
    """The page's empty-state box, or "" when the page has none."""
    html = client.get(url, params or {}).content.decode()
    found = re.search(r'<div class="empty-state">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("url", "title", "action", "create"),
    [
        (GRANTS, "No grants registered yet", "Register a grant", "grants:create"),
        (
            ORGANISATIONS,
            "No organisations recorded yet",
            "Add an organisation",
            "civil_society:create",
        ),
        (PLANS, "No plans yet", "Start a plan", "planning:plan_create"),
    ],
)
def test_an_empty_list_says_what_to_do_and_offers_the_step_only_to_who_may_take_it(
    as_officer: Client, as_reader: Client, url: str, title: str, action: str, create: str
) -> None:
    link = f'<a class="ds-link" href="{reverse(create)}">{action}</a>'
    editor_box = empty_state(as_officer, url)
    assert title in editor_box
    assert link in editor_box
    reader_box = empty_state(as_reader, url)  # a reader may read the unit's records, not add
    assert title in reader_box
    assert link not in reader_box and reverse(create) not in reader_box
    assert "An editor or the lead of your unit can add one." in reader_box
    assert "An editor or the lead of your unit can add one." not in editor_box


def test_a_list_with_rows_shows_no_empty_state(cast: Cast, as_officer: Client) -> None:
    make_grant(cast.bogota, "COL-1")
    make_organisation(cast.bogota)
    assert empty_state(as_officer, GRANTS) == ""
    assert empty_state(as_officer, ORGANISATIONS) == ""
    assert "No grants registered yet" not in as_officer.get(GRANTS).content.decode()


def test_a_filtered_list_says_nothing_matches_and_offers_to_clear_the_filters(
    cast: Cast, as_officer: Client
) -> None:
    make_grant(cast.bogota, "COL-1", title="Mediators")
    box = empty_state(as_officer, GRANTS, {"q": "no such grant", "page": "1"})
    assert "Nothing matches your filters" in box
    assert f'<a class="ds-link" href="{GRANTS}">Clear filters</a>' in box
    assert "No grants registered yet" not in box and "Register a grant" not in box
    assert "Nothing matches your filters" not in empty_state(as_officer, GRANTS, {"q": "Mediat"})


def test_blank_filters_are_no_filters(as_officer: Client) -> None:
    box = empty_state(as_officer, ORGANISATIONS, {"q": "", "page": "1"})
    assert "No organisations recorded yet" in box
    assert "Nothing matches your filters" not in box


def test_the_empty_state_costs_no_query(as_officer: Client, django_assert_num_queries) -> None:
    # The list's own queries, less the page of grants: a count of 0 leaves nothing to fetch.
    with django_assert_num_queries(QUERIES_LIST - 1):
        response = as_officer.get(GRANTS)
    assert "No grants registered yet" in response.content.decode()


def test_the_empty_state_is_in_bokmal(as_officer: Client) -> None:
    as_officer.cookies["django_language"] = "nb"
    box = empty_state(as_officer, GRANTS)
    assert "Ingen tilskudd registrert ennå" in box
    assert "No grants registered yet" not in box


def test_home_says_what_shows_when_nothing_waits(as_reader: Client) -> None:
    box = empty_state(as_reader, reverse("core:home"), {"q": "anything"})
    assert "Nothing is waiting for you right now." in box
    assert "Nothing matches your filters" not in box  # home has no filters to blame


def test_filters_applied_counts_values_other_than_the_page() -> None:
    assert not filters_applied(None)
    assert not filters_applied(QueryDict(""))
    assert not filters_applied(QueryDict("page=2&q=&unit=%20"))
    assert filters_applied(QueryDict("page=2&q=peace"))
    assert filters_applied(QueryDict("unit=&unit=3"))
