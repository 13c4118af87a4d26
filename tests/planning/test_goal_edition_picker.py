"""With several guidelines loaded, the goal form's item search looks in the one chosen."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.catalogue.test_catalogue_switcher import load_other
from tests.personas import Cast
from tests.planning.factories import load_guidelines, make_plan
from wpsdesk.catalogue.models import Item
from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.planning.models import Goal


def _codes(response) -> list[tuple[int, str]]:
    return [(item.edition_id, item.code) for item in response.context["form"].item_choices]


def test_with_one_edition_the_goal_form_offers_no_choice(cast: Cast, as_officer: Client) -> None:
    load_guidelines()
    plan = make_plan(cast.bogota, cast.officer)
    response = as_officer.get(reverse("planning:goal_create", args=[plan.pk]), {"item_q": "P1.C.1"})
    assert "edition" not in response.context["form"].fields
    assert [code for _edition, code in _codes(response)] == ["P1.C.1"]


def test_the_search_looks_in_the_edition_chosen_and_else_in_the_current(
    cast: Cast, as_officer: Client
) -> None:
    load_guidelines()
    current = current_edition()
    assert current is not None
    other = load_other()
    plan = make_plan(cast.bogota, cast.officer)
    url = reverse("planning:goal_create", args=[plan.pk])

    default = as_officer.get(url, {"item_q": "P1.C.1"})
    assert default.context["form"]["edition"].initial == current.pk
    assert _codes(default) == [(current.pk, "P1.C.1")]
    assert 'name="edition"' in default.content.decode()

    chosen = as_officer.post(url, {"item_q": "P1.C.1", "edition": str(other.pk), "search": "1"})
    assert _codes(chosen) == [(other.pk, "P1.C.1")]
    assert chosen.context["form"]["edition"].initial == other.pk

    # An edition that is not loaded is not searched: the current one is.
    unknown = as_officer.get(url, {"item_q": "P1.C.1", "edition": "999999"})
    assert _codes(unknown) == [(current.pk, "P1.C.1")]


def test_a_goal_serving_the_other_editions_items_opens_in_that_edition(
    cast: Cast, as_officer: Client
) -> None:
    load_guidelines()
    other = load_other()
    plan = make_plan(cast.bogota, cast.officer)
    item = Item.objects.get(edition=other, code="P1.C.1")
    saved = as_officer.post(
        reverse("planning:goal_create", args=[plan.pk]),
        {
            "title": "Mediators",
            "description": "",
            "items": [str(item.pk)],
            "edition": str(other.pk),
        },
    )
    assert saved.status_code == 302
    goal = Goal.objects.get()
    assert [i.edition_id for i in goal.items.all()] == [other.pk]
    edit = as_officer.get(reverse("planning:goal_edit", args=[goal.pk]))
    assert edit.context["form"]["edition"].initial == other.pk
