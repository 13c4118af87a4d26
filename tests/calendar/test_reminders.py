"""Reminders: due ones become home-page tasks (frozen clock) and e-mails sent once by
``wpsdesk calendar remind``; a reminder for one entry wins over one for its kind; restricted
entries are named "Restricted event" in e-mails; each person changes only their own."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.calendar.factories import OCTOBER_DEBATE, make_event, remind, restricted_event
from tests.personas import Cast, verified_client
from tests.refusals import assert_refused
from wpsdesk.calendar import reminders, services
from wpsdesk.calendar.models import Reminder, ReminderSent

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 8, tzinfo=dt.UTC), tick=False
    )


def test_a_due_reminder_is_a_home_page_task_only_when_due(cast: Cast) -> None:
    remind(cast.lead, "calendar.global", 14)
    client = verified_client(cast.lead)
    with at(dt.date(2026, 10, 12)):  # 15 days before the open debate
        assert OCTOBER_DEBATE not in client.get(HOME).content.decode()
    with at(dt.date(2026, 10, 13)):  # 14 days before
        body = client.get(HOME).content.decode()
        assert f"Reminder: {OCTOBER_DEBATE}" in body
        assert "in 14 days" in body
    with at(dt.date(2026, 10, 28)):  # the day after: no longer due
        assert OCTOBER_DEBATE not in client.get(HOME).content.decode()
    # Someone without the reminder never sees it.
    with at(dt.date(2026, 10, 13)):
        assert OCTOBER_DEBATE not in verified_client(cast.officer).get(HOME).content.decode()


def test_a_reminder_for_one_entry_wins_over_the_kind(cast: Cast) -> None:
    event = make_event(cast.bogota, "Bogota consultation", date=dt.date(2026, 10, 15))
    remind(cast.officer, "calendar.unit_event", 1)
    remind(cast.officer, "calendar.unit_event", 10, key=f"calendar.event:{event.pk}")
    due = reminders.due_for(cast.officer, dt.date(2026, 10, 5))
    assert [d.entry.title for d in due] == ["Bogota consultation"]
    assert due[0].reminder.days_before == 10


def test_the_command_emails_each_reminder_once(cast: Cast) -> None:
    cast.lead.email = "lead@example.org"
    cast.lead.save()
    restricted_event(cast.bogota, "Bogota secret meeting", date=dt.date(2026, 10, 20))
    remind(cast.lead, "calendar.global", 14)
    remind(cast.lead, "calendar.unit_event", 7)
    out = io.StringIO()
    with at(dt.date(2026, 10, 13)):
        call_command("calendar", "remind", stdout=out)
        # The open debate (27 October) and the AU session (20 October) are within 14 days;
        # the anniversary (31 October) is not yet; the restricted event is within 7.
        assert "3 reminder(s) sent" in out.getvalue()
        call_command("calendar", "remind", stdout=io.StringIO())  # idempotent
    assert len(mail.outbox) == 3
    subjects = sorted(m.subject for m in mail.outbox)
    assert any(OCTOBER_DEBATE in s for s in subjects)
    assert any("Restricted event" in s for s in subjects)
    assert all("Bogota secret meeting" not in m.subject + m.body for m in mail.outbox)
    assert ReminderSent.objects.count() == 3
    with at(dt.date(2026, 10, 14)):  # still due the next day, but already sent
        call_command("calendar", "remind", stdout=io.StringIO())
    assert len(mail.outbox) == 3


def test_a_person_who_lost_access_is_not_reminded(cast: Cast) -> None:
    cast.reader.email = "reader@example.org"
    cast.reader.save()
    restricted_event(cast.bogota, "Bogota secret meeting", date=dt.date(2026, 10, 20))
    remind(cast.reader, "calendar.unit_event", 7)
    with at(dt.date(2026, 10, 13)):
        call_command("calendar", "remind", stdout=io.StringIO())
    assert mail.outbox == []


def test_setting_a_reminder_from_the_list(cast: Cast, as_officer: Client) -> None:
    event = make_event(cast.bogota, "Bogota consultation")
    url = reverse("calendar:reminder_set")
    query = {
        "kind": "calendar.unit_event",
        "key": f"calendar.event:{event.pk}",
        "date": "2026-10-15",
    }
    page = as_officer.get(url, query)
    assert page.status_code == 200
    assert "Bogota consultation" in page.content.decode()
    assert page.context["form"]["days_before"].value() == 7  # the kind's default
    response = as_officer.post(url, {**query, "days_before": "3"})
    assert response.status_code == 302
    reminder = Reminder.objects.get(user=cast.officer)
    assert (reminder.entry_key, reminder.days_before) == (query["key"], 3)
    bad = as_officer.post(url, {**query, "days_before": "400"})
    assert bad.status_code == 400
    assert "Choose at most 90 days." in bad.content.decode()


def test_a_reminder_cannot_name_an_entry_the_person_may_not_see(cast: Cast) -> None:
    secret = restricted_event(cast.bogota)
    query = {
        "kind": "calendar.unit_event",
        "key": f"calendar.event:{secret.pk}",
        "date": "2026-10-15",
    }
    outsider = verified_client(cast.outsider)
    assert outsider.get(reverse("calendar:reminder_set"), query).status_code == 404
    assert (
        outsider.post(reverse("calendar:reminder_set"), {**query, "days_before": 1}).status_code
        == 404
    )
    assert not Reminder.objects.exists()


def test_no_one_removes_someone_elses_reminder(cast: Cast, as_outsider: Client) -> None:
    reminder = remind(cast.officer, "calendar.global", 7)
    url = reverse("calendar:reminder_remove", args=[reminder.pk])
    assert as_outsider.post(url).status_code == 404
    assert Reminder.objects.filter(pk=reminder.pk).exists()
    assert_refused(
        lambda: services.reminder_remove(actor=cast.outsider, reminder=reminder), "calendar"
    )
