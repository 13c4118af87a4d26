"""The WPS strategy of a process: its objectives on the page and reviews on the home page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.personas import Cast, verified_client
from tests.processes.factories import make_process
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
