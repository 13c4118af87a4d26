"""The calendar's demo: a year of events for the demo units, reminders for bogota.lead, and
bogota.lead's feed as the brief asks (valid, with reminders, no other unit's restricted
records). Loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from wpsdesk.calendar import demo, feed
from wpsdesk.calendar.models import UnitEvent
from wpsdesk.organisation import demo as organisation_demo
from wpsdesk.organisation.models import Classification, User

pytestmark = pytest.mark.django_db


def test_the_demo_year_and_bogota_leads_feed() -> None:
    organisation_demo.load_demo()
    demo.load_demo()
    count = UnitEvent.objects.count()
    assert count == len(demo.EVENTS)
    demo.load_demo()
    assert UnitEvent.objects.count() == count
    dates = sorted(UnitEvent.objects.values_list("date", flat=True))
    assert (dates[-1] - dates[0]).days > 250  # spread over the year
    lead = User.objects.get(username="bogota.lead")
    body = Client().get(reverse("calendar:feed", args=[feed.make_token(lead)])).content
    cal = Calendar.from_ical(body)
    assert any(event.walk("VALARM") for event in cal.walk("VEVENT"))
    titles = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    bogota = UnitEvent.objects.filter(
        unit__code="demo-bogota", classification=Classification.INTERNAL
    )
    assert {e.title for e in bogota} <= set(titles)  # their own unit's events are there
    others = UnitEvent.objects.exclude(unit__code="demo-bogota")
    assert others.exists()
    for event in others:
        assert event.title not in titles  # another unit's events are not bogota.lead's
    secret = UnitEvent.objects.get(
        unit__code="demo-bogota", classification=Classification.RESTRICTED
    )
    assert secret.title not in titles
    assert secret.title.replace(" ", "") not in body.decode().replace("\r\n ", "").replace(" ", "")
    assert "Restricted event" in titles
