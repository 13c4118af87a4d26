"""What the calendar puts on a person's home page: their reminders that are due."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task

from . import reminders

#: At most this many reminders on one home page.
SHOWN = 20


def reminders_due(request: HttpRequest) -> list[Task]:
    """The person's due reminders: the entry, its date, urgent on the day itself."""
    today = timezone.localdate()
    tasks = []
    for due in reminders.due_for(request.user, today)[:SHOWN]:
        entry = due.entry
        days = (entry.date - today).days
        when = formats.date_format(entry.date, "DATE_FORMAT")
        detail = (
            _("today, %(date)s") % {"date": when}
            if days == 0
            else _("on %(date)s, in %(days)s days") % {"date": when, "days": days}
        )
        tasks.append(
            Task(
                title=_("Reminder: %(title)s") % {"title": entry.title},
                url=entry.url or reverse("calendar:list") + f"?start={entry.date.isoformat()}",
                detail=detail,
                urgent=days == 0,
            )
        )
    return tasks
