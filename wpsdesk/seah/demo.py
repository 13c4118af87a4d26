"""One fictional SEAH report in the demo Embassy in Bogotá, seen by its handler only.

``bogota.lead`` (the unit lead) is also designated the unit's SEAH handler, so the demo
shows both ways in; ``bogota.officer`` and everyone else see nothing of it. The report is
invented and says so; it names no one. Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wpsdesk.civil_society.models import Organisation
from wpsdesk.organisation.models import Membership, Unit, User

from . import services
from .models import Category, Channel, SeahReport

UNIT = "demo-bogota"
HANDLER = "bogota.lead"
MARKER = "DEMO-COL-0007 (fictional)"


@transaction.atomic
def load_demo() -> str:
    """Designate the demo handler and add the demo report (idempotent)."""
    unit = Unit.objects.filter(code=UNIT).first()
    lead = User.objects.filter(username=HANDLER).first()
    if unit is None or lead is None:
        return "seah: demo unit or handler missing, nothing added"
    membership = Membership.objects.current().filter(unit=unit, user=lead).first()
    if membership is not None and not membership.seah_handler:
        services.handler_set(
            actor=lead,
            membership=membership,
            handler=True,
            reason="Demo: the unit's focal point for SEAH reports (fictional).",
        )
    if SeahReport.objects.filter(unit=unit, created_by=lead).exists():
        return "seah: demo report already there"
    today = timezone.localdate()
    organisation = Organisation.objects.filter(unit=unit, name="Fundación Norte-Sur (demo)").first()
    report = services.report_create(
        actor=lead,
        unit=unit,
        values={
            "received_on": today - dt.timedelta(days=12),
            "channel": Channel.PARTNER,
            "organisation": organisation,
            "grant_reference": MARKER,
            "category": Category.HARASSMENT,
            "summary": (
                "FICTIONAL DEMO. The grant recipient reported that a project staff member was "
                "accused of sexual harassment of a participant at a workshop. The staff member "
                "is suspended pending the partner's investigation. No names recorded."
            ),
            "partner_request": (
                "Investigate under the partner's own SEAH policy, make sure the survivor is "
                "offered support, and report the findings and measures taken."
            ),
            "partner_deadline": today + dt.timedelta(days=30),
        },
    )
    services.step_add(
        actor=lead,
        report=report,
        description="Confirm in writing that the partner has received our letter (demo).",
        due_on=today + dt.timedelta(days=3),
    )
    services.step_add(
        actor=lead,
        report=report,
        description="Inform the Ministry's SEAH focal point (demo).",
        due_on=today - dt.timedelta(days=2),
    )
    return "seah: 1 demo report added (handler: bogota.lead)"
