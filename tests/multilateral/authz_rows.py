"""Authorization rows for multilateral work: every page, API route and method, for every persona.

Records are built in the Embassy in Bogotá. Another unit's file, statement or side event
is 404 (as if it did not exist); the unit's own reader, and the HQ coordinator who may read
it, get 403 on writes. Forums and their own plans and mandates are public to every person;
adding a plan or mandate takes a unit one may write in.
"""

from __future__ import annotations

from typing import Any

from tests.authz import PERSONAS, Row, not_offered
from tests.multilateral.factories import (
    document,
    forum,
    make_event,
    make_file,
    make_objective,
    make_statement,
)
from tests.personas import Cast

ALL_PEOPLE = frozenset(PERSONAS)
LOGGERS = frozenset({"officer", "lead", "outsider", "coordinator"})
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})
READ_ONLY_HERE = {"reader": 403, "coordinator": 403}


def file(cast: Cast) -> Any:
    return make_file(cast.bogota)


def objective(cast: Cast) -> Any:
    return make_objective(make_file(cast.bogota))


def statement(cast: Cast) -> Any:
    return make_statement(cast.bogota)


def event(cast: Cast) -> Any:
    return make_event(cast.bogota)


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def csw(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"code": "csw"}


def file_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "unit": str(cast.bogota.pk),
        "title": "Resolution on women mediators",
        "kind": "resolution",
        "forum": str(forum().pk),
        "year": "2026",
        "status": "open",
        "classification": "internal",
    }


def own_unit_file(cast: Cast, setup: Any) -> dict[str, Any]:
    # Left without a unit, the file goes to the person's current unit.
    data = file_data(cast, setup)
    data.pop("unit")
    return data


def objective_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"objective": "Women in every delegation", "outcome": "pending"}


def draft_data(cast: Cast, setup: Any) -> dict[str, Any]:
    # A new document for every request: a document is a draft of a file only once.
    return {"document": str(document(cast.bogota).pk), "label": "rev. 1"}


def statement_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "unit": str(cast.bogota.pk),
        "title": "Statement at the open debate",
        "forum": str(forum().pk),
        "delivered_on": "2026-10-24",
        "speaker": "Ambassador",
        "classification": "internal",
    }


def own_unit_statement(cast: Cast, setup: Any) -> dict[str, Any]:
    # Everyone who may write records it in a unit of their own (the form offers no other).
    data = statement_data(cast, setup)
    data.pop("unit")
    return data


def event_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "unit": str(cast.bogota.pk),
        "title": "Women mediators' networks",
        "forum": str(forum("csw").pk),
        "held_on": "2026-03-12",
        "role": "organised",
        "classification": "internal",
        "speakers_women": "2",
    }


def own_unit_event(cast: Cast, setup: Any) -> dict[str, Any]:
    data = event_data(cast, setup)
    data.pop("unit")
    return data


def forum_record_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"kind": "action_plan", "title": "Gender action plan"}


def api_file(cast: Cast, setup: Any) -> dict[str, Any]:
    forum()
    return {
        "unit": "test-bogota",
        "title": "API resolution",
        "kind": "resolution",
        "forum": "unsc",
        "year": 2026,
    }


def edit_rows(name: str, setup: Any, data: Any) -> list[Row]:
    return [
        Row(
            name,
            method=method,
            setup=setup,
            kwargs=pk,
            data=data if method == "POST" else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
            notes="another unit's record is 404; its own reader and HQ get 403",
        )
        for method in ("GET", "POST")
    ]


def create_rows(name: str, data: Any) -> list[Row]:
    return [
        Row(
            name,
            method=method,
            data=data if method == "POST" else (lambda cast, setup: {}),
            allowed=LOGGERS,
            notes="needs a unit one may write in",
        )
        for method in ("GET", "POST")
    ]


ROWS = [
    Row("multilateral:list", allowed=ALL_PEOPLE, notes="an empty list for people with none"),
    *create_rows("multilateral:create", own_unit_file),
    Row("multilateral:detail", setup=file, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    *edit_rows("multilateral:edit", file, file_data),
    *edit_rows("multilateral:objective_add", file, objective_data),
    *edit_rows("multilateral:objective_edit", objective, objective_data),
    *edit_rows("multilateral:draft_add", file, draft_data),
    *edit_rows("multilateral:statement_add", file, statement_data),
    *create_rows("multilateral:statement_create", own_unit_statement),
    Row("multilateral:statement", setup=statement, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    *edit_rows("multilateral:statement_edit", statement, statement_data),
    *create_rows("multilateral:event_create", own_unit_event),
    Row("multilateral:event", setup=event, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    *edit_rows("multilateral:event_edit", event, event_data),
    Row("multilateral:forums", allowed=ALL_PEOPLE),
    Row("multilateral:forum", setup=lambda cast: forum("csw"), kwargs=csw, allowed=ALL_PEOPLE),
    *[
        Row(
            "multilateral:forum_record_add",
            method=method,
            setup=lambda cast: forum("csw"),
            kwargs=csw,
            data=forum_record_data if method == "POST" else (lambda cast, setup: {}),
            allowed=LOGGERS,
        )
        for method in ("GET", "POST")
    ],
    # The API
    Row("api:multilateral:file-list", api=True, allowed=ALL_PEOPLE),
    Row(
        "api:multilateral:file-list",
        method="POST",
        api=True,
        data=api_file,
        allowed=EDIT_BOGOTA,
        notes="opening a file in a unit one may not write in is 403",
    ),
    Row(
        "api:multilateral:file-detail",
        api=True,
        setup=file,
        kwargs=pk,
        allowed=SEE_BOGOTA,
        denied=404,
    ),
    Row(
        "api:multilateral:file-detail",
        method="PATCH",
        api=True,
        setup=file,
        kwargs=pk,
        data=lambda cast, setup: {"status": "adopted"},
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
    ),
    *not_offered("api:multilateral:file-detail", "DELETE", setup=file, kwargs=pk),
]
