"""The fictional demo organisation loaded by ``wpsdesk demo load``.

Every name here is invented and marked as such; none may look like a real person, and
nothing here is a real human rights defender.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, Role, Unit, UnitKind, User

DEMO_PASSWORD = "wpsdesk-demo-2026"  # noqa: S105  (printed for the demo; never in production)


def demo_totp_key() -> str:
    """One TOTP secret for all demo people of this checkout (hex), printed by `demo load`.

    Derived from the checkout's own secret key, so it is never public: a demo can be tried
    with one authenticator entry or with `wpsdesk demo code`, and only here.
    """
    key = hmac.new(settings.SECRET_KEY.encode(), b"wpsdesk-demo-totp", hashlib.sha256)
    return key.hexdigest()[:40]


UNITS = [
    ("demo-bogota", "Embassy in Bogotá (demo)", UnitKind.MISSION, ["CO"], []),
    ("demo-amman", "Embassy in Amman (demo)", UnitKind.MISSION, ["JO", "IQ", "SY"], []),
    ("demo-juba", "Embassy in Juba (demo)", UnitKind.MISSION, ["SS", "SD"], []),
    ("demo-peace", "Section for Peace and Reconciliation (demo)", UnitKind.SECTION, [], []),
    (
        "demo-un-ny",
        "Permanent Mission to the UN in New York (demo)",
        UnitKind.DELEGATION,
        [],
        ["UN"],
    ),
    ("demo-nato", "Delegation to NATO (demo)", UnitKind.DELEGATION, [], ["NATO"]),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    unit: str | None
    role: str | None
    clearance: bool = False
    hq_coordinator: bool = False
    auditor: bool = False
    administrator: bool = False

    @property
    def description(self) -> str:
        parts = []
        if self.role and self.unit:
            parts.append(f"{self.role} at {self.unit}")
        if self.hq_coordinator:
            parts.append("HQ coordinator")
        if self.auditor:
            parts.append("auditor")
        if self.administrator:
            parts.append("administrator")
        return ", ".join(parts)


PEOPLE = [
    DemoPerson("bogota.lead", "Ada", "Demolead", "demo-bogota", Role.LEAD, clearance=True),
    DemoPerson("bogota.officer", "Bea", "Demoofficer", "demo-bogota", Role.EDITOR, clearance=True),
    DemoPerson("bogota.reader", "Cai", "Demoreader", "demo-bogota", Role.READER),
    DemoPerson("amman.officer", "Dina", "Demoofficer", "demo-amman", Role.EDITOR, clearance=True),
    DemoPerson("juba.officer", "Eli", "Demoofficer", "demo-juba", Role.EDITOR),
    DemoPerson("peace.lead", "Fay", "Demolead", "demo-peace", Role.LEAD, clearance=True),
    DemoPerson("un.officer", "Gro", "Demoofficer", "demo-un-ny", Role.EDITOR),
    DemoPerson("nato.officer", "Hal", "Demoofficer", "demo-nato", Role.EDITOR),
    DemoPerson(
        "hq.coordinator", "Ida", "Democoordinator", "demo-peace", Role.EDITOR, hq_coordinator=True
    ),
    DemoPerson("auditor", "Jo", "Demoauditor", None, None, auditor=True),
    DemoPerson("admin", "Kim", "Demoadmin", None, None, administrator=True),
    # Two more leads in Bogotá: a grant on a strictly restricted record is proposed by one
    # authoriser and approved by a second, neither of them the person who gets it.
    DemoPerson("bogota.deputy", "Lin", "Demodeputy", "demo-bogota", Role.LEAD, clearance=True),
    DemoPerson("bogota.head", "Mo", "Demohead", "demo-bogota", Role.LEAD, clearance=True),
    # The lead in Juba keeps the restricted list of Norwegians deployed to the operation
    # the embassy follows (wpsdesk.operations); the officer there has no clearance.
    DemoPerson("juba.lead", "Nia", "Demolead", "demo-juba", Role.LEAD, clearance=True),
]


@transaction.atomic
def load_demo() -> tuple[int, int]:
    """Create what is missing of the demo organisation; keep whatever exists.

    Returns how many units and people were created.
    """
    units_created = 0
    units: dict[str, Unit] = {}
    for code, name, kind, countries, forums in UNITS:
        unit, created = Unit.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "countries": countries, "forums": forums},
        )
        units[code] = unit
        units_created += created
    people_created = 0
    for person in PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = User(
                username=person.username,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{person.username}@demo.invalid",
                is_hq_coordinator=person.hq_coordinator,
                is_auditor=person.auditor,
                is_staff=person.administrator,
                is_superuser=person.administrator,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            people_created += 1
        if not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(user=user, name="demo", key=demo_totp_key(), confirmed=True)
        if person.unit and person.role:
            Membership.objects.get_or_create(
                user=user,
                unit=units[person.unit],
                defaults={"role": person.role, "restricted_clearance": person.clearance},
            )
    return units_created, people_created


def current_code(username: str) -> str:
    """The second-factor code a demo person's authenticator would show now."""
    from django_otp.oath import totp

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"
