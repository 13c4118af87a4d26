"""Norway's own teams, envoys and nominations: posts and gender, no names."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.personas import Cast
from wpsdesk.engagements.models import Envoy, Nomination, Team, TeamMember


def test_an_officer_adds_a_team_with_its_composition(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("engagements:team_create"),
        {
            "name": "Delegation to the talks",
            "kind": "negotiation",
            "country": "co",
            "start": "2026-02-01",
            "c_head_women": "1",
            "c_deputy_men": "1",
            "c_member_women": "2",
            "c_member_men": "3",
        },
    )
    assert response.status_code == 302
    team = Team.objects.get()
    assert (team.unit, team.country) == (cast.bogota, "CO")
    assert sum(m.count for m in team.composition.all()) == 7
    response = as_officer.post(
        reverse("engagements:team_edit", args=[team.pk]),
        {
            "name": team.name,
            "kind": "negotiation",
            "start": "2026-02-01",
            "c_head_men": "1",
            "version": team.version,
        },
    )
    assert response.status_code == 302
    assert list(TeamMember.objects.values_list("role", "gender", "count")) == [("head", "men", 1)]
    body = as_officer.get(reverse("engagements:teams")).content.decode()
    assert "Delegation to the talks" in body


def test_a_team_that_ends_before_it_starts_is_refused(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("engagements:team_create"),
        {"name": "T", "kind": "meeting", "start": "2026-02-01", "end": "2026-01-01"},
    )
    assert response.status_code == 400
    assert not Team.objects.exists()


def test_envoys_and_nominations_are_recorded_in_the_current_unit(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("engagements:record_create", args=["envoy"]),
        {"post": "Special envoy", "gender": "women", "start": "2026-01-01"},
    )
    assert response.status_code == 302
    assert Envoy.objects.get().unit == cast.bogota
    response = as_officer.post(
        reverse("engagements:record_create", args=["nomination"]),
        {
            "post": "Gender adviser",
            "organisation": "OSCE",
            "gender": "women",
            "nominated_on": "2026-03-01",
            "outcome": "appointed",
            "decided_on": "2026-02-01",
        },
    )
    assert response.status_code == 400  # decided before nominated
    assert not Nomination.objects.exists()
    assert as_officer.get("/engagements/representation/unknown/new/").status_code == 404


def test_another_units_team_is_not_found_and_a_reader_may_not_change_it(
    cast: Cast, as_outsider, as_reader
) -> None:
    team = Team.objects.create(
        unit=cast.bogota, name="T", kind="meeting", start=dt.date(2026, 1, 1)
    )
    assert as_outsider.get(reverse("engagements:team_edit", args=[team.pk])).status_code == 404
    assert as_reader.get(reverse("engagements:team_edit", args=[team.pk])).status_code == 403
    assert "T" in as_reader.get(reverse("engagements:teams")).content.decode()
