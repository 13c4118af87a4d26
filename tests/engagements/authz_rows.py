"""Authorization rows for engagements: every page and method, for every persona.

Records are built in the Embassy in Bogotá. Another unit's record is 404 (as if it did not
exist); the unit's own readers, and the HQ coordinator who may read it, get 403 on writes.
Lists, the dashboard and exports answer everyone with what that person may open (often
nothing).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.authz import PERSONAS, Row, not_offered
from tests.engagements.factories import make_engagement
from tests.personas import Cast
from wpsdesk.engagements.models import Envoy, IssueRaised, Nomination, Team

ALL_PEOPLE = frozenset(PERSONAS)
# Editors and leads of some unit may log engagements there.
LOGGERS = frozenset({"officer", "lead", "outsider", "coordinator"})
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})
READ_ONLY_HERE = {"reader": 403, "coordinator": 403}


def engagement(cast: Cast) -> Any:
    return make_engagement(cast.bogota, counts={("norway", "women"): 2})


def issue(cast: Cast) -> IssueRaised:
    return IssueRaised.objects.create(
        engagement=engagement(cast), issue="Safe transport", owner=cast.officer
    )


def team(cast: Cast) -> Team:
    return Team.objects.create(
        unit=cast.bogota,
        name="Delegation to the talks",
        kind="negotiation",
        start=dt.date(2026, 1, 1),
    )


def envoy(cast: Cast) -> Envoy:
    return Envoy.objects.create(
        unit=cast.bogota, post="Special envoy", gender="women", start=dt.date(2025, 1, 1)
    )


def nomination(cast: Cast) -> Nomination:
    return Nomination.objects.create(
        unit=cast.bogota,
        post="Gender adviser",
        organisation="A UN mission",
        gender="women",
        nominated_on=dt.date(2026, 2, 1),
    )


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def meeting(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "title": "Table meeting",
        "date": "2026-03-01",
        "kind": "bilateral",
        "country": "CO",
        "n_norway_women": "1",
        "n_norway_men": "1",
    }


def issue_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"issue": "Quota for women", "side": "counterpart", "status": "open"}


def csv_file(cast: Cast, setup: Any) -> dict[str, Any]:
    content = (
        "reference,date,kind,country,title,norway_women,norway_men\n"
        "T-1,2026-02-02,bilateral,CO,Imported meeting,1,2\n"
    )
    return {"file": SimpleUploadedFile("e.csv", content.encode(), content_type="text/csv")}


def team_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"name": "Team", "kind": "meeting", "start": "2026-01-01", "c_head_women": "1"}


def envoy_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"post": "Envoy", "gender": "men", "start": "2026-01-01"}


def nomination_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "post": "Adviser",
        "organisation": "OSCE",
        "gender": "women",
        "nominated_on": "2026-01-01",
        "outcome": "pending",
    }


def edit_rows(name: str, setup: Any, data: Any, kwargs: Any = pk) -> list[Row]:
    return [
        Row(
            name,
            method=method,
            setup=setup,
            kwargs=kwargs,
            data=data if method == "POST" else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
            notes="another unit's record is 404; its own readers and HQ get 403",
        )
        for method in ("GET", "POST")
    ]


def api_engagement(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "unit": "test-bogota",
        "date": "2026-03-01",
        "kind": "bilateral",
        "country": "CO",
        "title": "From the API",
        "participation": [{"side": "norway", "category": "women", "count": 2}],
    }


def read_only_api(basename: str, setup: Any) -> list[Row]:
    list_name = f"api:engagements:{basename}-list"
    detail_name = f"api:engagements:{basename}-detail"
    return [
        Row(list_name, api=True, allowed=ALL_PEOPLE, notes="an empty list for those with none"),
        *not_offered(list_name, "POST"),
        Row(detail_name, api=True, setup=setup, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
        *not_offered(detail_name, "PUT", "PATCH", "DELETE", setup=setup, kwargs=pk),
    ]


API_ROWS = [
    Row("api:engagements:engagement-list", api=True, allowed=ALL_PEOPLE),
    Row(
        "api:engagements:engagement-list",
        method="POST",
        api=True,
        data=api_engagement,
        allowed=EDIT_BOGOTA,
        notes="writing in a unit one may not write in is 403",
    ),
    Row(
        "api:engagements:engagement-detail",
        api=True,
        setup=engagement,
        kwargs=pk,
        allowed=SEE_BOGOTA,
        denied=404,
    ),
    *[
        Row(
            "api:engagements:engagement-detail",
            method=method,
            api=True,
            setup=engagement,
            kwargs=pk,
            data=api_engagement,
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
        )
        for method in ("PUT", "PATCH")
    ],
    *not_offered("api:engagements:engagement-detail", "DELETE", setup=engagement, kwargs=pk),
    *read_only_api("issue", issue),
    *read_only_api("team", team),
    *read_only_api("envoy", envoy),
    *read_only_api("nomination", nomination),
    Row("api:engagements:figures", api=True, allowed=ALL_PEOPLE),
    *not_offered("api:engagements:figures", "POST"),
]

ROWS = [
    Row("engagements:list", allowed=ALL_PEOPLE, notes="an empty list for people with no unit"),
    Row("engagements:create", allowed=LOGGERS),
    Row("engagements:create", method="POST", allowed=LOGGERS, data=meeting),
    Row(
        "engagements:detail",
        setup=engagement,
        kwargs=pk,
        allowed=SEE_BOGOTA,
        denied=404,
    ),
    *edit_rows("engagements:edit", engagement, meeting),
    Row(
        "engagements:issue_add",
        method="POST",
        setup=engagement,
        kwargs=pk,
        data=issue_data,
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
    ),
    *edit_rows("engagements:issue_edit", issue, issue_data),
    Row("engagements:follow_ups", allowed=ALL_PEOPLE),
    Row("engagements:dashboard", allowed=ALL_PEOPLE, notes="figures from what one may open"),
    # Without a recent code everyone is first sent to re-authenticate (302), the same for all.
    Row("engagements:export", kwargs=lambda cast, setup: {"fmt": "csv"}, allowed=ALL_PEOPLE),
    Row("engagements:export", kwargs=lambda cast, setup: {"fmt": "xlsx"}, allowed=ALL_PEOPLE),
    Row("engagements:import", allowed=LOGGERS),
    Row("engagements:import", method="POST", allowed=LOGGERS, data=csv_file),
    Row("engagements:import_template", allowed=ALL_PEOPLE, notes="an empty workbook"),
    Row("engagements:teams", allowed=ALL_PEOPLE),
    Row("engagements:team_create", allowed=LOGGERS),
    Row("engagements:team_create", method="POST", allowed=LOGGERS, data=team_data),
    *edit_rows("engagements:team_edit", team, team_data),
    Row("engagements:record_create", kwargs=lambda cast, setup: {"kind": "envoy"}, allowed=LOGGERS),
    Row(
        "engagements:record_create",
        method="POST",
        kwargs=lambda cast, setup: {"kind": "nomination"},
        data=nomination_data,
        allowed=LOGGERS,
    ),
    *edit_rows(
        "engagements:record_edit",
        envoy,
        envoy_data,
        kwargs=lambda cast, record: {"kind": "envoy", "pk": record.pk},
    ),
    *edit_rows(
        "engagements:record_edit",
        nomination,
        nomination_data,
        kwargs=lambda cast, record: {"kind": "nomination", "pk": record.pk},
    ),
    *API_ROWS,
]
