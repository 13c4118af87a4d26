"""Fictional country pages for the demo countries: Colombia (Bogotá), Jordan (Amman) and
South Sudan (Juba).

Each gets ratifications, a national action plan, a law, a CEDAW and a UPR cycle with dates
in the current year, four recommendations with follow-ups (one UPR recommendation made by
Norway) and a monitor's entry. Texts are invented and marked "(demo)"; dates of
ratification are illustrative. Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from wpsdesk.organisation.models import Unit, User

from . import services
from .models import Recommendation

# country → (unit code, editor, regional instrument or "")
COUNTRIES = {
    "CO": ("demo-bogota", "bogota.officer", "belem"),
    "JO": ("demo-amman", "amman.officer", ""),
    "SS": ("demo-juba", "juba.officer", "maputo"),
}

NAMES = {"CO": "Colombia", "JO": "Jordan", "SS": "South Sudan"}

RECOMMENDATIONS: list[tuple[str, dict[str, Any], str]] = [
    (
        "cedaw",
        {
            "text": "Ensure women's full and meaningful participation in the implementation "
            "of peace agreements, including in local peace committees (demo).",
            "theme": "participation",
            "response": "accepted",
        },
        "in_progress",
    ),
    (
        "cedaw",
        {
            "text": "Repeal the provisions that allow a lower age of marriage for girls (demo).",
            "theme": "laws",
            "response": "accepted",
        },
        "partly",
    ),
    (
        "upr",
        {
            "text": "Adopt and fund a second national action plan on women, peace and "
            "security, developed with women's organisations (demo).",
            "theme": "nap",
            "response": "accepted",
            "recommending_state": "NO",
        },
        "in_progress",
    ),
    (
        "upr",
        {
            "text": "Investigate all attacks on women human rights defenders and bring those "
            "responsible to justice (demo).",
            "theme": "defenders",
            "response": "noted",
            "recommending_state": "IE",
        },
        "not_started",
    ),
]


def _values(code: str, year: int, regional: str) -> list[tuple[str, dict[str, Any]]]:
    name = NAMES[code]
    records: list[tuple[str, dict[str, Any]]] = [
        (
            "conventions",
            {
                "instrument": "cedaw",
                "signed_on": dt.date(1980, 7, 17),
                "ratified_on": dt.date(1982, 1, 19),
                "reservations": "",
            },
        ),
        (
            "conventions",
            {"instrument": "cedaw_op", "signed_on": dt.date(1999, 12, 10), "ratified_on": None},
        ),
        (
            "nap",
            {
                "title": f"National action plan on women, peace and security for {name} (demo)",
                "starts": year - 1,
                "ends": year + 3,
                "status": "in_force",
                "link": "https://example.org/demo-nap",
                "note": "Drafted with women's organisations; budget lines still missing.",
            },
        ),
        (
            "legislation",
            {
                "title": "Family code provisions on guardianship (demo)",
                "year": 1984,
                "kind": "discriminatory",
                "status": "amending",
                "note": "An amendment is before parliament this year.",
            },
        ),
        (
            "reviews",
            {
                "body": "cedaw",
                "cycle": 10,
                "report_due": dt.date(year, 3, 1),
                "review_date": dt.date(year, 10, 14),
                "observations_date": dt.date(year, 11, 3),
            },
        ),
        (
            "reviews",
            {
                "body": "upr",
                "cycle": 4,
                "report_due": dt.date(year, 2, 2),
                "review_date": dt.date(year, 5, 6),
                "observations_date": dt.date(year, 7, 10),
            },
        ),
        (
            "monitors",
            {
                "monitor": "Women's shadow report coalition (demo)",
                "on": dt.date(year, 2, 15),
                "title": f"Shadow report to the CEDAW Committee on {name} (demo)",
                "summary": "Finds slow progress on women in local peace structures.",
                "link": "",
            },
        ),
    ]
    if regional:
        records.append(
            (
                "conventions",
                {
                    "instrument": regional,
                    "signed_on": dt.date(2003, 7, 11),
                    "ratified_on": dt.date(2005, 3, 30),
                },
            )
        )
    return records


def load_demo() -> str:
    """Add the demo countries' records where a unit has none yet; a one-line summary."""
    year = timezone.localdate().year
    added = 0
    for code, (unit_code, username, regional) in COUNTRIES.items():
        unit = Unit.objects.filter(code=unit_code).first()
        actor = User.objects.filter(username=username).first()
        if unit is None or actor is None:
            continue
        if Recommendation.objects.filter(unit=unit, country=code).exists():
            continue
        with transaction.atomic():
            for kind, values in _values(code, year, regional):
                services.commitment_save(
                    actor=actor, kind=kind, unit=unit, country=code, values=values
                )
                added += 1
            for number, (body, values, status) in enumerate(RECOMMENDATIONS):
                cycle = 10 if body == "cedaw" else 4
                rec, _changed = services.commitment_save(
                    actor=actor,
                    kind="recommendations",
                    unit=unit,
                    country=code,
                    values={"body": body, "cycle": cycle, **values},
                )
                added += 1
                assert isinstance(rec, Recommendation)  # noqa: S101 (narrowing)
                services.follow_up_add(
                    actor=actor,
                    recommendation=rec,
                    values={
                        "on": dt.date(year, 1, 20 + number),
                        "status": "not_started",
                        "evidence": "Raised at the annual consultation with women's "
                        "organisations (demo).",
                        "source": "Embassy",
                    },
                )
                if status != "not_started":
                    services.follow_up_add(
                        actor=actor,
                        recommendation=rec,
                        values={
                            "on": dt.date(year, 6, 1 + number),
                            "status": status,
                            "evidence": "The ministry's progress report names steps taken (demo).",
                            "source": "Government report",
                        },
                    )
    return f"countries: {added} demo country records added"
