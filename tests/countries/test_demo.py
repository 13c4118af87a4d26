"""The demo country pages: loaded once, Colombia's commitments and the Bogotá unit's work
shown to the demo people, and the review dates on the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.personas import verified_client
from wpsdesk.calendar import sources
from wpsdesk.civil_society.demo import load_demo as load_civil_society
from wpsdesk.countries.demo import load_demo
from wpsdesk.countries.models import FollowUp, Recommendation
from wpsdesk.engagements.demo import load_demo as load_engagements
from wpsdesk.organisation.demo import load_demo as load_organisation
from wpsdesk.organisation.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_country_pages_load_once_and_show_colombia_to_the_demo_people() -> None:
    load_organisation()
    load_engagements()
    load_civil_society()
    assert load_demo() == "countries: 35 demo country records added"
    assert load_demo() == "countries: 0 demo country records added"
    assert Recommendation.objects.filter(country="CO").count() == 4
    assert Recommendation.objects.filter(country="CO", recommending_state="NO").count() == 1
    assert FollowUp.objects.filter(recommendation__country="CO").count() == 7

    for username in ("bogota.lead", "bogota.officer", "hq.coordinator"):
        client = verified_client(User.objects.get(username=username))
        page = client.get(reverse("countries:detail", args=["CO"])).content.decode()
        assert "National action plan on women, peace and security for Colombia (demo)" in page
        assert "Norway's recommendation" in page.replace("&#x27;", "'")
        assert "Embassy in Bogotá (demo)" in page
        assert "Red de Mujeres Constructoras de Paz (demo)" in page
        work = client.get(reverse("countries:detail", args=["CO"])).context["country"].work
        assert next(w for w in work if w.key == "engagements").count > 0

    juba = verified_client(User.objects.get(username="juba.officer"))
    page = juba.get(reverse("countries:detail", args=["CO"])).content.decode()
    assert "for Colombia (demo)" not in page  # Bogotá's records
    assert (
        "for South Sudan (demo)"
        in juba.get(reverse("countries:detail", args=["SS"])).content.decode()
    )

    year = timezone.localdate().year
    lead = User.objects.get(username="bogota.lead")
    entries = sources.entries_for(lead, dt.date(year, 1, 1), dt.date(year, 12, 31))
    mine = [e for e in entries if e.kind.startswith("countries.")]
    assert {(e.country, e.kind) for e in mine} == {
        ("CO", "countries.report_due"),
        ("CO", "countries.review"),
    }
    assert len(mine) == 4
    assert all(e.unit is not None and e.unit.code == "demo-bogota" for e in mine)
