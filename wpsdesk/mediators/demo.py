"""A fictional roster for the demo: ten invented mediators, requests from Juba and Bogotá,
one deployment with its cost, and this year's central allocation.

Every name, address and number is invented and marked "(demo)". Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_read
from wpsdesk.processes.models import PeaceProcess

from . import services
from .models import Availability, ConsentMethod, Mediator, Payer, RequestStatus, pack_codes

#: name, expertise, languages, regions, availability
ROSTER: list[tuple[str, list[str], list[str], list[str], str]] = [
    (
        "Astrid Demomegler",
        ["process_design", "national_dialogue"],
        ["no", "en", "es"],
        ["americas"],
        Availability.AVAILABLE,
    ),
    (
        "Bente Fiktiv",
        ["inclusion", "civil_society"],
        ["no", "en", "fr"],
        ["africa"],
        Availability.AVAILABLE,
    ),
    (
        "Camilla Oppdikt",
        ["transitional_justice"],
        ["no", "en", "es"],
        ["americas", "europe"],
        Availability.LIMITED,
    ),
    (
        "Dagny Eksempel",
        ["peacekeeping", "inclusion"],
        ["no", "en", "ar"],
        ["middle_east"],
        Availability.AVAILABLE,
    ),
    ("Eli Prøvesen", ["communication"], ["no", "en"], ["europe", "asia"], Availability.UNAVAILABLE),
    (
        "Frida Tenkt",
        ["national_dialogue", "civil_society"],
        ["no", "en", "sw"],
        ["africa"],
        Availability.AVAILABLE,
    ),
    (
        "Gro Diktet",
        ["process_design", "transitional_justice"],
        ["no", "en", "pt"],
        ["africa", "americas"],
        Availability.LIMITED,
    ),
    (
        "Hilde Demodatter",
        ["peacekeeping"],
        ["no", "en", "fr"],
        ["africa", "middle_east"],
        Availability.AVAILABLE,
    ),
    (
        "Ingrid Påfunn",
        ["communication", "inclusion"],
        ["no", "en", "ru"],
        ["europe"],
        Availability.AVAILABLE,
    ),
    (
        "Jorunn Innbilt",
        ["civil_society", "process_design"],
        ["no", "en", "ar"],
        ["middle_east", "asia"],
        Availability.AVAILABLE,
    ),
]

CONSENT = "On the roster; profile shared with missions; contact through the Section."


def load_demo() -> str:
    """Add the demo roster where the Section has none yet; return a one-line summary."""
    section = Unit.objects.filter(code="demo-peace").first()
    lead = User.objects.filter(username="peace.lead").first()
    if section is None or lead is None:
        return "mediators: no demo Section for Peace and Reconciliation; nothing added"
    if Mediator.objects.filter(unit=section, name__endswith="(demo)").exists():
        return "mediators: demo roster already there"
    today = timezone.localdate()
    with transaction.atomic():
        mediators = []
        for n, (name, expertise, languages, regions, availability) in enumerate(ROSTER):
            mediator = services.mediator_save(
                actor=lead,
                unit=section,
                values={
                    "name": f"{name} (demo)",
                    "summary": "Fictional mediator for the demo.",
                    "expertise": pack_codes(expertise),
                    "languages": pack_codes(languages),
                    "regions": pack_codes(regions),
                    "availability": availability,
                    "consent_scope": CONSENT,
                    "consent_given_on": today - dt.timedelta(days=300 + n),
                    "consent_method": ConsentMethod.WRITTEN,
                    # Two reviews are past due: they show as tasks on peace.lead's home page.
                    "review_due": today + dt.timedelta(days=-10 - n if n < 2 else 60 + 10 * n),
                },
            )
            contact = mediator.contact
            services.contact_save(
                actor=lead,
                contact=contact,
                values={
                    "email": f"mediator{n + 1}@example.org",
                    "phone": f"+47 400 00 0{n:02d}",
                    "location": "Oslo (demo)",
                    "notes": "Fictional contact data.",
                },
                version=contact.version,
            )
            mediators.append(mediator)
        juba_unit = Unit.objects.filter(code="demo-juba").first()
        juba = User.objects.filter(username="juba.officer").first()
        bogota_unit = Unit.objects.filter(code="demo-bogota").first()
        bogota = User.objects.filter(username="bogota.officer").first()
        requests = 0
        andean = PeaceProcess.objects.filter(name="Andean dialogue (demo)").first()
        if andean is not None and bogota is not None and not may_read(bogota, andean):
            andean = None
        if bogota_unit and bogota:
            agreed = services.request_create(
                actor=bogota,
                unit=bogota_unit,
                mediator=mediators[0],
                purpose="Advise the women's delegation on process design before the talks (demo).",
                # Linked to the demo process where the processes demo made it.
                process=andean,
                peace_process="" if andean else "Andean dialogue (demo)",
                start=today - dt.timedelta(days=40),
                end=today - dt.timedelta(days=35),
            )
            services.request_decide(
                actor=lead, request=agreed, status=RequestStatus.AGREED, version=agreed.version
            )
            services.deployment_save(
                actor=lead,
                request=agreed,
                values={
                    "start": agreed.start,
                    "end": agreed.end,
                    "travel_cost": Decimal("14500.00"),
                    "accommodation_cost": Decimal("8200.00"),
                    "paid_by": Payer.CENTRAL,
                    "after_action": "Two workshops with the women's delegation (demo).",
                },
            )
            requests += 1
        if juba_unit and juba:
            services.request_create(
                actor=juba,
                unit=juba_unit,
                mediator=mediators[5],
                purpose="Share experience of national dialogue with women's groups (demo).",
                peace_process="",
                start=today + dt.timedelta(days=30),
                end=today + dt.timedelta(days=34),
            )
            requests += 1
        services.allocation_save(
            actor=lead, unit=section, year=today.year, amount=Decimal("250000.00")
        )
    return f"mediators: {len(mediators)} demo mediators, {requests} requests, 1 allocation"
