"""Deployments, their cost, and the yearly central allocation with its balance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.mediators.factories import (
    make_allocation,
    make_deployment,
    make_keeper,
    make_mediator,
    make_request,
)
from tests.personas import Cast, verified_client
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.mediators import selectors, services
from wpsdesk.mediators.models import Allocation, Deployment, RequestStatus

FUNDING = reverse("mediators:funding")


def _agreed(cast: Cast, **values):
    return make_request(cast, make_mediator(cast), status=RequestStatus.AGREED, **values)


def test_the_balance_is_the_allocation_less_central_spending_per_year(cast: Cast) -> None:
    make_allocation(cast, 2026, "100000")
    make_allocation(cast, 2025, "50000")
    mediator = make_mediator(cast)
    for travel, stay, payer, day in [
        ("12000.50", "3000", "central", dt.date(2026, 2, 1)),
        ("8000", "1999.50", "central", dt.date(2026, 12, 31)),
        ("40000", "5000", "mission", dt.date(2026, 6, 1)),  # the mission paid: not central
        ("7000", "0", "central", dt.date(2025, 12, 31)),
        ("1000", "0", "central", dt.date(2027, 1, 1)),  # a year without an allocation
    ]:
        request = make_request(cast, mediator, status=RequestStatus.AGREED, start=day, end=day)
        make_deployment(request, travel=travel, stay=stay, paid_by=payer, start=day)
    years = {y.year: y for y in selectors.balances(unit_ids=[cast.section.pk])}
    assert list(years) == [2027, 2026, 2025]
    assert years[2026].central == Decimal("25000.00")
    assert years[2026].mission == Decimal("45000")
    assert years[2026].balance == Decimal("75000.00")
    assert years[2025].balance == Decimal("43000")
    assert (years[2027].allocated, years[2027].balance) == (Decimal("0"), Decimal("-1000"))


def test_another_sections_costs_do_not_count(cast: Cast) -> None:
    from wpsdesk.organisation.models import Unit, UnitKind

    other = Unit.objects.create(code="other-section", name="Other", kind=UnitKind.SECTION)
    make_allocation(cast, 2026, "1000")
    request = make_request(cast, make_mediator(cast, unit=other), status=RequestStatus.AGREED)
    make_deployment(request, travel="900", stay="0")
    (year,) = selectors.balances(unit_ids=[cast.section.pk])
    assert year.balance == Decimal("1000")


def test_the_funding_page_shows_the_balance_to_the_section(
    cast: Cast, as_coordinator, django_assert_num_queries
) -> None:
    make_allocation(cast, 2026, "1000")
    make_deployment(_agreed(cast), travel="300", stay="200")
    as_coordinator.get(FUNDING)
    # session, user, device, memberships, sections, keeper sections, allocations, spending,
    # shell units
    with django_assert_num_queries(9):
        response = as_coordinator.get(FUNDING)
    assert '<td class="num balance">500.00</td>' in response.content.decode()


def test_the_funding_page_is_refused_to_missions(cast: Cast, as_officer) -> None:
    make_allocation(cast)
    assert as_officer.get(FUNDING).status_code == 403


def test_the_section_adds_and_changes_an_allocation(cast: Cast, as_coordinator) -> None:
    response = as_coordinator.post(FUNDING, {"year": "2030", "amount": "120000"})
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    assert (allocation.unit, allocation.amount) == (cast.section, Decimal("120000"))
    again = as_coordinator.post(FUNDING, {"year": "2030", "amount": "1"})
    assert again.status_code == 400
    assert "There is an allocation for that year already" in again.content.decode()
    url = reverse("mediators:allocation_edit", args=[allocation.pk])
    changed = as_coordinator.post(url, {"amount": "130000", "version": allocation.version})
    assert changed.status_code == 302
    stale = as_coordinator.post(url, {"amount": "1", "version": allocation.version})
    assert stale.status_code == 409
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("130000")


def test_a_negative_allocation_changes_nothing(cast: Cast, as_coordinator) -> None:
    response = as_coordinator.post(FUNDING, {"year": "2030", "amount": "-5"})
    assert response.status_code == 400
    assert not Allocation.objects.exists()


def test_allocation_service_refuses_a_mission_and_a_section_reader(cast: Cast) -> None:
    from tests.personas import make_person
    from wpsdesk.organisation.models import Membership, Role

    reader = make_person("section-reader")
    Membership.objects.create(user=reader, unit=cast.section, role=Role.READER)
    for actor in (cast.officer, reader):
        with pytest.raises(PermissionDenied):
            services.allocation_save(actor=actor, unit=cast.section, year=2030, amount=Decimal(1))
    assert verified_client(reader).post(FUNDING, {"year": "2030", "amount": "1"}).status_code == 403
    assert not Allocation.objects.exists()


def test_the_section_records_the_deployment_and_its_cost(cast: Cast, as_coordinator) -> None:
    request = _agreed(cast)
    url = reverse("mediators:deployment", args=[request.pk])
    response = as_coordinator.post(
        url,
        {
            "start": "2026-03-01",
            "end": "2026-03-04",
            "travel_cost": "14500",
            "accommodation_cost": "8200",
            "paid_by": "central",
            "after_action": "Two workshops",
        },
    )
    assert response.status_code == 302
    deployment = Deployment.objects.get()
    assert deployment.cost == Decimal("22700")
    stale = as_coordinator.post(
        url,
        {
            "start": "2026-03-01",
            "end": "2026-03-04",
            "travel_cost": "1",
            "accommodation_cost": "1",
            "paid_by": "mission",
            "version": deployment.version + 1,  # not the stored one
        },
    )
    assert stale.status_code == 409
    deployment.refresh_from_db()
    assert deployment.paid_by == "central"


def test_a_negative_cost_changes_nothing(cast: Cast, as_coordinator) -> None:
    request = _agreed(cast)
    response = as_coordinator.post(
        reverse("mediators:deployment", args=[request.pk]),
        {
            "start": "2026-03-01",
            "end": "2026-03-04",
            "travel_cost": "-1",
            "accommodation_cost": "0",
            "paid_by": "central",
        },
    )
    assert response.status_code == 400
    assert not Deployment.objects.exists()


def test_deployment_service_refuses_the_mission_and_an_unagreed_request(cast: Cast) -> None:
    values = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 1)}
    with pytest.raises(PermissionDenied):
        services.deployment_save(actor=cast.officer, request=_agreed(cast), values=values)
    asked = make_request(cast, make_mediator(cast))
    with pytest.raises(ValidationError):
        services.deployment_save(actor=cast.coordinator, request=asked, values=values)
    assert not Deployment.objects.exists()


def test_deployment_service_refuses_a_stale_version(cast: Cast) -> None:
    deployment = make_deployment(_agreed(cast))
    with pytest.raises(StaleEdit):
        services.deployment_save(
            actor=cast.coordinator,
            request=deployment.request,
            values={"travel_cost": Decimal(5)},
            version=deployment.version + 1,
        )


def test_the_section_lead_with_clearance_sees_the_funding(cast: Cast) -> None:
    make_allocation(cast)
    assert verified_client(make_keeper(cast)).get(FUNDING).status_code == 200


def test_the_requesting_mission_may_not_record_the_deployment(cast: Cast, as_officer) -> None:
    request = _agreed(cast)
    url = reverse("mediators:deployment", args=[request.pk])
    assert as_officer.get(url).status_code == 403
    response = as_officer.post(
        url,
        {
            "start": "2026-03-01",
            "end": "2026-03-01",
            "travel_cost": "1",
            "accommodation_cost": "1",
            "paid_by": "central",
        },
    )
    assert response.status_code == 403
    assert not Deployment.objects.exists()


def test_the_deployment_page_query_count(
    cast: Cast, as_coordinator, django_assert_num_queries
) -> None:
    request = _agreed(cast)
    make_deployment(request)
    url = reverse("mediators:deployment", args=[request.pk])
    as_coordinator.get(url)
    # session, user, device, memberships, request, deployment, shell units
    with django_assert_num_queries(7):
        as_coordinator.get(url)
