"""People at risk and grants on them, for tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.personas import make_person
from wpsdesk.organisation.models import AccessGrant, Membership, Role, Unit, User
from wpsdesk.people_at_risk.models import PersonAtRisk
from wpsdesk.people_at_risk.services import name_index


def make_person_at_risk(
    unit: Unit, code_name: str = "HERON", *, country: str = "CO", **values: Any
) -> PersonAtRisk:
    """A strictly restricted person at risk in ``unit`` (no grant yet)."""
    values.setdefault("role", "defender")
    values.setdefault("review_on", timezone.localdate() + dt.timedelta(days=90))
    person = PersonAtRisk(unit=unit, code_name=code_name, country=country, **values)
    person.real_name_index = name_index(person.real_name)
    person.save()
    return person


def grant(
    person: PersonAtRisk, user: User, *, by: User, approver: User, may_edit: bool = True
) -> AccessGrant:
    """A grant in force on ``person`` for ``user``, proposed by ``by``, approved by ``approver``."""
    now = timezone.now()
    return AccessGrant.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(PersonAtRisk),
        object_id=person.pk,
        may_edit=may_edit,
        reason="Follows the case",
        state="active",
        granted_by=by,
        approved_by=approver,
        approved_at=now,
        expires_at=now + dt.timedelta(days=30),
    )


def second_lead(unit: Unit, username: str = "lead2") -> User:
    """Another lead of ``unit`` (a grant on a strict record needs two authorisers)."""
    user = make_person(username)
    Membership.objects.create(user=user, unit=unit, role=Role.LEAD, restricted_clearance=True)
    return user
