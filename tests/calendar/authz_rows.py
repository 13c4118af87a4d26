"""Authorization rows for the calendar: every page and method, for every persona.

The calendar's views and lists answer every person with what that person may see. Unit
events are built in the Embassy in Bogotá: another unit's event is 404, its own reader
and the HQ coordinator get 403 on writes. Global events are kept by HQ coordinators only.
Reminders are each person's own (someone else's is 404). The feed is public: its secret
address is its key.
"""

from __future__ import annotations

import itertools
from typing import Any

from tests.authz import PERSONAS, Row
from tests.calendar.factories import make_event, make_global, remind
from tests.personas import Cast
from wpsdesk.calendar import feed
from wpsdesk.calendar.models import GlobalEvent, UnitEvent

ALL_PEOPLE = frozenset(PERSONAS)
ADDERS = frozenset({"officer", "lead", "outsider", "coordinator"})
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})
HQ = frozenset({"coordinator"})
READ_ONLY_HERE = {"reader": 403, "coordinator": 403}
_numbers = itertools.count(1)


def event(cast: Cast) -> UnitEvent:
    return make_event(cast.bogota)


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def fresh_event(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"pk": make_event(cast.bogota, f"To delete {next(_numbers)}").pk}


def global_event(cast: Cast) -> GlobalEvent:
    return make_global(f"Global {next(_numbers)}")


def fresh_global(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"pk": make_global(f"To delete {next(_numbers)}").pk}


def event_values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "title": f"Added in the table {next(_numbers)}",
        "date": "2026-10-20",
        "kind": "meeting",
        "country": "CO",
        "forum": "",
        "notes": "",
        "classification": "internal",
    }


def global_values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "name": f"Global day {next(_numbers)}",
        "forum": "UNGA",
        "month": "6",
        "day": "19",
        "is_active": "on",
        "dates_text": "",
    }


def officer_reminder(cast: Cast) -> Any:
    return remind(cast.officer, "calendar.global", 7)


def feed_token(cast: Cast) -> str:
    return feed.make_token(cast.officer)


ROWS: list[Row] = [
    Row("calendar:month", allowed=ALL_PEOPLE),
    Row("calendar:month", query="month=2026-10&country=CO", allowed=ALL_PEOPLE),
    Row("calendar:list", allowed=ALL_PEOPLE),
    Row("calendar:global_list", allowed=ALL_PEOPLE),
    Row("calendar:reminders", allowed=ALL_PEOPLE),
    Row("calendar:reminder_set", query="kind=calendar.global", allowed=ALL_PEOPLE),
    Row(
        "calendar:reminder_set",
        method="POST",
        data=lambda cast, setup: {"kind": "calendar.global", "days_before": "10"},
        allowed=ALL_PEOPLE,
    ),
    Row(
        "calendar:reminder_remove",
        method="POST",
        setup=officer_reminder,
        kwargs=pk,
        allowed=frozenset({"officer"}),
        denied=404,
        notes="a person's reminders are their own; anyone else's is 404",
    ),
    Row("calendar:feed_settings", allowed=ALL_PEOPLE),
    Row(
        "calendar:feed_settings",
        method="POST",
        data=lambda cast, setup: {"action": "make"},
        allowed=ALL_PEOPLE,
        notes="asks for confirmation first",
    ),
    Row(
        "calendar:feed",
        setup=feed_token,
        kwargs=lambda cast, token: {"token": token},
        public=True,
        notes="the secret address is the key; a wrong one is 404",
    ),
    Row(
        "calendar:event_create",
        allowed=ADDERS,
        notes="editors and leads of a unit",
    ),
    Row(
        "calendar:event_create",
        method="POST",
        data=event_values,
        allowed=ADDERS,
        notes="added to the person's own unit (no unit chosen)",
    ),
    Row(
        "calendar:event_detail",
        setup=event,
        kwargs=pk,
        allowed=SEE_BOGOTA,
        denied=404,
    ),
    *[
        Row(
            name,
            method=method,
            setup=event,
            kwargs=(fresh_event if name.endswith("delete") and method == "POST" else pk),
            data=event_values if name.endswith("edit") and method == "POST" else lambda c, s: {},
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
            notes="another unit's event is 404; its own reader and HQ get 403",
        )
        for name in ("calendar:event_edit", "calendar:event_delete")
        for method in ("GET", "POST")
    ],
    Row("calendar:global_create", allowed=HQ),
    Row("calendar:global_create", method="POST", data=global_values, allowed=HQ),
    Row("calendar:global_edit", setup=global_event, kwargs=pk, allowed=HQ),
    Row(
        "calendar:global_edit",
        method="POST",
        setup=global_event,
        kwargs=pk,
        data=global_values,
        allowed=HQ,
    ),
    Row("calendar:global_delete", setup=global_event, kwargs=pk, allowed=HQ),
    Row("calendar:global_delete", method="POST", kwargs=fresh_global, allowed=HQ),
]
