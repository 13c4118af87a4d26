"""Every number filter of every API list answers 400 to a value too large for the database.

The filters are read from the API's own schema, so a list that gains an id or year filter
is walked too without this module changing.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from tests.personas import Cast, verified_client

# Larger than any BigAutoField or SQLite INTEGER; ``2**80`` once overflowed the database
# driver and answered 500.
HUGE = "99999999999999999999999"


def number_filters_of_lists(client: Client) -> list[tuple[str, str]]:
    """(path, parameter) for every integer query parameter of every list in the schema.

    ``page`` is left out: a page past the end is the paginator's 404, not a filter.
    """
    schema: dict[str, Any] = yaml.safe_load(client.get(reverse("api:schema")).content)
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        for parameter in get.get("parameters", []):
            if parameter["in"] != "query" or parameter["name"] == "page":
                continue
            if parameter["schema"].get("type") == "integer":
                found.append((path, parameter["name"]))
    return found


def test_every_number_filter_of_every_list_answers_400_to_a_huge_value(cast: Cast) -> None:
    # A server error is an answer to compare here, not an exception to stop at.
    client = verified_client(cast.officer, Client(raise_request_exception=False))
    filters = number_filters_of_lists(client)
    # The filters that once answered 500 are among those walked.
    assert {
        ("/api/plans/activities/", "goal"),
        ("/api/plans/activities/", "unit"),
        ("/api/plans/goals/", "plan"),
        ("/api/plans/indicators/", "goal"),
        ("/api/plans/values/", "indicator"),
    } <= set(filters)
    answers = {(path, name): client.get(path, {name: HUGE}) for path, name in filters}
    wrong = {key: r.status_code for key, r in answers.items() if r.status_code != 400}
    assert wrong == {}
    for (_path, name), response in answers.items():
        assert name in response.json()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/plans/activities/", "goal"),
        ("/api/plans/goals/", "plan"),
        ("/api/plans/indicators/", "goal"),
        ("/api/plans/values/", "indicator"),
    ],
)
def test_a_number_filter_still_filters_with_an_ordinary_value(
    cast: Cast, path: str, name: str
) -> None:
    response = verified_client(cast.officer).get(path, {name: "1"})
    assert response.status_code == 200
