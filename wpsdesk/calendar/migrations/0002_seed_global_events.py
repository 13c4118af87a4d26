"""The recurring global events of the WPS year, as HQ coordinators start from.

Dates that move from year to year are set for 2026 and 2027 from the bodies' usual
rhythm; HQ coordinators correct them on /calendar/global/ as programmes are published.
Running it again adds nothing (events are matched by name).
"""

import datetime as dt

from django.db import migrations

D = dt.date

# (name, forum, description, (month, day) or None, dates set per year)
EVENTS = [
    (
        "International Women's Day",
        "UNGA",
        "8 March every year.",
        (3, 8),
        [],
    ),
    (
        "Commission on the Status of Women (CSW), annual session",
        "CSW",
        "Two weeks in March in New York; the date is the session's opening day.",
        None,
        [D(2026, 3, 9), D(2027, 3, 8)],
    ),
    (
        "Security Council open debate on conflict-related sexual violence",
        "UNSC",
        "Held in April, on the Secretary-General's annual report on CRSV.",
        None,
        [D(2026, 4, 14), D(2027, 4, 13)],
    ),
    (
        "International Day for the Elimination of Sexual Violence in Conflict",
        "UNGA",
        "19 June every year.",
        (6, 19),
        [],
    ),
    (
        "African Union Peace and Security Council open session on WPS",
        "AU",
        "The PSC's annual open session on women, peace and security.",
        None,
        [D(2026, 10, 20), D(2027, 10, 19)],
    ),
    (
        "Secretary-General's annual report on women, peace and security",
        "UNSC",
        "Published ahead of the open debate in late October.",
        None,
        [D(2026, 10, 9), D(2027, 10, 8)],
    ),
    (
        "Security Council open debate on women, peace and security",
        "UNSC",
        "The annual open debate in late October, on the Secretary-General's report.",
        None,
        [D(2026, 10, 27), D(2027, 10, 26)],
    ),
    (
        "Anniversary of Security Council resolution 1325 (2000)",
        "UNSC",
        "Adopted on 31 October 2000.",
        (10, 31),
        [],
    ),
    (
        "OSCE Forum for Security Co-operation: security dialogue on WPS",
        "OSCE",
        "The annual security dialogue on women, peace and security in Vienna.",
        None,
        [D(2026, 11, 4), D(2027, 11, 3)],
    ),
    (
        "16 Days of Activism against Gender-Based Violence begin",
        "UNGA",
        "25 November to 10 December every year.",
        (11, 25),
        [],
    ),
]


def seed(apps, schema_editor):
    GlobalEvent = apps.get_model("calendar", "GlobalEvent")
    GlobalEventDate = apps.get_model("calendar", "GlobalEventDate")
    for name, forum, description, fixed, dates in EVENTS:
        if GlobalEvent.objects.filter(name=name).exists():
            continue
        month, day = fixed or (None, None)
        event = GlobalEvent.objects.create(
            name=name, forum=forum, description=description, month=month, day=day
        )
        for date in dates:
            GlobalEventDate.objects.create(event=event, date=date)


class Migration(migrations.Migration):
    dependencies = [("calendar", "0001_units_global_events_reminders_feeds")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
