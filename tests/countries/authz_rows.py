"""Authorization rows for the country pages: every page and method, for every persona.

Records are Bogotá's, about Colombia (CO), which Bogotá covers. Bogotá's officer and lead
keep them, and so does the HQ coordinator (an internal record); Bogotá's reader gets 403 on
writes; another unit's people get 404 for a record they may not read. Adding a record
needs a unit covering the country (or HQ): others get 403.
"""

from __future__ import annotations

from typing import Any

from tests.authz import PERSONAS, Row
from tests.countries.factories import action_plan, cycle, law, monitor, ratification, recommendation
from tests.personas import Cast

ALL_PEOPLE = frozenset(PERSONAS)
KEEPERS = frozenset({"officer", "lead", "coordinator"})
READ_ONLY_HERE = {"reader": 403}


def co(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"code": "CO"}


def a_law(cast: Cast) -> Any:
    return law(cast.bogota)


def law_kwargs(cast: Cast, record: Any) -> dict[str, Any]:
    return {"code": "CO", "kind": "legislation", "pk": record.pk}


def fresh_law(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"code": "CO", "kind": "legislation", "pk": law(cast.bogota, title="To delete").pk}


def law_values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "title": "Law on women's political participation",
        "year": "2024",
        "kind": "protective",
        "status": "in_force",
        "classification": "internal",
    }


def a_rec(cast: Cast) -> Any:
    return recommendation(cast.bogota)


def rec_kwargs(cast: Cast, record: Any) -> dict[str, Any]:
    return {"code": "CO", "pk": record.pk}


def follow_up_values(cast: Cast, record: Any) -> dict[str, Any]:
    prefix = f"fu-{record.pk}"
    return {
        f"{prefix}-on": "2026-06-01",
        f"{prefix}-status": "in_progress",
        f"{prefix}-evidence": "A draft law was tabled.",
        f"{prefix}-source": "Embassy",
    }


ROWS = [
    Row("countries:list", allowed=ALL_PEOPLE),
    Row("countries:detail", kwargs=co, allowed=ALL_PEOPLE),
    *[
        Row(
            "countries:record_create",
            method=method,
            kwargs=lambda cast, setup: {"code": "CO", "kind": "legislation"},
            data=law_values if method == "POST" else (lambda cast, setup: {}),
            allowed=KEEPERS,
            notes="only units covering Colombia, and HQ coordinators, add to its page",
        )
        for method in ("GET", "POST")
    ],
    *[
        Row(
            "countries:record_edit",
            method=method,
            setup=a_law,
            kwargs=law_kwargs,
            data=law_values if method == "POST" else (lambda cast, setup: {}),
            allowed=KEEPERS,
            denied=404,
            denied_as=READ_ONLY_HERE,
        )
        for method in ("GET", "POST")
    ],
    *[
        Row(
            "countries:record_delete",
            method=method,
            kwargs=fresh_law,
            allowed=KEEPERS,
            denied=404,
            denied_as=READ_ONLY_HERE,
        )
        for method in ("GET", "POST")
    ],
    Row(
        "countries:follow_up_add",
        method="POST",
        setup=a_rec,
        kwargs=rec_kwargs,
        data=follow_up_values,
        allowed=KEEPERS,
        denied=404,
        denied_as=READ_ONLY_HERE,
    ),
]


def api_law(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "unit": "test-bogota",
        "country": "CO",
        "title": "From the API",
        "kind": "protective",
        "status": "proposed",
    }


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


API_ROWS = [
    Row("api:countries:country-list", api=True, allowed=ALL_PEOPLE),
    Row("api:countries:country-detail", api=True, kwargs=co, allowed=ALL_PEOPLE),
    *[
        Row(f"api:countries:{key}-list", api=True, allowed=ALL_PEOPLE)
        for key in ("conventions", "nap", "legislation", "reviews", "recommendations", "monitors")
    ],
    Row(
        "api:countries:legislation-list",
        method="POST",
        api=True,
        data=api_law,
        allowed=frozenset({"officer", "lead"}),
        notes="adding to a unit one may not write in, or that does not cover CO, is 403",
    ),
    *[
        Row(
            f"api:countries:{key}-detail",
            api=True,
            setup=make,
            kwargs=pk,
            allowed=frozenset({"officer", "lead", "reader", "coordinator"}),
            denied=404,
        )
        for key, make in (
            ("conventions", lambda cast: ratification(cast.bogota)),
            ("nap", lambda cast: action_plan(cast.bogota)),
            ("legislation", a_law),
            ("reviews", lambda cast: cycle(cast.bogota)),
            ("recommendations", a_rec),
            ("monitors", lambda cast: monitor(cast.bogota)),
        )
    ],
    Row(
        "api:countries:legislation-detail",
        method="PATCH",
        api=True,
        setup=a_law,
        kwargs=pk,
        data=lambda cast, setup: {"note": "Changed through the API"},
        allowed=KEEPERS,
        denied=404,
        denied_as=READ_ONLY_HERE,
    ),
    Row(
        "api:countries:legislation-detail",
        method="DELETE",
        api=True,
        setup=a_law,
        kwargs=pk,
        allowed=frozenset(),
        denied=405,
    ),
]
ROWS += API_ROWS
