"""Authorization rows for the screening pages: every page and method, for every persona.

Documents belong to the Embassy in Bogotá. Another unit's document is 404 (as if it did not
exist); its own reader and the HQ coordinator, who may read it, get 403 on every change.
The list answers everyone with what that person may open (often nothing). Editors and leads
of any unit may add a document to their own unit; people with no unit to write in get 403.
"""

from __future__ import annotations

from typing import Any

from tests.authz import PERSONAS, Row
from tests.personas import Cast
from tests.screening import docs
from wpsdesk.screening import services
from wpsdesk.screening.models import ScreenedDocument, Source, Status

ALL_PEOPLE = frozenset(PERSONAS)
# Editors and leads of some unit (the coordinator is an editor of the HQ section).
ADDERS = frozenset({"officer", "lead", "outsider", "coordinator"})
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})
READ_ONLY_HERE = {"reader": 403, "coordinator": 403}
NOBODY: frozenset[str] = frozenset()


def screened(cast: Cast) -> ScreenedDocument:
    return services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Agreement",
        classification="internal",
        text=docs.AGREEMENT,
    )


def queued(cast: Cast) -> ScreenedDocument:
    """A document waiting for a worker: what the progress fragment is polled for."""
    return ScreenedDocument.objects.create(
        unit=cast.bogota, title="Long mandate", source=Source.PASTE, status=Status.QUEUED
    )


def pk(cast: Cast, document: Any) -> dict[str, Any]:
    return {"pk": document.pk}


def fresh(cast: Cast, setup: Any) -> dict[str, Any]:
    """A document of its own for each request (a delete that succeeds leaves none behind)."""
    document = ScreenedDocument.objects.create(
        unit=cast.bogota, title="To delete", source=Source.PASTE, status=Status.DONE
    )
    return {"pk": document.pk}


def pasted(cast: Cast, setup: Any) -> dict[str, Any]:
    """No unit given: the document goes to the unit the person is working in."""
    return {
        "title": "Pasted draft",
        "classification": "internal",
        "chosen_type": "",
        "text": "Article 1\n\nThe Parties shall ensure the participation of women.\n",
    }


def changes(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"title": "Renamed", "classification": "internal", "chosen_type": ""}


def write_rows(name: str, methods: tuple[str, ...], kwargs: Any = pk) -> list[Row]:
    return [
        Row(
            name,
            method=method,
            setup=screened,
            kwargs=kwargs if method == "POST" else pk,
            data=changes
            if (name == "screening:edit" and method == "POST")
            else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
            notes="another unit's document is 404; its own readers and HQ get 403",
        )
        for method in methods
    ]


ROWS = [
    Row("screening:list", allowed=ALL_PEOPLE, notes="an empty list for people with no unit"),
    Row("screening:create", allowed=ADDERS),
    Row("screening:create", method="POST", data=pasted, allowed=ADDERS),
    Row("screening:detail", setup=screened, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    Row("screening:progress", setup=queued, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    *write_rows("screening:edit", ("GET", "POST")),
    *write_rows("screening:rescreen", ("POST",)),
    Row(
        "screening:rescreen",
        setup=screened,
        kwargs=pk,
        allowed=NOBODY,
        denied=405,
        notes="screening again is a POST only",
    ),
    *write_rows("screening:delete", ("GET", "POST"), kwargs=fresh),
]
