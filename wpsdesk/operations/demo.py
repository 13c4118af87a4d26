"""A fictional operation for the demo: UNMISS as the Embassy in Juba follows it.

The figures, names and contacts are invented and marked "(demo)": a mandate renewal with
its WPS tasks, women's participation by level over three years, a contact with the
mission's leadership with a follow-up, a nomination, and one entry on the embassy's
restricted personnel list (kept by juba.lead; juba.officer has no clearance and does not
see it). Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.db import transaction

from wpsdesk.engagements import services as engagement_services
from wpsdesk.engagements.models import Gender, Kind, Nomination
from wpsdesk.organisation.models import Unit, User

from . import services
from .models import Contribution, Level, Operation, OperationKind, OrganisationKind

NAME = "United Nations Mission in South Sudan (demo)"
#: date → level → (women, total); invented figures, shaped like published ones.
FIGURES = {
    dt.date(2024, 6, 30): {
        Level.TROOPS: (770, 12900),
        Level.POLICE: (330, 1400),
        Level.CIVILIAN: (690, 2300),
        Level.LEADERSHIP: (4, 14),
    },
    dt.date(2025, 6, 30): {
        Level.TROOPS: (860, 12700),
        Level.POLICE: (360, 1380),
        Level.CIVILIAN: (700, 2250),
        Level.LEADERSHIP: (5, 14),
    },
    dt.date(2026, 6, 30): {
        Level.TROOPS: (930, 12500),
        Level.POLICE: (390, 1350),
        Level.CIVILIAN: (720, 2200),
        Level.LEADERSHIP: (6, 14),
    },
}
TASKS = [
    ("Women protection advisers in every field office", "kept"),
    ("Monitoring and reporting on conflict-related sexual violence", "strengthened"),
    ("Support to women's full, equal and meaningful participation in the peace process", "kept"),
    ("Gender-responsive security sector reform", "weakened"),
    ("Prevention of sexual exploitation and abuse by mission personnel", "new"),
]


@transaction.atomic
def load_demo() -> str:
    """Add the demo operation with its renewal, figures, contact and personnel (idempotent)."""
    unit = Unit.objects.filter(code="demo-juba").first()
    officer = User.objects.filter(username="juba.officer").first()
    lead = User.objects.filter(username="juba.lead").first()
    if unit is None or officer is None or lead is None:
        return "operations: no demo unit"
    if Operation.objects.filter(unit=unit, name=NAME).exists():
        return "operations: the demo operation is there"
    operation, _changed = services.operation_save(
        actor=officer,
        unit=unit,
        values={
            "name": NAME,
            "acronym": "UNMISS",
            "organisation": OrganisationKind.UN,
            "kind": OperationKind.PEACEKEEPING,
            "countries": "SS",
            "contribution": Contribution.BOTH,
            "contribution_note": "Police and staff officers (fictional numbers); "
            "a contribution to the women protection advisers' posts.",
            "started": dt.date(2011, 7, 9),
        },
    )
    services.renewal_add(
        actor=officer,
        operation=operation,
        date=dt.date(2026, 4, 30),
        resolution="S/RES/9999 (2026) (demo)",
        until=dt.date(2027, 4, 30),
        note="Norway's proposed language on women protection advisers was kept (fictional).",
        tasks=TASKS,
    )
    for date, levels in FIGURES.items():
        for level, (women, total) in levels.items():
            services.figure_save(
                actor=officer,
                operation=operation,
                date=date,
                level=level,
                women=women,
                total=total,
                source="Fictional figures (demo)",
            )
    contact, _changed = engagement_services.engagement_save(
        actor=officer,
        unit=unit,
        values={
            "kind": Kind.BILATERAL,
            "date": dt.date(2026, 5, 12),
            "country": "SS",
            "forum": "UNMISS",
            "operation": operation,
            "title": "Meeting with the Deputy SRSG on the new mandate (demo)",
            "summary": "Women's participation in the mission, the women protection advisers "
            "and SEA prevention in the field offices.",
            "wps_on_agenda": True,
        },
        grid={},
    )
    engagement_services.issue_add(
        actor=officer,
        engagement=contact,
        values={
            "issue": "Two field offices have no women protection adviser since March.",
            "follow_up": "Raise the vacant posts with DPO in New York before the budget talks.",
            "owner": officer,
            "due_date": dt.date(2026, 7, 1),
        },
    )
    nomination = engagement_services.representation_save(
        actor=officer,
        unit=unit,
        model=Nomination,
        values={
            "post": "Head of Field Office, Bor (demo)",
            "organisation": "UNMISS",
            "gender": Gender.WOMAN,
            "nominated_on": dt.date(2026, 2, 1),
        },
    )
    services.nomination_link(
        actor=officer, operation=operation, nomination=cast(Nomination, nomination)
    )
    services.person_save(
        actor=lead,
        unit=unit,
        operation=operation,
        values={
            "name": "Kari Demoutsendt (demo)",
            "post": "Police adviser, Juba (fictional)",
            "contact": "+211 000 000 001 (demo)",
            "deployed_from": dt.date(2026, 1, 15),
            "deployed_until": dt.date(2027, 1, 14),
            "review_due": dt.date(2026, 12, 1),
        },
    )
    return "operations: 1 demo operation added"
