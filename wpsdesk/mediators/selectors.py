"""Reads of the roster, requests, deployments and funding, scoped to the person.

* The roster's profiles are for every person with a current membership (the guidelines
  offer the network to all missions); a mediator linked to an account also sees her own.
* Contact data goes through the policy layer (restricted records of the keeping section)
  and, besides, to the mediator's own account.
* Requests go to the requesting unit through the policy layer, and to the keeping section
  of the mediator asked for (its members; restricted requests with clearance there).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from wpsdesk.core.queries import Year
from wpsdesk.organisation import readlog
from wpsdesk.organisation.models import Classification, Unit, UnitKind, User
from wpsdesk.organisation.policy import AnyUser, is_person, unit_access, visibility_filter
from wpsdesk.processes.selectors import processes_to_choose

from .models import (
    Allocation,
    Deployment,
    Mediator,
    MediatorContact,
    MediatorRequest,
    Payer,
    pack_codes,
)


def is_member(user: AnyUser | None) -> bool:
    """Whether the person has a current membership of some unit."""
    return bool(unit_access(user))


def roster_visible_to(*, user: AnyUser | None) -> models.QuerySet[Mediator]:
    """The profiles the person may read: all for a unit member, else only her own."""
    if not is_person(user):
        return Mediator.objects.none()
    if is_member(user):
        return Mediator.objects.all()
    return Mediator.objects.filter(user_id=cast(User, user).pk)


def roster_search(*, user: AnyUser | None, filters: dict[str, Any]) -> models.QuerySet[Mediator]:
    """The roster filtered by words, expertise, language, region and availability."""
    rows = roster_visible_to(user=user).select_related("unit")
    words = (filters.get("q") or "").strip()
    if words:
        rows = rows.filter(Q(name__icontains=words) | Q(summary__icontains=words))
    for name in ("expertise", "languages", "regions"):
        code = filters.get(name)
        if code:
            rows = rows.filter(**{f"{name}__contains": pack_codes([code])})
    if filters.get("availability"):
        rows = rows.filter(availability=filters["availability"])
    return rows.order_by("name", "id")


def _contact_condition(user: AnyUser | None) -> Q | None:
    if not is_person(user):
        return None
    own = Q(mediator__user_id=cast(User, user).pk)
    policy = visibility_filter(user, MediatorContact)
    return own if policy is None else policy | own


def contacts_visible_to(*, user: AnyUser | None) -> models.QuerySet[MediatorContact]:
    """Contact data the person may read: the policy layer's, and her own record's."""
    condition = _contact_condition(user)
    if condition is None:
        return MediatorContact.objects.none()
    visible = MediatorContact.objects.filter(condition)
    return readlog.mark(visible, reader=user, class_path="classification")


def contacts_for(*, user: AnyUser | None, mediators: list[Mediator]) -> dict[int, MediatorContact]:
    """The contact data of these mediators the person may read, by mediator id (one query)."""
    ids = [m.pk for m in mediators]
    if not ids or not is_person(user):
        return {}
    rows = contacts_visible_to(user=user).filter(mediator_id__in=ids)
    return {c.mediator_id: c for c in rows}


def keeper_units(*, user: AnyUser | None) -> list[Unit]:
    """HQ sections where the person is an editor or lead: they may keep a roster."""
    access = unit_access(user)
    ids = [a.unit_id for a in access.values() if a.at_least("editor")]
    if not ids:
        return []
    return list(Unit.objects.filter(pk__in=ids, kind=UnitKind.SECTION).order_by("name"))


def section_units(*, user: AnyUser | None) -> list[int]:
    """Ids of the person's units that are HQ sections (any role): they see the funding."""
    ids = list(unit_access(user))
    if not ids:
        return []
    return list(Unit.objects.filter(pk__in=ids, kind=UnitKind.SECTION).values_list("pk", flat=True))


