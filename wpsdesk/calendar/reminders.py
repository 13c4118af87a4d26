"""Reminders: which of a person's reminders are due, and sending each one once by e-mail.

A reminder is due from ``days_before`` days before its entry up to the entry's day. A
reminder for one entry wins over the person's reminder for the entry's kind. Entries come
from the sources, so a person is reminded only of what they may see today.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import is_person

from . import sources
from .models import Reminder, ReminderSent
from .sources import Entry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueReminder:
    """One entry a person asked to be reminded of, with the reminder that asked."""

    entry: Entry
    reminder: Reminder

    @property
    def reminder_day(self) -> dt.date:
        return self.entry.date - dt.timedelta(days=self.reminder.days_before)


def reminder_for(entry: Entry, reminders: list[Reminder]) -> Reminder | None:
    """The reminder that covers ``entry``: one set for it, else one for its kind."""
    by_kind = None
    for reminder in reminders:
        if reminder.kind != entry.kind:
            continue
        if reminder.entry_key and reminder.entry_key == entry.key:
            return reminder
        if not reminder.entry_key:
            by_kind = reminder
    return by_kind


def covered(entries: list[Entry], reminders: list[Reminder]) -> list[DueReminder]:
    """Each entry with the reminder that covers it (entries without one are left out)."""
    found = []
    for entry in entries:
        reminder = reminder_for(entry, reminders)
        if reminder is not None:
            found.append(DueReminder(entry, reminder))
    return found


def due_for(user: Any, today: dt.date) -> list[DueReminder]:
    """The person's reminders due today, earliest entry first (one query without reminders)."""
    if not is_person(user):
        return []
    reminders = list(Reminder.objects.filter(user_id=user.pk))
    if not reminders:
        return []
    horizon = today + dt.timedelta(days=max(r.days_before for r in reminders))
    entries = sources.entries_for(user, today, horizon)
    return [due for due in covered(entries, reminders) if due.reminder_day <= today]


def safe_title(entry: Entry) -> str:
    """The title for places outside the app (e-mail, iCal): none from a restricted record."""
    return str(_("Restricted event")) if entry.restricted else entry.title


@dataclass
class SendResult:
    sent: int = 0
    already_sent: int = 0
    people: int = 0


def send_due(today: dt.date) -> SendResult:
    """E-mail every reminder due ``today`` that was not sent before; each is sent once.

    The "sent" mark and the e-mail are one step: a mark is kept only when its e-mail left.
    Restricted entries are named "Restricted event" in the e-mail.
    """
    result = SendResult()
    people = (
        User.objects.filter(is_active=True, calendar_reminders__isnull=False)
        .distinct()
        .order_by("pk")
    )
    for person in people:
        result.people += 1
        for due in due_for(person, today):
            if ReminderSent.objects.filter(
                reminder=due.reminder, entry_key=due.entry.key, entry_date=due.entry.date
            ).exists():
                result.already_sent += 1
                continue
            if not person.email:
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        reminder=due.reminder, entry_key=due.entry.key, entry_date=due.entry.date
                    )
                    _send(person, due)
            except IntegrityError:
                # Another run marked it between our check and our write: it is sent.
                result.already_sent += 1
                continue
            result.sent += 1
    return result


def _send(person: User, due: DueReminder) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = safe_title(due.entry)
        when = formats.date_format(due.entry.date, "DATE_FORMAT")
        base = getattr(settings, "WPSDESK_BASE_URL", "").rstrip("/")
        link = base + reverse("calendar:list") + f"?start={due.entry.date.isoformat()}"
        subject = _("Reminder: %(title)s on %(date)s") % {"title": title, "date": when}
        body = _(
            "%(title)s is on %(date)s (%(kind)s).\n\nSee it in the WPS calendar: %(link)s\n\n"
            "You set this reminder yourself; change or remove it under Calendar → Reminders."
        ) % {
            "title": title,
            "date": when,
            "kind": sources.kind_of(due.entry.kind).label,
            "link": link,
        }
    send_mail(subject, body, None, [person.email])
