"""Authorization rows for reporting home: every page and method, for every persona.

Reports are written in the Embassy in Bogotá. Another unit's report is 404; its own reader
and the HQ coordinator get 403 on writes; a restricted report is 404 without clearance.
"""

from __future__ import annotations

from typing import Any

from tests.authz import PERSONAS, Row
from tests.personas import Cast
from tests.reporting.factories import make_report, restricted_report
from wpsdesk.reporting.models import Report

ALL_PEOPLE = frozenset(PERSONAS)
ADDERS = frozenset({"officer", "lead", "outsider", "coordinator"})
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})


def report(cast: Cast) -> Report:
    return make_report(cast.officer, cast.bogota)


def secret(cast: Cast) -> Report:
    return restricted_report(cast.officer, cast.bogota)


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "kind": "speaking_points",
        "date": "2026-04-01",
        "title": "Speaking points",
        "text": "Women's participation in the talks.",
        "classification": "internal",
    }


ROWS = [
    Row("reporting:list", allowed=ALL_PEOPLE, notes="an empty list for people with no unit"),
    Row("reporting:create", allowed=ADDERS),
    Row("reporting:create", method="POST", allowed=ADDERS, data=values),
    Row("reporting:detail", setup=report, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    Row(
        "reporting:detail",
        setup=secret,
        kwargs=pk,
        allowed=EDIT_BOGOTA,
        denied=404,
        notes="restricted: the reader without clearance and HQ get 404 too",
    ),
    *[
        Row(
            "reporting:edit",
            method=method,
            setup=report,
            kwargs=pk,
            data=values if method == "POST" else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as={"reader": 403, "coordinator": 403},
        )
        for method in ("GET", "POST")
    ],
]
