"""Objectives and statements on the guideline items they serve, only for those who may see them."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.multilateral.factories import make_file, make_objective, make_statement
from tests.personas import Cast, verified_client
from tests.planning.factories import YEAR, item, load_guidelines
from wpsdesk.planning.selectors import gaps


def test_the_item_page_lists_objectives_and_statements_to_those_who_may_see_them(
    cast: Cast,
) -> None:
    load_guidelines()
    closed = make_file(cast.bogota, title="Closed file", classification="restricted")
    make_objective(closed, objective="Advisers in every mission").serves.set([item("P2.C.1")])
    open_file = make_file(cast.bogota, title="Open file")
    make_objective(open_file, objective="Women in every delegation").serves.set([item("P2.C.1")])
    make_statement(cast.bogota, title="Open debate statement").messages.set([item("P2.C.1")])
    url = reverse("catalogue:item", args=["P2.C.1"])
    cleared = verified_client(cast.officer).get(url).content.decode()
    for text in ("Advisers in every mission", "Women in every delegation", "Open debate statement"):
        assert text in cleared
    assert "WPS objectives in negotiations" in cleared
    assert "Statements in multilateral forums" in cleared
    reader = verified_client(cast.reader).get(url).content.decode()
    assert "Women in every delegation" in reader  # the sibling: the panel is there …
    assert "Advisers in every mission" not in reader  # … without the restricted file's
    outsider = verified_client(cast.outsider).get(url).content.decode()
    assert "Women in every delegation" not in outsider
    assert "Open debate statement" not in outsider


def test_the_gap_view_counts_a_statement_in_the_year_delivered(cast: Cast) -> None:
    load_guidelines()
    make_statement(cast.bogota, delivered_on=dt.date(YEAR, 3, 8)).messages.set([item("P2.C.1")])
    group = next(
        g
        for g in gaps(user=cast.coordinator, year=YEAR).groups
        if g.priority and g.priority.code == "P2"
    )
    assert group.no_work == []
    assert [str(label) for label in group.no_goal_but_other[0].served_by] == [
        "Statements in multilateral forums"
    ]
    other_year = next(
        g
        for g in gaps(user=cast.coordinator, year=YEAR + 1).groups
        if g.priority and g.priority.code == "P2"
    )
    assert other_year.no_goal_but_other == []
