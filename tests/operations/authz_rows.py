"""Authorization rows for operations: every page and method, for every persona.

Operations are built in the Embassy in Bogotá. Another unit's operation is 404; its own
reader and the HQ coordinator (who may read an internal one) get 403 on writes. The
personnel list is restricted: only Bogotá's editors and leads with clearance open or add
entries; everyone else gets 404 for an entry. The API is read only and has no personnel.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tests.authz import PERSONAS, Row, not_offered
from tests.operations.factories import make_operation, make_person
from tests.personas import Cast
from wpsdesk.engagements.models import Nomination
from wpsdesk.operations.models import MandateRenewal, Operation

ALL_PEOPLE = frozenset(PERSONAS)
ADDERS = frozenset({"officer", "lead", "outsider", "coordinator"})
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})
READ_ONLY_HERE = {"reader": 403, "coordinator": 403}


def operation(cast: Cast) -> Operation:
    return make_operation(cast.bogota)


def secret(cast: Cast) -> Operation:
    return make_operation(cast.bogota, "Discreet mission", classification="restricted")


def person(cast: Cast) -> Any:
    return make_person(cast.bogota, make_operation(cast.bogota))


def fresh_person(cast: Cast, setup: Any) -> dict[str, Any]:
    """An entry of its own for each request (a removal that succeeds leaves none)."""
    return {"pk": make_person(cast.bogota, make_operation(cast.bogota)).pk}


def fresh_renewal(cast: Cast, setup: Any) -> dict[str, Any]:
    op = make_operation(cast.bogota)
    renewal = MandateRenewal.objects.create(
        operation=op, date=dt.date(2026, 4, 30), resolution="S/RES/1 (2026)"
    )
    return {"pk": op.pk, "renewal_pk": renewal.pk}


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "name": "Mission in the Andes",
        "organisation": "un",
        "kind": "political",
        "countries": "CO",
        "contribution": "funding",
        "classification": "internal",
    }


_numbers = itertools.count(2)


def renewal_data(cast: Cast, setup: Any) -> dict[str, Any]:
    """A resolution not recorded yet (one operation answers every persona's request)."""
    return {
        "date": "2026-04-30",
        "resolution": f"S/RES/{next(_numbers)} (2026)",
        "task_0": "Women protection advisers",
        "outcome_0": "kept",
    }


def figure_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"date": "2026-06-30", "level": "police", "women": 3, "total": 10}


def nomination_data(cast: Cast, setup: Any) -> dict[str, Any]:
    nomination = Nomination.objects.create(
        unit=cast.bogota,
        post="Head of office",
        organisation="UN",
        gender="women",
        nominated_on=dt.date(2026, 1, 1),
    )
    return {"nomination": nomination.pk}


def person_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"unit": cast.bogota.pk, "name": "Ola Nordmann", "review_due": "2026-12-01"}


def edit_rows(name: str, setup: Any, data: Any, post_kwargs: Any = None) -> list[Row]:
    return [
        Row(
            name,
            method=method,
            setup=setup,
            kwargs=(post_kwargs or pk) if method == "POST" else pk,
            data=data if method == "POST" else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
        )
        for method in ("GET", "POST")
    ]


def post_row(name: str, data: Any) -> Row:
    return Row(
        name,
        method="POST",
        setup=operation,
        kwargs=pk,
        data=data,
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
    )


def personnel_rows(name: str, data: Any, post_kwargs: Any = None) -> list[Row]:
    """An entry is restricted: 404 for everyone but Bogotá's cleared editors and leads."""
    return [
        Row(
            name,
            method=method,
            setup=person,
            kwargs=(post_kwargs or pk) if method == "POST" else pk,
            data=data if method == "POST" else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=404,
            notes="restricted: the reader without clearance and HQ get 404 too",
        )
        for method in ("GET", "POST")
    ]


API_ROWS = [
    Row("api:operations:operation-list", api=True, allowed=ALL_PEOPLE),
    *not_offered("api:operations:operation-list", "POST"),
    Row(
        "api:operations:operation-detail",
        api=True,
        setup=operation,
        kwargs=pk,
        allowed=SEE_BOGOTA,
        denied=404,
    ),
    Row(
        "api:operations:operation-detail",
        api=True,
        setup=secret,
        kwargs=pk,
        allowed=EDIT_BOGOTA,
        denied=404,
        notes="a restricted operation: unit members with clearance only",
    ),
    *not_offered(
        "api:operations:operation-detail", "PUT", "PATCH", "DELETE", setup=operation, kwargs=pk
    ),
]

ROWS = [
    Row("operations:list", allowed=ALL_PEOPLE, notes="an empty list for people with no unit"),
    Row("operations:create", allowed=ADDERS),
    Row("operations:create", method="POST", allowed=ADDERS, data=values),
    Row("operations:detail", setup=operation, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    Row(
        "operations:detail",
        setup=secret,
        kwargs=pk,
        allowed=EDIT_BOGOTA,
        denied=404,
        notes="restricted: the reader without clearance and HQ get 404 too",
    ),
    *edit_rows("operations:edit", operation, values),
    post_row("operations:renewal_add", renewal_data),
    *not_offered("operations:renewal_add", "GET", setup=operation, kwargs=pk),
    *[
        Row(
            "operations:renewal_delete",
            method=method,
            kwargs=fresh_renewal,
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
        )
        for method in ("GET", "POST")
    ],
    post_row("operations:figure_add", figure_data),
    *not_offered("operations:figure_add", "GET", setup=operation, kwargs=pk),
    post_row("operations:nomination_add", nomination_data),
    *not_offered("operations:nomination_add", "GET", setup=operation, kwargs=pk),
    *[
        Row(
            "operations:personnel_create",
            method=method,
            setup=operation,
            kwargs=pk,
            data=person_data if method == "POST" else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
            notes="the list's keepers: editors and leads with restricted clearance",
        )
        for method in ("GET", "POST")
    ],
    *personnel_rows("operations:personnel_edit", person_data),
    *personnel_rows(
        "operations:personnel_delete", lambda cast, setup: {}, post_kwargs=fresh_person
    ),
    *API_ROWS,
]
