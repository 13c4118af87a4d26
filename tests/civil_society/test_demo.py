"""The demo map: fictional organisations in the demo countries, loaded once, seen by the
Bogotá lead, with a partner link, a membership and one restricted organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import verified_client
from wpsdesk.civil_society.demo import load_demo
from wpsdesk.civil_society.models import Organisation, OrganisationLink
from wpsdesk.engagements.demo import load_demo as load_engagements
from wpsdesk.organisation.demo import load_demo as load_organisation
from wpsdesk.organisation.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_map_loads_once_and_the_bogota_lead_sees_it() -> None:
    load_organisation()
    load_engagements()
    assert load_demo() == "civil society: 10 demo organisations added"
    assert load_demo() == "civil society: 0 demo organisations added"
    assert Organisation.objects.count() == 10
    assert all("(demo)" in o.name for o in Organisation.objects.all())
    assert set(OrganisationLink.objects.values_list("kind", flat=True)) == {"partner", "member"}
    assert Organisation.objects.filter(classification="restricted").count() == 1
    assert Organisation.objects.filter(engagements__isnull=False).distinct().count() == 4

    lead = verified_client(User.objects.get(username="bogota.lead"))
    page = lead.get(reverse("civil_society:list"))
    names = [o.name for o in page.context["page"].object_list]
    assert "Red de Mujeres Constructoras de Paz (demo)" in names
    assert "Asociación de Defensoras del Valle (demo)" in names  # restricted, lead cleared
    assert "Amman Women's Forum (demo)" not in names  # another unit's map

    reader = verified_client(User.objects.get(username="bogota.reader"))
    page = reader.get(reverse("civil_society:list"))
    names = [o.name for o in page.context["page"].object_list]
    assert "Red de Mujeres Constructoras de Paz (demo)" in names
    assert "Asociación de Defensoras del Valle (demo)" not in names  # no clearance
