"""The people our tests speak of, named for their roles.

* ``officer`` – editor at the Embassy in Bogotá (restricted clearance)
* ``lead`` – unit lead at the Embassy in Bogotá (restricted clearance)
* ``reader`` – reader at the Embassy in Bogotá (no restricted clearance)
* ``outsider`` – editor at the Embassy in Amman (another unit)
* ``coordinator`` – HQ coordinator in the Section for Peace and Reconciliation
* ``auditor`` – auditor, no unit
* ``admin`` – administrator (staff), no unit
* ``former`` – editor at the Embassy in Bogotá whose membership has ended
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wpsdesk.accounts.reauth import REAUTH_SESSION_KEY
from wpsdesk.organisation.models import Membership, Role, Unit, UnitKind, User

PASSWORD = "correct horse battery staple"


@dataclass
class Cast:
    bogota: Unit
    amman: Unit
    section: Unit
    officer: User
    lead: User
    reader: User
    outsider: User
    coordinator: User
    auditor: User
    admin: User
    former: User

    def everyone(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "officer",
                "lead",
                "reader",
                "outsider",
                "coordinator",
                "auditor",
                "admin",
                "former",
            )
        }


def make_person(username: str, **flags: bool) -> User:
    """A person with a password and a confirmed TOTP device."""
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **flags
    )
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user


def make_cast() -> Cast:
    """Create the units and the people above."""
    bogota = Unit.objects.create(
        code="test-bogota", name="Embassy in Bogotá", kind=UnitKind.MISSION, countries=["CO"]
    )
    amman = Unit.objects.create(
        code="test-amman", name="Embassy in Amman", kind=UnitKind.MISSION, countries=["JO"]
    )
    section = Unit.objects.create(
        code="test-peace", name="Section for Peace and Reconciliation", kind=UnitKind.SECTION
    )
    cast = Cast(
        bogota=bogota,
        amman=amman,
        section=section,
        officer=make_person("officer"),
        lead=make_person("lead"),
        reader=make_person("reader"),
        outsider=make_person("outsider"),
        coordinator=make_person("coordinator", is_hq_coordinator=True),
        auditor=make_person("auditor", is_auditor=True),
        admin=make_person("admin", is_staff=True, is_superuser=True),
        former=make_person("former"),
    )
    Membership.objects.create(
        user=cast.officer, unit=bogota, role=Role.EDITOR, restricted_clearance=True
    )
    Membership.objects.create(
        user=cast.lead, unit=bogota, role=Role.LEAD, restricted_clearance=True
    )
    Membership.objects.create(user=cast.reader, unit=bogota, role=Role.READER)
    Membership.objects.create(
        user=cast.outsider, unit=amman, role=Role.EDITOR, restricted_clearance=True
    )
    Membership.objects.create(user=cast.coordinator, unit=section, role=Role.EDITOR)
    today = timezone.localdate()
    Membership.objects.create(
        user=cast.former,
        unit=bogota,
        role=Role.EDITOR,
        valid_from=today - dt.timedelta(days=400),
        valid_to=today - dt.timedelta(days=1),
    )
    return cast


UNITS = ("bogota", "amman", "section")


def cast_ids(cast: Cast) -> dict[str, int]:
    """The primary keys of a cast's units and people, by their names in :class:`Cast`."""
    return {name: getattr(cast, name).pk for name in Cast.__dataclass_fields__}


def cast_from_ids(ids: dict[str, int]) -> Cast:
    """The cast made earlier, read afresh: objects of its own for each test (two queries)."""
    units = Unit.objects.in_bulk([ids[name] for name in UNITS])
    people = User.objects.in_bulk([pk for name, pk in ids.items() if name not in UNITS])
    return Cast(**{name: (units if name in UNITS else people)[pk] for name, pk in ids.items()})


def verified_client(user: User, client: Client | None = None) -> Client:
    """A client logged in as ``user`` who has passed the second factor."""
    client = client or Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def reauthenticated_client(user: User, client: Client | None = None) -> Client:
    """A verified client for ``user`` who has also just given a current code again."""
    client = verified_client(user, client)
    session = client.session
    session[REAUTH_SESSION_KEY] = int(time.time())
    session.save()
    return client
