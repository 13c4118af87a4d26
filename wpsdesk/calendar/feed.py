"""The personal iCal feed: a secret address per person, and the calendar it serves.

The address carries a random token; only its SHA-256 is stored, so the address is shown
once, when it is made. The feed holds what the person may see today, for a window around
today, with their reminders as alarms. Entries from restricted records keep their date
and their link into the app but are titled "Restricted event", without unit, country,
forum or description: a calendar program is outside the app's protection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import is_person

from . import reminders, sources
from .models import FeedToken, Reminder

#: The feed covers this long before and after today.
PAST = dt.timedelta(days=90)
AHEAD = dt.timedelta(days=400)
PRODID = "-//wpsdesk//WPS calendar//EN"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_token(user: User) -> str:
    """Make (or replace) the person's feed address; returns the token, never stored as is."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        FeedToken.objects.filter(user=user).delete()
        FeedToken.objects.create(user=user, token_hash=hash_token(token))
    return token


def person_for(token: str) -> User | None:
    """The active person whose feed the token opens, or None (revoked, unknown, inactive)."""
    if not token or len(token) > 100:
        return None
    feed = FeedToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if feed is None or not is_person(feed.user):
        return None
    FeedToken.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user


def calendar_for(user: User, today: dt.date, base_url: str) -> bytes:
    """The person's calendar as RFC 5545 text."""
    entries = sources.entries_for(user, today - PAST, today + AHEAD)
    covering = {
        id(due.entry): due.reminder
        for due in reminders.covered(entries, list(Reminder.objects.filter(user=user)))
    }
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "WPS calendar")
    stamp = timezone.now()
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.key or entry.kind}:{entry.date.isoformat()}@wpsdesk")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.date)
        event.add("dtend", entry.date + dt.timedelta(days=1))
        event.add("summary", reminders.safe_title(entry))
        event.add("transp", "TRANSPARENT")
        if entry.url:
            url = entry.url if "://" in entry.url else base_url.rstrip("/") + entry.url
            event.add("url", url)
        if not entry.restricted:
            event.add("categories", [str(sources.kind_of(entry.kind).label)])
            where = ", ".join(part for part in (entry.forum, entry.country) if part)
            if where:
                event.add("location", where)
            if entry.unit is not None:
                event.add("description", entry.unit.name)
        else:
            event.add("class", "PRIVATE")
        reminder = covering.get(id(entry))
        if reminder is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", reminders.safe_title(entry))
            alarm.add("trigger", -dt.timedelta(days=reminder.days_before))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
