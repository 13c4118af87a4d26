"""Mediators, contact data, requests and a cleared keeper of the roster, for the tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tests.personas import Cast, make_person
from wpsdesk.mediators.models import (
    Allocation,
    Deployment,
    Mediator,
    MediatorContact,
    MediatorRequest,
    RequestStatus,
    StatusChange,
    pack_codes,
)
from wpsdesk.organisation.models import Membership, Role, Unit, User

CANARY_EMAIL = "canary-7f3a@example.org"


def make_keeper(cast: Cast, username: str = "keeper") -> User:
    """A lead of the Section with restricted clearance: the person who keeps the roster."""
    keeper = make_person(username)
    Membership.objects.create(
        user=keeper, unit=cast.section, role=Role.LEAD, restricted_clearance=True
    )
    return keeper


def make_mediator(
    cast: Cast,
    name: str = "Test Mediator",
    *,
    unit: Unit | None = None,
    email: str = CANARY_EMAIL,
    expertise: tuple[str, ...] = ("process_design",),
    languages: tuple[str, ...] = ("en",),
    regions: tuple[str, ...] = ("africa",),
    review_due: dt.date | None = None,
    **values: Any,
) -> Mediator:
    unit = unit or cast.section
    mediator = Mediator.objects.create(
        unit=unit,
        name=name,
        expertise=pack_codes(expertise),
        languages=pack_codes(languages),
        regions=pack_codes(regions),
        review_due=review_due or dt.date.today() + dt.timedelta(days=90),
        **values,
    )
    MediatorContact.objects.create(
        mediator=mediator, unit=unit, email=email, phone="+47 400 00 000"
    )
    return mediator


def make_request(
    cast: Cast,
    mediator: Mediator,
    *,
    unit: Unit | None = None,
    by: User | None = None,
    status: str = RequestStatus.ASKED,
    **values: Any,
) -> MediatorRequest:
    request = MediatorRequest.objects.create(
        unit=unit or cast.bogota,
        mediator=mediator,
        purpose=values.pop("purpose", "Advise the women's delegation"),
        start=values.pop("start", dt.date(2026, 3, 1)),
        end=values.pop("end", dt.date(2026, 3, 5)),
        requested_by=by or cast.officer,
        status=status,
        **values,
    )
    StatusChange.objects.create(
        request=request, status=RequestStatus.ASKED, by=request.requested_by
    )
    return request


def make_deployment(
    request: MediatorRequest,
    *,
    travel: str = "1000",
    stay: str = "500",
    paid_by: str = "central",
    start: dt.date | None = None,
) -> Deployment:
    start = start or request.start
    return Deployment.objects.create(
        request=request,
        start=start,
        end=start,
        travel_cost=Decimal(travel),
        accommodation_cost=Decimal(stay),
        paid_by=paid_by,
    )


def make_allocation(cast: Cast, year: int = 2026, amount: str = "100000") -> Allocation:
    return Allocation.objects.create(unit=cast.section, year=year, amount=Decimal(amount))
