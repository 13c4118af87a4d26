"""Authorization rows for the Network of Women Mediators.

The roster is kept by the Section (``cast.section``), where the ``coordinator`` is an
editor without restricted clearance: the coordinator keeps profiles, decides requests,
records costs and sees the funding, but not contact data (restricted). Every member of a
unit reads the roster; auditors, administrators and former members are members of none.
Requests belong to the Embassy in Bogotá: its members and the Section read them; the
Section decides them; the Embassy in Amman gets 404.
"""

from __future__ import annotations

from typing import Any

from tests.authz import PERSONAS, Row, not_offered
from tests.mediators.factories import make_allocation, make_mediator, make_request
from tests.personas import Cast
from wpsdesk.mediators.models import RequestStatus

ALL_PEOPLE = frozenset(PERSONAS)
MEMBERS = frozenset({"officer", "lead", "reader", "outsider", "coordinator"})
SECTION = frozenset({"coordinator"})
BOGOTA_EDITORS = frozenset({"officer", "lead"})
SEE_REQUEST = frozenset({"officer", "lead", "reader", "coordinator"})
REQUESTERS = frozenset({"officer", "lead", "outsider", "coordinator"})


def mediator(cast: Cast) -> Any:
    return make_mediator(cast)


def own_mediator(cast: Cast) -> Any:
    """A mediator linked to the officer's account: her own record."""
    return make_mediator(cast, user=cast.officer)


def asked(cast: Cast) -> Any:
    return make_request(cast, make_mediator(cast))


def agreed(cast: Cast) -> Any:
    return make_request(cast, make_mediator(cast), status=RequestStatus.AGREED)


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def profile(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "name": "Another Mediator",
        "availability": "available",
        "review_due": "2027-01-01",
        "expertise_codes": ["inclusion"],
        "version": getattr(setup, "version", ""),
    }


def contact(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"email": "new@example.org", "version": setup.contact.version}


def request_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "mediator": setup.pk,
        "purpose": "Support the women's delegation",
        "start": "2026-04-01",
        "end": "2026-04-03",
        "classification": "internal",
    }


def decide(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"status": "agreed", "version": setup.version}


def deployment(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "start": "2026-03-01",
        "end": "2026-03-02",
        "travel_cost": "100",
        "accommodation_cost": "50",
        "paid_by": "central",
    }


def allocation(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"year": "2031", "amount": "1000"}


def allocation_change(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"amount": "2000", "version": setup.version}


ROWS: list[Row] = [
    Row("mediators:roster", allowed=ALL_PEOPLE, setup=mediator, notes="members see profiles"),
    Row("mediators:create", allowed=SECTION),
    Row("mediators:create", method="POST", allowed=SECTION, data=profile),
    Row("mediators:detail", allowed=MEMBERS, denied=404, setup=mediator, kwargs=pk),
    Row(
        "mediators:edit",
        allowed=SECTION,
        denied=403,
        setup=mediator,
        kwargs=pk,
        denied_as={"auditor": 404, "admin": 404, "former": 404},
    ),
    Row(
        "mediators:edit",
        method="POST",
        allowed=SECTION,
        denied=403,
        setup=mediator,
        kwargs=pk,
        data=profile,
        denied_as={"auditor": 404, "admin": 404, "former": 404},
    ),
    Row(
        "mediators:contact",
        allowed=frozenset({"officer"}),
        denied=404,
        setup=own_mediator,
        kwargs=pk,
        notes="her own record only; the coordinator lacks clearance",
    ),
    Row(
        "mediators:contact",
        method="POST",
        allowed=frozenset({"officer"}),
        denied=404,
        setup=own_mediator,
        kwargs=pk,
        data=contact,
    ),
    Row("mediators:requests", allowed=ALL_PEOPLE, setup=asked, notes="each sees their own"),
    Row("mediators:request_create", allowed=REQUESTERS, setup=mediator),
    Row(
        "mediators:request_create",
        method="POST",
        allowed=REQUESTERS,
        setup=mediator,
        data=request_data,
    ),
    Row("mediators:request_detail", allowed=SEE_REQUEST, denied=404, setup=asked, kwargs=pk),
    Row(
        "mediators:request_decide",
        method="POST",
        allowed=SECTION,
        denied=404,
        setup=asked,
        kwargs=pk,
        data=decide,
        denied_as={"officer": 403, "lead": 403, "reader": 403},
    ),
    Row(
        "mediators:request_decide",
        allowed=frozenset(),
        denied=405,
        setup=asked,
        kwargs=pk,
        denied_as={"outsider": 405, "auditor": 405, "admin": 405, "former": 405},
        notes="not offered",
    ),
    Row(
        "mediators:deployment",
        allowed=SECTION,
        denied=404,
        setup=agreed,
        kwargs=pk,
        denied_as={"officer": 403, "lead": 403, "reader": 403},
    ),
    Row(
        "mediators:deployment",
        method="POST",
        allowed=SECTION,
        denied=404,
        setup=agreed,
        kwargs=pk,
        data=deployment,
        denied_as={"officer": 403, "lead": 403, "reader": 403},
    ),
    Row("mediators:funding", allowed=SECTION, setup=lambda cast: make_allocation(cast)),
    Row("mediators:funding", method="POST", allowed=SECTION, data=allocation),
    Row(
        "mediators:allocation_edit",
        allowed=SECTION,
        denied=404,
        setup=lambda cast: make_allocation(cast),
        kwargs=pk,
    ),
    Row(
        "mediators:allocation_edit",
        method="POST",
        allowed=SECTION,
        denied=404,
        setup=lambda cast: make_allocation(cast),
        kwargs=pk,
        data=allocation_change,
    ),
]


API_ROWS: list[Row] = [
    Row("api:mediators:mediator-list", api=True, allowed=ALL_PEOPLE, setup=mediator),
    *not_offered("api:mediators:mediator-list", "POST"),
    Row(
        "api:mediators:mediator-detail",
        api=True,
        allowed=MEMBERS,
        denied=404,
        setup=mediator,
        kwargs=pk,
    ),
    *not_offered(
        "api:mediators:mediator-detail", "PUT", "PATCH", "DELETE", setup=mediator, kwargs=pk
    ),
    Row("api:mediators:request-list", api=True, allowed=ALL_PEOPLE, setup=asked),
    *not_offered("api:mediators:request-list", "POST"),
    Row(
        "api:mediators:request-detail",
        api=True,
        allowed=SEE_REQUEST,
        denied=404,
        setup=asked,
        kwargs=pk,
    ),
    *not_offered("api:mediators:request-detail", "PUT", "PATCH", "DELETE", setup=asked, kwargs=pk),
]
ROWS += API_ROWS
