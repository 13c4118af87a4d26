"""The demo processes: loaded once, seen by the right people, restricted where they should be."""

from __future__ import annotations

from django.urls import reverse

from tests.personas import verified_client
from tests.processes.factories import load_analysis_guidelines
from wpsdesk.engagements.demo import load_demo as load_engagements
from wpsdesk.organisation.demo import load_demo as load_organisation
from wpsdesk.organisation.models import User
from wpsdesk.processes.demo import load_demo
from wpsdesk.processes.models import AnalysisStatus, ConflictAnalysis, InclusionEntry, PeaceProcess


def test_the_demo_processes_load_once_and_answer_each_person_rightly(db) -> None:
    load_organisation()
    load_analysis_guidelines()
    load_engagements()
    assert load_demo() == "Peace processes: 3 fictional processes (one restricted)."
    assert load_demo() == "Peace processes: 0 fictional processes (one restricted)."
    assert PeaceProcess.objects.count() == 3
    andean = PeaceProcess.objects.get(name="Andean dialogue (demo)")
    assert andean.engagements.exists() and andean.teams.exists()
    analysis = ConflictAnalysis.objects.get()
    assert [v.status for v in analysis.versions.order_by("number")] == [
        AnalysisStatus.APPROVED,
        AnalysisStatus.DRAFT,
    ]
    assert InclusionEntry.objects.filter(process=andean).count() == 2
    assert andean.objectives.filter(agreement__isnull=True).count() == 2
    agreement = andean.agreements.get()
    assert agreement.document is not None and agreement.document.process == andean
    tracked = agreement.clauses.filter(decision="tracked")
    assert 4 <= tracked.count() <= 6
    assert {c.status for c in tracked} >= {"implemented", "partly", "reversed", "not_started"}
    assert agreement.clauses.filter(decision="rejected").count() == 1
    assert agreement.mechanism_seats.filter(seats_women__gt=0).count() == 3
    assert agreement.objectives.count() == 1

    restricted = PeaceProcess.objects.get(classification="restricted")
    page = reverse("processes:list")
    for username in ("bogota.lead", "hq.coordinator"):
        client = verified_client(User.objects.get(username=username))
        html = client.get(page).content.decode()
        assert "Andean dialogue (demo)" in html, username
        assert "Island mediation (demo)" not in html, username
        detail = reverse("processes:detail", args=[restricted.pk])
        assert client.get(detail).status_code == 404, username
    peace = verified_client(User.objects.get(username="peace.lead"))
    assert "Island mediation (demo)" in peace.get(page).content.decode()
    coordinator = verified_client(User.objects.get(username="hq.coordinator"))
    assert "Nile basin talks (demo)" in coordinator.get(page).content.decode()
