"""The catalogue item's page shows the work that serves the item, to those who may see it."""

from __future__ import annotations

from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.planning.factories import Chain


def test_the_item_page_shows_goals_serving_it_to_the_unit(cast: Cast, chain: Chain) -> None:
    response = verified_client(cast.reader).get(reverse("catalogue:item", args=["P1.C.1"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Work that serves this item" in body
    assert chain.goal.title in body
    assert chain.activity.title in body


def test_another_unit_sees_the_panel_but_not_our_goals(cast: Cast, chain: Chain) -> None:
    response = verified_client(cast.outsider).get(reverse("catalogue:item", args=["P1.C.1"]))
    body = response.content.decode()
    assert "Work that serves this item" in body
    assert chain.goal.title not in body
    assert chain.activity.title not in body


def test_hq_coordinators_see_every_units_goals(cast: Cast, chain: Chain) -> None:
    response = verified_client(cast.coordinator).get(reverse("catalogue:item", args=["P1.C.1"]))
    assert chain.goal.title in response.content.decode()
