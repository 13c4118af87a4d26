"""The personal iCal feed: valid RFC 5545 (parsed with icalendar), only what the person may
see, restricted entries without their text, the person's reminders as alarms, the secret
address kept as a hash, revocable, and never written to a log line."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from tests.calendar.factories import OCTOBER_DEBATE, make_event, remind, restricted_event
from tests.personas import Cast, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.calendar import feed
from wpsdesk.calendar.logfilter import HideFeedTokens, hide_tokens
from wpsdesk.calendar.models import FeedToken

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.datetime(2026, 9, 20, 9, 0, tzinfo=dt.UTC)


def read_feed(token: str) -> Calendar:
    response = Client().get(reverse("calendar:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def summaries(cal: Calendar) -> list[str]:
    return [str(event["SUMMARY"]) for event in cal.walk("VEVENT")]


@time_machine.travel(SEPTEMBER, tick=False)
def test_the_feed_is_valid_icalendar_with_the_persons_reminders(cast: Cast) -> None:
    make_event(cast.bogota, "Bogota consultation")
    remind(cast.lead, "calendar.global", 14)
    cal = read_feed(feed.make_token(cast.lead))
    assert cal["VERSION"] == "2.0"
    assert cal["PRODID"] == feed.PRODID
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    debate = events[OCTOBER_DEBATE]
    assert debate.decoded("DTSTART") == dt.date(2026, 10, 27)
    assert "UID" in debate and "DTSTAMP" in debate
    alarms = debate.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0].decoded("TRIGGER") == -dt.timedelta(days=14)
    # The unit event has no reminder of its kind: no alarm.
    assert events["Bogota consultation"].walk("VALARM") == []
    # Every UID is unique, as RFC 5545 asks.
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids))


@time_machine.travel(SEPTEMBER, tick=False)
def test_the_feed_holds_none_of_another_units_restricted_records(cast: Cast) -> None:
    restricted_event(cast.amman, "Amman secret meeting", country="JO")
    make_event(cast.amman, "Amman open meeting", country="JO")
    restricted_event(cast.bogota, "Bogota secret meeting")
    lead_feed = read_feed(feed.make_token(cast.lead))
    text = lead_feed.to_ical().decode()
    assert "Amman secret meeting" not in text
    assert "Amman open meeting" not in text
    # Their own restricted event keeps its date but not its text.
    assert "Bogota secret meeting" not in text
    assert "Restricted event" in summaries(lead_feed)
    # The other way: Amman's own feed holds Amman's events and none of Bogotá's.
    amman = read_feed(feed.make_token(cast.outsider))
    assert "Amman open meeting" in summaries(amman)
    assert "Bogota secret meeting" not in amman.to_ical().decode()
    assert summaries(amman).count("Restricted event") == 1


def test_the_token_is_kept_hashed_and_a_revoked_or_replaced_address_is_404(cast: Cast) -> None:
    token = feed.make_token(cast.officer)
    stored = FeedToken.objects.get(user=cast.officer)
    assert token not in stored.token_hash
    assert stored.token_hash == feed.hash_token(token)
    newer = feed.make_token(cast.officer)
    assert Client().get(reverse("calendar:feed", args=[token])).status_code == 404
    assert Client().get(reverse("calendar:feed", args=[newer])).status_code == 200
    FeedToken.objects.filter(user=cast.officer).delete()
    assert Client().get(reverse("calendar:feed", args=[newer])).status_code == 404
    assert Client().get(reverse("calendar:feed", args=["guess"])).status_code == 404


def test_an_inactive_person_has_no_feed(cast: Cast) -> None:
    token = feed.make_token(cast.officer)
    cast.officer.is_active = False
    cast.officer.save()
    assert Client().get(reverse("calendar:feed", args=[token])).status_code == 404


def test_the_settings_page_makes_shows_once_and_revokes_with_confirmation(
    cast: Cast, as_officer: Client
) -> None:
    url = reverse("calendar:feed_settings")
    ask = as_officer.post(url, {"action": "make"})
    assert "Make the address" in ask.content.decode()
    assert not FeedToken.objects.exists()  # asking makes nothing
    made = as_officer.post(url, {"action": "make", "confirm": "yes"})
    address = made.context["address"]
    assert "/calendar/feed/" in address and address in made.content.decode()
    assert Client().get(address).status_code == 200
    again = as_officer.get(url).content.decode()
    assert address not in again  # shown once
    assert "You have an address" in again
    as_officer.post(url, {"action": "revoke"})
    assert FeedToken.objects.exists()
    as_officer.post(url, {"action": "revoke", "confirm": "yes"})
    assert not FeedToken.objects.exists()
    assert Client().get(address).status_code == 404
    kinds = list(SecurityEvent.objects.values_list("kind", flat=True))
    assert "calendar.feed_made" in kinds and "calendar.feed_revoked" in kinds


def test_no_log_line_carries_a_feed_token(cast: Cast, caplog: pytest.LogCaptureFixture) -> None:
    token = "abcDEF123-_secret"
    line = f'"GET /calendar/feed/{token}.ics HTTP/1.1" 404'
    assert token not in hide_tokens(line)
    assert "/calendar/feed/….ics" in hide_tokens(line)
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, "%s", (line,), None)
    assert HideFeedTokens().filter(record)
    assert token not in record.getMessage()
    # A real 404 goes through Django's request logger; the configured handler hides it.
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, HideFeedTokens) for f in h.filters)
    )
    assert handler is not None
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get(f"/calendar/feed/{token}.ics")
    logged = [r for r in caplog.records if "/calendar/feed/" in r.getMessage()]
    assert logged  # the 404 was logged …
    for r in logged:
        assert all(f.filter(r) for f in handler.filters)
        assert token not in r.getMessage()  # … without the token


def test_a_person_without_a_session_gets_no_calendar_page(cast: Cast) -> None:
    response = Client().get(reverse("calendar:month"))
    assert response.status_code == 302
    assert verified_client(cast.officer).get(reverse("calendar:month")).status_code == 200
