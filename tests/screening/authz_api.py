"""Authorization rows for the screening API, the findings export and the compare page.

Documents belong to the Embassy in Bogotá. Another unit's document is 404 (as if it did not
exist); its own reader and the HQ coordinator, who may read it, get 403 on delete. Screening
on the spot reads nothing stored, so every person may use it. The export asks for
re-authentication once the document is known to be the person's to read: the verified
clients here have not re-authenticated, so "success" for them is that redirect (the
download itself is tested in test_exports.py).
"""

from __future__ import annotations

from typing import Any

from tests.authz import PERSONAS, Row, not_offered
from tests.personas import Cast
from tests.screening import docs
from wpsdesk.screening import services
from wpsdesk.screening.models import ScreenedDocument, Source, Status

ALL_PEOPLE = frozenset(PERSONAS)
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})
READ_ONLY_HERE = {"reader": 403, "coordinator": 403}


def screened(cast: Cast, text: str = docs.AGREEMENT) -> ScreenedDocument:
    return services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Agreement",
        classification="internal",
        text=text,
    )


def two_drafts(cast: Cast) -> tuple[ScreenedDocument, ScreenedDocument]:
    return screened(cast), screened(cast, docs.DRAFT_TWO)


def fresh(cast: Cast, setup: Any) -> dict[str, Any]:
    """A document of its own for each request (a delete that succeeds leaves none behind)."""
    document = ScreenedDocument.objects.create(
        unit=cast.bogota, title="To delete", source=Source.PASTE, status=Status.DONE
    )
    return {"pk": document.pk}


def pk(cast: Cast, document: Any) -> dict[str, Any]:
    return {"pk": document.pk}


def export(fmt: str) -> Any:
    return lambda cast, document: {"pk": document.pk, "fmt": fmt}


def new_document(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"unit": cast.bogota.pk, "title": "From the API", "text": docs.AGREEMENT}


def pair(cast: Cast, drafts: Any) -> dict[str, Any]:
    return {"old": drafts[0].pk, "new": drafts[1].pk}


def speaking_points(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"text": "We call for the full participation of women in the talks."}


LIST = "api:screening:document-list"
DETAIL = "api:screening:document-detail"
RESCREEN = "api:screening:document-rescreen"

ROWS = [
    Row(LIST, api=True, allowed=ALL_PEOPLE, notes="an empty list for those with none"),
    Row(
        LIST,
        method="POST",
        api=True,
        data=new_document,
        allowed=EDIT_BOGOTA,
        notes="adding to a unit one may not write in is 403",
    ),
    *not_offered(LIST, "PUT", "PATCH", "DELETE"),
    Row(DETAIL, api=True, setup=screened, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    Row(
        DETAIL,
        method="DELETE",
        api=True,
        kwargs=fresh,
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
    ),
    Row(
        DETAIL,
        method="PATCH",
        api=True,
        setup=screened,
        kwargs=pk,
        data=lambda cast, setup: {"title": "Renamed"},
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
    ),
    *not_offered(DETAIL, "PUT", "POST", setup=screened, kwargs=pk),
    Row(
        RESCREEN,
        method="POST",
        api=True,
        setup=screened,
        kwargs=pk,
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
    ),
    *not_offered(RESCREEN, "GET", setup=screened, kwargs=pk),
    Row(
        "api:screening:compare",
        method="POST",
        api=True,
        setup=two_drafts,
        data=pair,
        allowed=SEE_BOGOTA,
        denied=404,
        notes="both drafts must be readable",
    ),
    *not_offered("api:screening:compare", "GET"),
    Row(
        "api:screening:screen",
        method="POST",
        api=True,
        data=speaking_points,
        allowed=ALL_PEOPLE,
        notes="nothing stored is read or written",
    ),
    *not_offered("api:screening:screen", "GET"),
    *[
        Row(
            "screening:export",
            setup=screened,
            kwargs=export(fmt),
            allowed=SEE_BOGOTA,
            denied=404,
            notes="allowed: the redirect to re-authenticate",
        )
        for fmt in ("csv", "xlsx", "json")
    ],
    *not_offered("screening:export", "POST", setup=screened, kwargs=export("csv")),
    Row("screening:compare", allowed=ALL_PEOPLE, notes="lists only what one may read"),
    Row(
        "screening:compare",
        setup=two_drafts,
        data=pair,
        allowed=ALL_PEOPLE,
        notes="those who may not read the drafts get the form back with an error",
    ),
    *not_offered("screening:compare", "POST"),
]
