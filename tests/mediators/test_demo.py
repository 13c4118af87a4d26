"""The demo roster: loaded once; peace.lead sees contact data at /mediators/, juba.officer not."""

from __future__ import annotations

from django.urls import reverse

from tests.personas import verified_client
from wpsdesk.mediators.demo import load_demo
from wpsdesk.mediators.models import Allocation, Deployment, Mediator, MediatorRequest
from wpsdesk.organisation.demo import load_demo as load_organisation
from wpsdesk.organisation.models import User
from wpsdesk.processes.demo import load_demo as load_processes


def test_the_demo_roster_loads_once_and_shows_contact_data_only_to_the_section(db) -> None:
    load_organisation()
    load_processes()
    assert load_demo() == "mediators: 10 demo mediators, 2 requests, 1 allocation"
    assert load_demo() == "mediators: demo roster already there"
    assert Mediator.objects.count() == 10
    assert all(m.name.endswith("(demo)") for m in Mediator.objects.all())
    assert set(MediatorRequest.objects.values_list("unit__code", flat=True)) == {
        "demo-bogota",
        "demo-juba",
    }
    assert Deployment.objects.get().cost > 0
    linked = MediatorRequest.objects.get(unit__code="demo-bogota")
    assert linked.process is not None and linked.process.name == "Andean dialogue (demo)"
    assert Allocation.objects.count() == 1

    roster = reverse("mediators:roster")
    lead = verified_client(User.objects.get(username="peace.lead")).get(roster)
    assert "mediator1@example.org" in lead.content.decode()
    juba = verified_client(User.objects.get(username="juba.officer")).get(roster)
    assert juba.status_code == 200
    assert "Astrid Demomegler (demo)" in juba.content.decode()
    assert "mediator1@example.org" not in juba.content.decode()

    home = verified_client(User.objects.get(username="peace.lead")).get("/")
    assert "Review the roster record of" in home.content.decode()

    requests = reverse("mediators:requests")
    juba_requests = verified_client(User.objects.get(username="juba.officer")).get(requests)
    assert juba_requests.context["page"].paginator.count == 1
    bogota_requests = verified_client(User.objects.get(username="bogota.officer")).get(requests)
    assert bogota_requests.context["page"].paginator.count == 1
    lead_requests = verified_client(User.objects.get(username="peace.lead")).get(requests)
    assert lead_requests.context["page"].paginator.count == 2
