"""Three fictional people at risk in the demo embassy in Bogotá, granted to its lead only.

Nobody here exists: the code names are birds, the "real names" say they are fictional, and
the events are invented. The grants go the way every grant on a strictly restricted record
goes: proposed by one lead of the unit (``bogota.deputy``), approved by a second
(``bogota.head``), for ``bogota.lead``. Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wpsdesk.organisation import services as organisation_services
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import forget_cached_access

from . import services
from .models import PersonAtRisk

PEOPLE = [
    {
        "code_name": "DEMO-HERON",
        "role": "defender",
        "real_name": "Heron Example (fictional demo person)",
        "event": ("threat", "high", "person", "confirmed", "Threatening letter (demo)."),
        "measure": ("referral_un", "UN Special Rapporteur on human rights defenders (demo)"),
    },
    {
        "code_name": "DEMO-KESTREL",
        "role": "peacebuilder",
        "real_name": "Kestrel Example (fictional demo person)",
        "event": ("reprisal_peace", "medium", "civil_society", "likely", "Smear campaign (demo)."),
        "measure": ("forum", "UN Security Council open debate on WPS (demo)"),
    },
    {
        "code_name": "DEMO-ORIOLE",
        "role": "politician",
        "real_name": "",
        "event": ("online_abuse", "medium", "media", "possible", "Online abuse (demo)."),
        "measure": ("political", ""),
    },
]


@transaction.atomic
def load_demo() -> str:
    """Create the three demo people at risk and the approved grants for ``bogota.lead``."""
    unit = Unit.objects.filter(code="demo-bogota").first()
    people = {u.username: u for u in User.objects.filter(username__startswith="bogota.")}
    needed = ("bogota.officer", "bogota.lead", "bogota.deputy", "bogota.head")
    if unit is None or any(name not in people for name in needed):
        return "People at risk: the demo organisation is missing; nothing loaded."
    if PersonAtRisk.objects.filter(unit=unit, code_name__startswith="DEMO-").exists():
        return "People at risk: demo records already there."
    lead = people["bogota.lead"]
    today = timezone.localdate()
    for spec in PEOPLE:
        person = services.person_create(
            actor=people["bogota.officer"],
            unit=unit,
            values={
                "code_name": spec["code_name"],
                "role": spec["role"],
                "country": "CO",
                "real_name": spec["real_name"],
                "notes": "Fictional record for the demo.",
                "consent_scope": "Fictional: agreed that the embassy keeps these notes.",
                "consent_on": today - dt.timedelta(days=30),
                "consent_how": "in_person",
            },
        )
        grant = organisation_services.grant_propose(
            actor=people["bogota.deputy"],
            record=person,
            person=lead,
            reason="Demo: the lead follows the embassy's people at risk.",
            ends_on=today + dt.timedelta(days=365),
            may_edit=True,
        )
        organisation_services.grant_approve(actor=people["bogota.head"], grant=grant)
        forget_cached_access(lead)
        kind, severity, source, reliability, text = spec["event"]
        services.event_add(
            actor=lead,
            person=person,
            values={
                "occurred_on": today - dt.timedelta(days=10),
                "kind": kind,
                "severity": severity,
                "source": source,
                "reliability": reliability,
                "description": text,
            },
        )
        measure_kind, mechanism = spec["measure"]
        services.measure_add(
            actor=lead,
            person=person,
            values={
                "kind": measure_kind,
                "started_on": today - dt.timedelta(days=5),
                "mechanism": mechanism,
                "status": "under_way",
            },
        )
    return "People at risk: 3 fictional records in demo-bogota, granted to bogota.lead only."
