"""The demo: three fictional people at risk in Bogotá, granted to ``bogota.lead`` only."""

from __future__ import annotations

from django.urls import reverse

from tests.module_data import made_once_per_module
from tests.personas import verified_client
from wpsdesk.organisation.demo import load_demo as load_organisation_demo
from wpsdesk.organisation.models import AccessGrant, User
from wpsdesk.people_at_risk.demo import load_demo
from wpsdesk.people_at_risk.models import PersonAtRisk

DEMO_CODES = ["DEMO-HERON", "DEMO-KESTREL", "DEMO-ORIOLE"]


def _load() -> bool:
    # The organisation and this app's demo only: the other apps' demos are not needed here
    # (``tests/core/test_demo.py`` runs the whole ``wpsdesk demo load``).
    load_organisation_demo()
    load_demo()
    return True


_made_once, demo = made_once_per_module("demo", _load)


def test_the_demo_lead_sees_the_three_and_nobody_else_does(demo: None) -> None:
    people = {u.username: u for u in User.objects.all()}
    lead = verified_client(people["bogota.lead"])
    page = lead.get(reverse("people_at_risk:list")).content.decode()
    assert all(code in page for code in DEMO_CODES)
    heron = PersonAtRisk.objects.get(code_name="DEMO-HERON")
    assert lead.get(heron.get_absolute_url()).status_code == 200
    for name in ("bogota.officer", "bogota.deputy", "bogota.head", "hq.coordinator", "admin"):
        client = verified_client(people[name])
        assert client.get(heron.get_absolute_url()).status_code == 404, name
        listed = client.get(reverse("people_at_risk:list"))
        assert all(code not in listed.content.decode() for code in DEMO_CODES), name


def test_the_demo_grants_were_proposed_and_approved_by_two_other_leads(demo: None) -> None:
    grants = AccessGrant.objects.filter(content_type__model="personatrisk")
    assert grants.count() == 3
    for grant in grants.select_related("user", "granted_by", "approved_by"):
        assert grant.user.username == "bogota.lead"
        assert grant.granted_by and grant.granted_by.username == "bogota.deputy"
        assert grant.approved_by and grant.approved_by.username == "bogota.head"
        assert grant.is_in_force


def test_loading_twice_adds_nothing(demo: None) -> None:
    assert "already there" in load_demo()
    assert PersonAtRisk.objects.count() == 3
    assert all("fictional" in p.real_name for p in PersonAtRisk.objects.exclude(real_name=""))
