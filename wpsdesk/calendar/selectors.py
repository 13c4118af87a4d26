"""Reads on the WPS calendar, every one through the policy layer.

The calendar's own two sources (global events, units' events) live here; the others are
in their apps' ``calendar`` modules. :func:`calendar_entries` gathers every source for a
person and narrows them by the page's filters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.organisation.policy import AnyUser, is_person, units_visible_to, visible_to

from . import sources
from .models import FeedToken, Forum, GlobalEvent, GlobalEventDate, Reminder, UnitEvent
from .sources import Entry

GLOBAL_KIND = "calendar.global"
UNIT_KIND = "calendar.unit_event"


def global_events() -> QuerySet[GlobalEvent]:
    """The global events with their dates set per year (two queries when read)."""
    return GlobalEvent.objects.prefetch_related(
        Prefetch("dates", queryset=GlobalEventDate.objects.order_by("date"))
    ).order_by("month", "day", "name", "pk")


def global_entries(user: Any, start: dt.date, end: dt.date) -> list[Entry]:
    """Every shown global event's dates from ``start`` to ``end``, for any logged-in person."""
    if not is_person(user):
        return []
    entries = []
    for event in global_events().filter(is_active=True):
        for day in event.dates_between(start, end, [d.date for d in event.dates.all()]):
            entries.append(
                Entry(
                    date=day,
                    title=event.name,
                    kind=GLOBAL_KIND,
                    url=event.url,
                    forum=event.forum,
                    key=f"calendar.global:{event.pk}",
                )
            )
    return entries


def unit_events_visible_to(*, user: AnyUser | None) -> QuerySet[UnitEvent]:
    """Units' events the person may open, in date order."""
    return (
        visible_to(UnitEvent.objects.all(), user=user)
        .select_related("unit")
        .order_by("date", "title", "pk")
    )


def unit_event_detail_queryset() -> QuerySet[UnitEvent]:
    return UnitEvent.objects.select_related("unit", "created_by")


def unit_event_entries(user: Any, start: dt.date, end: dt.date) -> list[Entry]:
    """The person's visible unit events from ``start`` to ``end``."""
    events = unit_events_visible_to(user=user).filter(date__gte=start, date__lte=end)
    return [
        Entry(
            date=event.date,
            title=event.title,
            kind=UNIT_KIND,
            url=reverse("calendar:event_detail", args=[event.pk]),
            unit=event.unit,
            country=event.country,
            forum=event.forum,
            restricted=event.classification != Classification.INTERNAL,
            key=f"calendar.event:{event.pk}",
        )
        for event in events
    ]


@dataclass(frozen=True)
class CalendarFilters:
    """What the month and list views are narrowed to; empty means everything."""

    unit: Unit | None = None
    country: str = ""
    forum: str = ""
    kind: str = ""

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> CalendarFilters:
        return cls(
            unit=data.get("unit"),
            country=(data.get("country") or "").strip().upper(),
            forum=data.get("forum") or "",
            kind=data.get("kind") or "",
        )

    def keeps(self, entry: Entry) -> bool:
        if self.unit is not None and (entry.unit is None or entry.unit.pk != self.unit.pk):
            return False
        if self.country and entry.country != self.country:
            return False
        if self.forum and not _same_forum(entry.forum, self.forum):
            return False
        return not (self.kind and entry.kind != self.kind)


def _same_forum(value: str, code: str) -> bool:
    """An entry's forum is a code (``UNSC``) or, from engagements, free text naming it."""
    if not value:
        return False
    label = str(dict(Forum.choices).get(code, code))
    return value.casefold() in {code.casefold(), label.casefold()}


def calendar_entries(
    *,
    user: AnyUser | None,
    start: dt.date,
    end: dt.date,
    filters: CalendarFilters | None = None,
) -> list[Entry]:
    """Every source's entries the person may see from ``start`` to ``end``, filtered."""
    if not is_person(user):
        return []
    entries = sources.entries_for(user, start, end)
    if filters is not None:
        entries = [entry for entry in entries if filters.keeps(entry)]
    return entries


def filter_units(*, user: AnyUser | None) -> QuerySet[Unit]:
    """Units the unit filter offers: those the person may look at."""
    return units_visible_to(user=user).order_by("name")


def reminders_of(*, user: AnyUser | None) -> QuerySet[Reminder]:
    """The person's own reminders (no one else's, ever)."""
    if not is_person(user):
        return Reminder.objects.none()
    person = cast(User, user)
    return Reminder.objects.filter(user_id=person.pk).order_by("kind", "entry_key", "pk")


def feed_of(*, user: AnyUser | None) -> FeedToken | None:
    """The person's feed address record, if they have one."""
    if not is_person(user):
        return None
    person = cast(User, user)
    return FeedToken.objects.filter(user_id=person.pk).first()
