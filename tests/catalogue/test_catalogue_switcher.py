"""With several catalogues loaded, the catalogue pages offer a switcher between them."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.catalogue.datafiles import small_data, spec_of
from wpsdesk.catalogue.models import Edition
from wpsdesk.catalogue.services import catalogue_load

SWITCHER = 'class="catalogue-switcher"'
OTHER_TITLE = "Swedish action plan on WPS"


def load_other() -> Edition:
    catalogue_load(spec=spec_of(small_data("2024–2028", catalogue="se-wps-nap", title=OTHER_TITLE)))
    return Edition.objects.get(catalogue__key="se-wps-nap", is_current=True)


def test_one_catalogue_loaded_offers_no_switcher(guidelines: Edition, as_reader: Client) -> None:
    page = as_reader.get(reverse("catalogue:index")).content.decode()
    assert guidelines.title in page
    assert SWITCHER not in page


def test_two_catalogues_loaded_offer_a_switcher_that_leads_to_the_other(
    guidelines: Edition, as_reader: Client
) -> None:
    load_other()
    page = as_reader.get(reverse("catalogue:index")).content.decode()
    assert SWITCHER in page
    assert f'href="{reverse("catalogue:index")}?catalogue=se-wps-nap"' in page
    # The edition shown is marked, not linked; the other is a link.
    assert f'<strong aria-current="page">{escape(guidelines.title)} ({guidelines.name}' in page
    assert f">{OTHER_TITLE} (2024–2028, current)</a>" in page

    other = as_reader.get(reverse("catalogue:index"), {"catalogue": "se-wps-nap"})
    assert other.status_code == 200
    body = other.content.decode()
    assert f'<h1 class="ds-heading" data-size="lg">{OTHER_TITLE}</h1>' in body
    # Links stay in the catalogue chosen, and the switcher leads back to the default.
    item_link = reverse("catalogue:item", args=["P1.C.1"]) + "?catalogue=se-wps-nap"
    assert item_link in body
    assert f'href="{reverse("catalogue:index")}"' in body
    assert '<input type="hidden" name="catalogue" value="se-wps-nap">' in body


def test_the_other_catalogues_items_and_search_stay_in_it(
    guidelines: Edition, as_reader: Client
) -> None:
    load_other()
    item = as_reader.get(reverse("catalogue:item", args=["P1.C.1"]), {"catalogue": "se-wps-nap"})
    assert item.status_code == 200
    assert "Edition 2024–2028" in item.content.decode()
    default_item = as_reader.get(reverse("catalogue:item", args=["P1.C.1"]))
    assert "Edition 2024–2028" not in default_item.content.decode()

    found = as_reader.get(
        reverse("catalogue:search"), {"q": "gender balance", "catalogue": "se-wps-nap"}
    ).content.decode()
    assert item.request["PATH_INFO"] + "?catalogue=se-wps-nap" in found


def test_an_unknown_catalogue_is_not_found(guidelines: Edition, as_reader: Client) -> None:
    assert as_reader.get(reverse("catalogue:index"), {"catalogue": "nope"}).status_code == 404
    assert as_reader.get(reverse("catalogue:index")).status_code == 200


def test_the_switcher_costs_one_query(
    guidelines: Edition, as_reader: Client, django_assert_num_queries: Any
) -> None:
    load_other()
    as_reader.get(reverse("catalogue:resources"))  # warm the session
    with django_assert_num_queries(6 + 3):  # shell, the edition, the resolutions, the switcher
        response = as_reader.get(reverse("catalogue:resolutions"), {"catalogue": "se-wps-nap"})
    assert SWITCHER in response.content.decode()
