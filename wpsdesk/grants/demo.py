"""Fictional grants across the demo units, with markers, reports and a best-practice note.

Every grant is invented and marked "(demo)"; any likeness to a real agreement is by chance.
Partners come from the demo civil-society maps, or are fictional multilateral partners.
One report is overdue (due 2025-09-30, never received); one is due in three weeks, so it
shows as a home-page task in Bogotá. Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from wpsdesk.civil_society.models import Organisation
from wpsdesk.engagements.forms import items_for_codes
from wpsdesk.engagements.models import Engagement, Kind
from wpsdesk.organisation.models import Unit, User

from . import services
from .models import BestPractice, Channel, Grant, Integration, PracticeSource

D = Decimal

# (unit code, person, partner name on that unit's map or "", grant values, serves, amounts)
GRANTS: list[tuple[str, str, str, dict[str, Any], str, list[services.AmountRow]]] = [
    (
        "demo-bogota",
        "bogota.officer",
        "Red de Mujeres Constructoras de Paz (demo)",
        {
            "agreement_number": "COL-24/0101",
            "title": "Women in the territorial peace dialogues (demo)",
            "channel": Channel.MISSION,
            "budget_chapter": "159",
            "budget_item": "71",
            "start_date": dt.date(2024, 7, 1),
            "end_date": dt.date(2026, 12, 31),
            "country": "CO",
            "priority": 1,
            "gender_marker": 2,
            "wps_relevant": True,
            "needs_analysis_date": dt.date(2024, 9, 15),
            "needs_analysis_groups": "displaced reproductive ethnicity socio_economic",
        },
        "P1.C.5 P1.C.1",
        [(2025, D("3000000"), "NOK", D("3000000")), (2026, D("3500000"), "NOK", D("3500000"))],
    ),
    (
        "demo-bogota",
        "bogota.officer",
        "Fundación Norte-Sur (demo)",
        {
            "agreement_number": "COL-25/0102",
            "title": "Protection of women human rights defenders (demo)",
            "channel": Channel.MISSION,
            "budget_chapter": "150",
            "budget_item": "70",
            "start_date": dt.date(2025, 1, 1),
            "end_date": dt.date(2025, 12, 31),
            "country": "CO",
            "priority": 3,
            "gender_marker": 1,
            "humanitarian": True,
            "age_marker": 3,
            "wps_relevant": True,
        },
        "P3.C.1",
        [(2025, D("1200000"), "NOK", D("1200000"))],
    ),
    (
        "demo-amman",
        "amman.officer",
        "",
        {
            "agreement_number": "JOR-25/0201",
            "title": "Women mediators in the region (demo)",
            "multilateral_partner": "UN Women (demo)",
            "channel": Channel.MISSION,
            "budget_chapter": "159",
            "budget_item": "71",
            "start_date": dt.date(2025, 3, 1),
            "end_date": dt.date(2026, 2, 28),
            "country": "JO",
            "priority": 1,
            "gender_marker": 2,
            "wps_relevant": True,
        },
        "P1.C.1",
        [(2025, D("500000"), "USD", D("5250000"))],
    ),
    (
        "demo-juba",
        "juba.officer",
        "South Sudan Women Peacebuilders Coalition (demo)",
        {
            "agreement_number": "SSD-25/0301",
            "title": "Emergency food distribution in Upper Nile (demo)",
            "channel": Channel.MISSION,
            "budget_chapter": "163",
            "budget_item": "70",
            "start_date": dt.date(2025, 1, 1),
            "end_date": dt.date(2025, 12, 31),
            "country": "SS",
            "priority": 3,
            "gender_marker": 0,
            "humanitarian": True,
            "age_marker": 1,
            "wps_relevant": False,
        },
        "",
        [(2025, D("2000000"), "NOK", D("2000000"))],
    ),
    (
        "demo-peace",
        "peace.lead",
        "",
        {
            "agreement_number": "GLO-25/0401",
            "title": "Women's participation window of a peacebuilding fund (demo)",
            "multilateral_partner": "UN Peacebuilding Fund (demo)",
            "channel": Channel.MINISTRY,
            "budget_chapter": "159",
            "budget_item": "70",
            "start_date": dt.date(2025, 1, 1),
            "end_date": dt.date(2026, 12, 31),
            "region": "Global",
            "priority": 1,
            "gender_marker": 1,
            "wps_relevant": True,
        },
        "P1.C.5",
        [(2025, D("10000000"), "NOK", D("10000000")), (2026, D("10000000"), "NOK", D("10000000"))],
    ),
]

#: Reports: (agreement number, title, due, received, planning, implementation, evaluation)
REPORTS: list[tuple[str, str, dt.date | None, dt.date | None, str, str, str]] = [
    (
        "COL-24/0101",
        "Annual report 2024 (demo)",
        dt.date(2025, 4, 30),
        dt.date(2025, 4, 22),
        Integration.INTEGRATED,
        Integration.PARTLY,
        Integration.INTEGRATED,
    ),
    # Due three weeks from the day the demo is loaded: a home-page task in Bogotá.
    ("COL-24/0101", "Annual report 2025 (demo)", None, None, "", "", ""),
    # Never received: the overdue one.
    ("COL-25/0102", "Mid-term report (demo)", dt.date(2025, 9, 30), None, "", "", ""),
    (
        "SSD-25/0301",
        "Final report (demo)",
        dt.date(2025, 6, 30),
        dt.date(2025, 7, 2),
        Integration.ABSENT,
        Integration.ABSENT,
        Integration.ABSENT,
    ),
]

PRACTICE = {
    "title": "Sexual violence in humanitarian planning (demo)",
    "source": PracticeSource.GRANTEE,
    "summary": (
        "A fictional grantee added a protection adviser to its food distribution planning: "
        "distribution points moved closer to the camps and away from checkpoints, and "
        "women-only distribution hours were agreed with the community. Reports of "
        "harassment on the way to distributions fell."
    ),
}


@transaction.atomic
def load_demo() -> str:
    """Add the demo grants, their reports, a dialogue and a best-practice note (idempotent)."""
    added = 0
    for code, username, partner_name, values, serves, amounts in GRANTS:
        unit = Unit.objects.filter(code=code).first()
        actor = User.objects.filter(username=username).first()
        if unit is None or actor is None:
            continue
        if Grant.objects.filter(agreement_number=values["agreement_number"]).exists():
            continue
        data = dict(values)
        if partner_name:
            data["partner"] = Organisation.objects.filter(unit=unit, name=partner_name).first()
            if data["partner"] is None:
                data["multilateral_partner"] = partner_name
        items, _unknown = items_for_codes(serves)
        services.grant_save(actor=actor, unit=unit, values=data, serves=items, amounts=amounts)
        added += 1
    today = timezone.localdate()
    for number, title, due, received, planning, implementation, evaluation in REPORTS:
        grant = Grant.objects.filter(agreement_number=number).first()
        if grant is None or grant.reports.filter(title=title).exists():
            continue
        actor = grant.created_by
        if actor is None:
            continue
        services.report_save(
            actor=actor,
            grant=grant,
            values={
                "title": title,
                "due_date": due or today + dt.timedelta(days=21),
                "received_on": received,
                "planning": planning,
                "implementation": implementation,
                "evaluation": evaluation,
                "assessment": "Fictional assessment for the demo." if received else "",
            },
        )
    grant = Grant.objects.filter(agreement_number="COL-24/0101").first()
    if grant is not None and grant.created_by and not grant.engagements.exists():
        dialogue = (
            Engagement.objects.filter(unit=grant.unit, kind=Kind.CIVIL_SOCIETY)
            .order_by("date", "pk")
            .first()
        )
        if dialogue is not None:
            services.engagement_link(actor=grant.created_by, grant=grant, engagement=dialogue)
    peace = Unit.objects.filter(code="demo-peace").first()
    lead = User.objects.filter(username="hq.coordinator").first()
    if peace and lead and not BestPractice.objects.filter(title=PRACTICE["title"]).exists():
        items, _unknown = items_for_codes("P3.C.1")
        services.practice_save(
            actor=lead,
            unit=peace,
            values=PRACTICE,
            grants=list(Grant.objects.filter(agreement_number__in=["SSD-25/0301", "COL-25/0102"])),
            serves=items,
        )
    return f"grants: {added} demo grants added"
