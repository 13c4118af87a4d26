"""A later edition loads beside the current one; items that carry over keep their links."""

from __future__ import annotations

import copy
from typing import Any

from django.test import Client

from tests.catalogue.datafiles import find, small_data, spec_of
from wpsdesk.catalogue.models import Edition, Item
from wpsdesk.catalogue.selectors import current_edition, current_successor
from wpsdesk.catalogue.services import catalogue_load


def later_edition(guidelines_data: dict[str, Any]) -> dict[str, Any]:
    """The guidelines as a 2031–2038 edition: P1.C.5 reworded, CL.8 dropped, CL.19 new."""
    data = copy.deepcopy(guidelines_data)
    data["edition"] = "2031–2038"
    data["title"] = data["title"].replace("2023–2030", "2031–2038")
    find(data["items"], "P1.C.5")["text"] = "Advance women’s influence in all processes by"
    checklist = find(data["items"], "CL")
    checklist["children"] = [item for item in checklist["children"] if item["code"] != "CL.8"]
    checklist["children"].append(
        {"code": "CL.19", "kind": "checklist_item", "text": "Report on WPS every year."}
    )
    return data


def test_a_later_edition_loads_beside_the_current_one_and_becomes_current(
    guidelines: Edition, guidelines_data: dict[str, Any]
) -> None:
    old_ids = set(Item.objects.filter(edition=guidelines).values_list("id", flat=True))

    report = catalogue_load(spec=spec_of(later_edition(guidelines_data)))

    assert report.created_edition and report.became_current
    later = Edition.objects.get(name="2031–2038")
    assert later.previous == guidelines
    assert current_edition() == later
    assert not Edition.objects.get(pk=guidelines.pk).is_current
    assert set(Item.objects.filter(edition=guidelines).values_list("id", flat=True)) == old_ids
    assert later.catalogue.title.endswith("(2031–2038)")


def test_items_that_carry_over_point_to_the_row_they_came_from(
    guidelines: Edition, guidelines_data: dict[str, Any]
) -> None:
    old = Item.objects.get(edition=guidelines, code="P1.C.5")

    report = catalogue_load(spec=spec_of(later_edition(guidelines_data)))

    new = Item.objects.get(edition__name="2031–2038", code="P1.C.5")
    assert new.carried_over_from == old
    assert new.text == "Advance women’s influence in all processes by"
    assert report.carried_over == Item.objects.filter(edition=guidelines).count() - 1
    assert Item.objects.get(edition__name="2031–2038", code="CL.19").carried_over_from is None


def test_an_old_item_resolves_to_its_successor_in_the_current_edition(
    guidelines: Edition, guidelines_data: dict[str, Any]
) -> None:
    """What another app's foreign key to the old row finds after a new edition is loaded."""
    old = Item.objects.select_related("edition").get(edition=guidelines, code="P1.C.5")
    dropped = Item.objects.select_related("edition").get(edition=guidelines, code="CL.8")
    assert current_successor(old) == old

    catalogue_load(spec=spec_of(later_edition(guidelines_data)))

    old = Item.objects.select_related("edition").get(pk=old.pk)
    successor = current_successor(old)
    assert successor is not None
    assert (successor.edition.name, successor.code) == ("2031–2038", "P1.C.5")
    assert current_successor(Item.objects.select_related("edition").get(pk=dropped.pk)) is None


def test_links_carry_over_into_the_new_edition(
    guidelines: Edition, guidelines_data: dict[str, Any]
) -> None:
    catalogue_load(spec=spec_of(later_edition(guidelines_data)))
    new = Item.objects.get(edition__name="2031–2038", code="P1.C.5")
    assert list(new.links_out.values_list("to_item__code", "to_item__edition__name")) == [
        ("SCR.1325", "2031–2038"),
        ("SCR.2122", "2031–2038"),
        ("SCR.2493", "2031–2038"),
    ]


def test_reloading_the_older_edition_leaves_the_later_one_current(
    guidelines: Edition, guidelines_data: dict[str, Any]
) -> None:
    """``make run`` loads the bundled file on every start; that must not undo a newer edition."""
    catalogue_load(spec=spec_of(later_edition(guidelines_data)))

    report = catalogue_load(spec=spec_of(guidelines_data))

    assert not report.changed
    assert current_edition() == Edition.objects.get(name="2031–2038")


def test_an_edition_can_be_loaded_without_becoming_current(guidelines: Edition) -> None:
    report = catalogue_load(spec=spec_of(small_data("draft")), make_current=False)

    assert report.created_edition and not report.became_current
    assert current_edition() == guidelines
    assert Edition.objects.get(name="draft").previous == guidelines


def test_another_catalogue_loads_beside_the_guidelines(guidelines: Edition) -> None:
    catalogue_load(spec=spec_of(small_data("2024–2028", catalogue="se-wps-nap")))

    assert current_edition() == guidelines
    assert current_edition(catalogue_key="se-wps-nap") == Edition.objects.get(name="2024–2028")
    assert Item.objects.filter(code="P1.C.1").count() == 2


def test_the_item_page_shows_an_older_edition_and_points_to_the_current_one(
    guidelines: Edition, guidelines_data: dict[str, Any], as_reader: Client
) -> None:
    catalogue_load(spec=spec_of(later_edition(guidelines_data)))

    response = as_reader.get("/catalogue/items/P1.C.5/", {"edition": "2023–2030"})

    assert response.status_code == 200
    assert "Advance women’s influence in early dialogue initiatives" in response.content.decode()
    assert "which is not the current one" in response.content.decode()
    assert '<a class="ds-link" href="/catalogue/items/P1.C.5/">P1.C.5 (2031–2038)</a>' in (
        response.content.decode()
    )
    current = as_reader.get("/catalogue/items/P1.C.5/")
    assert "Advance women’s influence in all processes by" in current.content.decode()


def test_an_unknown_edition_is_not_found(guidelines: Edition, as_reader: Client) -> None:
    assert as_reader.get("/catalogue/items/P1.C.5/", {"edition": "1999"}).status_code == 404