def _request_condition(user: AnyUser | None) -> Q | None:
    own_unit = visibility_filter(user, MediatorRequest)
    if own_unit is None:
        return None
    access = unit_access(user)
    members = list(access)
    cleared = [a.unit_id for a in access.values() if a.restricted_clearance]
    keeping = Q(mediator__unit_id__in=members, classification=Classification.INTERNAL) | Q(
        mediator__unit_id__in=cleared, classification=Classification.RESTRICTED
    )
    return own_unit | keeping


def requests_visible_to(*, user: AnyUser | None) -> models.QuerySet[MediatorRequest]:
    """Requests the person may read: their unit's, and those to their section's roster."""
    condition = _request_condition(user)
    if condition is None:
        return MediatorRequest.objects.none()
    visible = MediatorRequest.objects.filter(condition)
    return readlog.mark(visible, reader=user, class_path="classification")


def request_list(
    *, user: AnyUser | None, filters: dict[str, Any]
) -> models.QuerySet[MediatorRequest]:
    """The requests list: words, status, requesting unit."""
    rows = requests_visible_to(user=user).select_related("unit", "mediator")
    words = (filters.get("q") or "").strip()
    if words:
        rows = rows.filter(
            Q(purpose__icontains=words)
            | Q(peace_process__icontains=words)
            | Q(mediator__name__icontains=words)
        )
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("unit"):
        rows = rows.filter(unit=filters["unit"])
    return rows.order_by("-created_at", "-id")


def may_decide(user: AnyUser | None, request: MediatorRequest) -> bool:
    """Editors and leads of the keeping section decide requests to its roster."""
    access = unit_access(user).get(request.mediator.unit_id)
    return bool(access and access.at_least("editor"))


def may_keep(user: AnyUser | None, mediator: Mediator) -> bool:
    """Editors and leads of the keeping section change a mediator's profile."""
    access = unit_access(user).get(mediator.unit_id)
    return bool(access and access.at_least("editor"))


@dataclass(frozen=True)
class YearBalance:
    """One year of the travel and accommodation money of one section."""

    year: int
    allocation: Allocation | None
    central: Decimal
    mission: Decimal

    @property
    def allocated(self) -> Decimal:
        return self.allocation.amount if self.allocation else Decimal("0")

    @property
    def balance(self) -> Decimal:
        return self.allocated - self.central


def balances(*, unit_ids: list[int]) -> list[YearBalance]:
    """Per year, newest first: allocation, central and mission spending, and the balance.

    A deployment counts in the year it starts; central spending is what the allocation
    paid (travel and accommodation of deployments paid centrally).
    """
    if not unit_ids:
        return []
    allocations = {
        a.year: a for a in Allocation.objects.filter(unit_id__in=unit_ids).order_by("year")
    }
    spent = (
        Deployment.objects.filter(request__mediator__unit_id__in=unit_ids)
        .annotate(year=Year("start"))
        .values("year", "paid_by")
        .annotate(
            total=Coalesce(Sum("travel_cost"), Decimal("0"))
            + Coalesce(Sum("accommodation_cost"), Decimal("0"))
        )
        .order_by()
    )
    central: dict[int, Decimal] = {}
    mission: dict[int, Decimal] = {}
    for row in spent:
        target = central if row["paid_by"] == Payer.CENTRAL else mission
        target[row["year"]] = target.get(row["year"], Decimal("0")) + Decimal(row["total"])
    years = sorted({*allocations, *central, *mission}, reverse=True)
    return [
        YearBalance(
            year=year,
            allocation=allocations.get(year),
            central=central.get(year, Decimal("0")),
            mission=mission.get(year, Decimal("0")),
        )
        for year in years
    ]


def process_names_visible_to(*, user: AnyUser | None, ids: set[int]) -> dict[int, str]:
    """Names of the linked processes the person may read (one query; none without links).

    A request's process may be restricted: those who read the request but not the process
    (the Section, for a mission's restricted process) see no name.
    """
    ids = {i for i in ids if i}
    if not ids:
        return {}
    rows = processes_to_choose(user=user).filter(pk__in=ids)
    return {p.pk: p.name for p in rows}
