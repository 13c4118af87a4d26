"""A fictional year of calendar entries for the demo units, and a few demo reminders.

Every event is invented and marked "(demo)". Events fall over the twelve months from
three months ago, so the month and list views have something in each. One Bogotá event
is restricted (seen only with clearance in Bogotá). bogota.lead gets reminders for the
global events and for Bogotá's events; juba.officer for follow-ups. Loading twice adds
nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wpsdesk.organisation.models import Classification, Unit, User

from . import selectors, services
from .models import EventKind, Forum, UnitEvent

MARK = "(demo)"

# (unit code, editor, days from the start of the demo year, title, kind, country, forum,
#  classification)
EVENTS: list[tuple[str, str, int, str, str, str, str, str]] = [
    (
        "demo-bogota",
        "bogota.officer",
        10,
        "Consultation with women's organisations in Cauca",
        EventKind.MEETING,
        "CO",
        "",
        Classification.INTERNAL,
    ),
    (
        "demo-bogota",
        "bogota.officer",
        45,
        "Visit of the State Secretary to Bogotá",
        EventKind.VISIT,
        "CO",
        "",
        Classification.INTERNAL,
    ),
    (
        "demo-bogota",
        "bogota.officer",
        80,
        "Briefing of the verification mission on WPS",
        EventKind.MEETING,
        "CO",
        "UNSC",
        Classification.INTERNAL,
    ),
    (
        "demo-bogota",
        "bogota.officer",
        120,
        "Meeting with a woman human rights defender at risk",
        EventKind.MEETING,
        "CO",
        "",
        Classification.RESTRICTED,
    ),
    (
        "demo-bogota",
        "bogota.officer",
        170,
        "Deadline: grant applications on women in peace",
        EventKind.DEADLINE,
        "CO",
        "",
        Classification.INTERNAL,
    ),
    (
        "demo-bogota",
        "bogota.officer",
        230,
        "National dialogue on the NAP 1325",
        EventKind.DEBATE,
        "CO",
        "",
        Classification.INTERNAL,
    ),
    (
        "demo-bogota",
        "bogota.officer",
        300,
        "Orange Day event with the gender equality body",
        EventKind.DAY,
        "CO",
        "",
        Classification.INTERNAL,
    ),
    (
        "demo-amman",
        "amman.officer",
        30,
        "Roundtable on women in the security sector",
        EventKind.MEETING,
        "JO",
        "",
        Classification.INTERNAL,
    ),
    (
        "demo-amman",
        "amman.officer",
        200,
        "Regional WPS network meeting",
        EventKind.MEETING,
        "JO",
        "",
        Classification.INTERNAL,
    ),
    (
        "demo-juba",
        "juba.officer",
        60,
        "Women's consultation before the peace talks",
        EventKind.MEETING,
        "SS",
        "",
        Classification.INTERNAL,
    ),
    (
        "demo-juba",
        "juba.officer",
        250,
        "AU briefing on women's participation",
        EventKind.DEBATE,
        "SS",
        Forum.AFRICAN_UNION,
        Classification.INTERNAL,
    ),
    (
        "demo-un-ny",
        "un.officer",
        95,
        "Side event at the Security Council on WPS financing",
        EventKind.DEBATE,
        "",
        Forum.UN_SECURITY_COUNCIL,
        Classification.INTERNAL,
    ),
    (
        "demo-un-ny",
        "un.officer",
        280,
        "Statement drafting deadline: open debate on WPS",
        EventKind.DEADLINE,
        "",
        Forum.UN_SECURITY_COUNCIL,
        Classification.INTERNAL,
    ),
    (
        "demo-nato",
        "nato.officer",
        150,
        "NATO WPS task force meeting",
        EventKind.MEETING,
        "",
        Forum.NATO,
        Classification.INTERNAL,
    ),
    (
        "demo-peace",
        "peace.lead",
        210,
        "Mediators' retreat on inclusive processes",
        EventKind.MEETING,
        "",
        "",
        Classification.INTERNAL,
    ),
]

# (person, kind, days before)
REMINDERS = [
    ("bogota.lead", selectors.GLOBAL_KIND, 14),
    ("bogota.lead", selectors.UNIT_KIND, 3),
    ("juba.officer", "engagements.follow_up_due", 7),
]


@transaction.atomic
def load_demo() -> str:
    """Add the demo year's events where a unit has none yet, and the demo reminders."""
    start = timezone.localdate() - dt.timedelta(days=90)
    created = 0
    for code, editor_name, offset, title, kind, country, forum, classification in EVENTS:
        unit = Unit.objects.filter(code=code).first()
        editor = User.objects.filter(username=editor_name).first()
        if unit is None or editor is None:
            continue
        name = f"{title} {MARK}"
        if UnitEvent.objects.filter(unit=unit, title=name).exists():
            continue
        services.event_save(
            actor=editor,
            unit=unit,
            values={
                "title": name,
                "date": start + dt.timedelta(days=offset),
                "kind": kind,
                "country": country,
                "forum": forum,
                "notes": "",
                "classification": classification,
            },
        )
        created += 1
    reminders = 0
    for username, kind, days in REMINDERS:
        person = User.objects.filter(username=username).first()
        if person is None or person.calendar_reminders.filter(kind=kind, entry_key="").exists():
            continue
        services.reminder_set(actor=person, kind=kind, days_before=days)
        reminders += 1
    return f"calendar: {created} demo event(s), {reminders} reminder(s)"
