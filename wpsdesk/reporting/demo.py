"""Fictional reports home and speaking points for the demo's Embassy in Bogotá.

Two carry a WPS message (one links guideline items, one says it in its text, which the
screening finds); two carry none and are flagged; one is restricted. Loading twice adds
nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from wpsdesk.catalogue.models import Item
from wpsdesk.organisation.models import Classification, Unit, User

from . import services
from .models import Report, ReportKind

REPORTS = [
    {
        "kind": ReportKind.REPORT_HOME,
        "date": dt.date(2026, 3, 20),
        "title": "Report home: the ceasefire talks, third round (demo)",
        "text": "The third round agreed a timetable for the verification mechanism. "
        "Two of the twelve negotiators were women; the women's networks asked for a gender "
        "sub-commission and for guarantees against sexual violence in the verification zones.",
        "codes": ["CL.1"],
    },
    {
        "kind": ReportKind.SPEAKING_POINTS,
        "date": dt.date(2026, 4, 8),
        "title": "Speaking points for the ambassador, meeting with the High Commissioner (demo)",
        "text": "Speaking points. Norway welcomes the progress. We encourage the parties to "
        "ensure women's full, equal and meaningful participation in every commission, and to "
        "include provisions on conflict-related sexual violence in the protocol.",
        "codes": [],
    },
    {
        "kind": ReportKind.BACKGROUND,
        "date": dt.date(2026, 5, 2),
        "title": "Background note: coca substitution programme budget (demo)",
        "text": "The programme's budget for 2026 was cut by a fifth. Payments to families are "
        "late in three departments; the ministry expects to catch up by the autumn.",
        "codes": [],
    },
    {
        "kind": ReportKind.REPORT_HOME,
        "date": dt.date(2026, 6, 15),
        "title": "Report home: visit to the regional authorities (demo)",
        "text": "The governor presented the new road programme and asked for support to the "
        "port. The delegation discussed trade and the local elections.",
        "codes": [],
        "classification": Classification.RESTRICTED,
    },
]


@transaction.atomic
def load_demo() -> str:
    """Add the demo reports to Bogotá (idempotent)."""
    unit = Unit.objects.filter(code="demo-bogota").first()
    actor = User.objects.filter(username="bogota.officer").first()
    if unit is None or actor is None:
        return "reporting: no demo unit"
    added = 0
    for values in REPORTS:
        if Report.objects.filter(unit=unit, title=values["title"]).exists():
            continue
        fields = {k: v for k, v in values.items() if k != "codes"}
        items = list(Item.objects.filter(code__in=values["codes"]).order_by("-edition_id")[:1])
        services.report_save(actor=actor, unit=unit, values=fields, messages=items)
        added += 1
    return f"reporting: {added} demo reports added"
