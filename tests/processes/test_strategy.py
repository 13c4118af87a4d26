"""The WPS strategy of a process: its objectives on the page and reviews on the home page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tests.personas import Cast, verified_client
from tests.planning.factories import YEAR, item, load_guidelines
from tests.processes.factories import make_process
from wpsdesk.organisation.models import Classification
from wpsdesk.planning.selectors import gaps
from wpsdesk.processes.models import StrategyObjective


def test_an_objective_is_added_and_shown_on_the_process(cast: Cast, as_officer) -> None:
    process = make_process(cast.bogota)
    response = as_officer.post(
        reverse("processes:objective_add", args=[process.pk]),
        {
            "objective": "Women in both delegations",
            "approach": "delegations",
            "responsible": cast.lead.pk,
            "review_on": "2026-09-01",
        },
    )
    assert response.status_code == 302
    html = as_officer.get(process.get_absolute_url()).content.decode()
    assert "Women in both delegations" in html and "Women in the parties&#x27; delegations" in html


def test_someone_outside_the_lead_unit_cannot_be_responsible(cast: Cast, as_officer) -> None:
    process = make_process(cast.bogota)
    response = as_officer.post(
        reverse("processes:objective_add", args=[process.pk]),
        {"objective": "X", "approach": "support", "responsible": cast.outsider.pk},
    )
    assert response.status_code == 400
    assert not StrategyObjective.objects.exists()


def test_a_review_due_is_a_task_on_the_responsible_persons_home_page(cast: Cast) -> None:
    process = make_process(cast.bogota, name="Andes talks")
    today = timezone.localdate()
    StrategyObjective.objects.create(
        process=process,
        objective="Women in both delegations",
        approach="delegations",
        responsible=cast.lead,
        review_on=today + dt.timedelta(days=3),
    )
    StrategyObjective.objects.create(
        process=process,
        objective="Far away review",
        approach="support",
        responsible=cast.lead,
        review_on=today + dt.timedelta(days=60),
    )
    html = verified_client(cast.lead).get("/").content.decode()
    assert "Review the WPS strategy of Andes talks: Women in both delegations" in html
    assert "Far away review" not in html
    other = verified_client(cast.officer).get("/").content.decode()
    assert "Review the WPS strategy" not in other


# --- the commitments an objective serves (the shared serving links) ----------------------


def objective_serving(process: Any, *codes: str, objective: str = "Women mediators") -> Any:
    made = StrategyObjective.objects.create(
        process=process, objective=objective, approach="support"
    )
    made.serves.set([item(code) for code in codes])
    return made


def test_an_objective_names_the_commitments_it_serves(cast: Cast, as_officer) -> None:
    load_guidelines()
    process = make_process(cast.bogota)
    response = as_officer.post(
        reverse("processes:objective_add", args=[process.pk]),
        {
            "objective": "Women in both delegations",
            "approach": "delegations",
            "serves_codes": "p1.c.5 P1.C.1",
        },
    )
    assert response.status_code == 302
    objective = StrategyObjective.objects.get()
    assert sorted(i.code for i in objective.serves.all()) == ["P1.C.1", "P1.C.5"]
    html = as_officer.get(process.get_absolute_url()).content.decode()
    assert 'href="/catalogue/items/P1.C.5/">P1.C.5</a>' in html
    edit = as_officer.get(reverse("processes:objective_edit", args=[objective.pk])).content.decode()
    assert 'value="P1.C.1 P1.C.5"' in edit


def test_an_unknown_code_is_refused_and_nothing_is_saved(cast: Cast, as_officer) -> None:
    load_guidelines()
    process = make_process(cast.bogota)
    response = as_officer.post(
        reverse("processes:objective_add", args=[process.pk]),
        {"objective": "X", "approach": "support", "serves_codes": "P1.C.5 P9.Z.9"},
    )
    assert response.status_code == 400
    assert "These codes are not in the current guidelines: P9.Z.9." in response.content.decode()
    assert not StrategyObjective.objects.exists()


def test_the_item_page_lists_objectives_only_to_those_who_may_read_their_process(
    cast: Cast,
) -> None:
    load_guidelines()
    process = make_process(cast.bogota, classification=Classification.RESTRICTED)
    objective_serving(process, "P1.C.5", objective="Women mediators at the table")
    url = reverse("catalogue:item", args=["P1.C.5"])
    cleared = verified_client(cast.officer).get(url).content.decode()
    assert "Women mediators at the table" in cleared
    for person in (cast.reader, cast.outsider, cast.coordinator):
        html = verified_client(person).get(url).content.decode()
        assert "Women mediators at the table" not in html, person


def test_the_gap_view_counts_a_strategy_objective_as_work(cast: Cast) -> None:
    load_guidelines()
    objective_serving(make_process(cast.bogota), "P2.C.1")
    group = next(
        g
        for g in gaps(user=cast.coordinator, year=YEAR).groups
        if g.priority and g.priority.code == "P2"
    )
    assert group.no_work == []
    assert [str(label) for label in group.no_goal_but_other[0].served_by] == [
        "WPS strategy objectives"
    ]
