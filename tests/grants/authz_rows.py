"""Authorization rows for grants: every page and method, for every persona.

Grants are built in the Embassy in Bogotá. Another unit's grant is 404 (as if it did not
exist); the unit's own reader, and the HQ coordinator who may read an internal one, get 403
on writes. Lists, figures and exports answer everyone with what that person may open.
Best-practice notes are internal and readable by every person; only their unit edits them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.authz import PERSONAS, Row, not_offered
from tests.engagements.factories import make_engagement
from tests.grants.factories import make_grant, make_report, restricted_grant
from tests.personas import Cast
from wpsdesk.core import sealed_files
from wpsdesk.grants.models import BestPractice, Grant
from wpsdesk.grants.services import STORAGE_DIR

ALL_PEOPLE = frozenset(PERSONAS)
ADDERS = frozenset({"officer", "lead", "outsider", "coordinator"})
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})
READ_ONLY_HERE = {"reader": 403, "coordinator": 403}
_numbers = itertools.count(1)


def grant(cast: Cast) -> Grant:
    return make_grant(cast.bogota)


def secret(cast: Cast) -> Grant:
    return restricted_grant(cast.bogota)


def with_files(cast: Cast) -> Grant:
    """A grant with a sealed needs analysis and a received report with its file."""
    g = make_grant(
        cast.bogota,
        "COL-25/0777",
        needs_analysis_date=dt.date(2025, 3, 1),
        needs_analysis_file_name="needs.txt",
        needs_analysis_key=sealed_files.store(b"needs", STORAGE_DIR),
    )
    make_report(
        g,
        dt.date(2025, 6, 30),
        received_on=dt.date(2025, 6, 1),
        file_name="report.txt",
        file_key=sealed_files.store(b"report", STORAGE_DIR),
    )
    return g


def practice(cast: Cast) -> BestPractice:
    return BestPractice.objects.create(
        unit=cast.bogota, title="Safe distribution points", source="grantee", summary="It worked."
    )


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def report_kwargs(cast: Cast, record: Grant) -> dict[str, Any]:
    return {"pk": record.pk, "report_pk": record.reports.first().pk}  # type: ignore[union-attr]


def fresh(cast: Cast, setup: Any) -> dict[str, Any]:
    """A grant of its own for each request (a delete that succeeds leaves none)."""
    return {"pk": make_grant(cast.bogota, f"DEL-{next(_numbers)}").pk}


def fresh_report(cast: Cast, setup: Any) -> dict[str, Any]:
    g = make_grant(cast.bogota, f"REP-{next(_numbers)}")
    return {"pk": g.pk, "report_pk": make_report(g, dt.date(2025, 6, 30)).pk}


def fresh_engagement(cast: Cast, setup: Any) -> dict[str, Any]:
    g = make_grant(cast.bogota, f"ENG-{next(_numbers)}")
    engagement = make_engagement(cast.bogota)
    g.engagements.add(engagement)
    return {"pk": g.pk, "engagement_pk": engagement.pk}


def values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "agreement_number": f"NEW-{next(_numbers)}",
        "title": "Registered in the table",
        "multilateral_partner": "UN Women",
        "channel": "mission",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        "country": "CO",
        "priority": "1",
        "gender_marker": "2",
        "classification": "internal",
        "amount_lines": "2025 100000 NOK",
    }


def edit_values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {**values(cast, setup), "agreement_number": setup.agreement_number}


def api_values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "unit": "test-bogota",
        "agreement_number": f"API-{next(_numbers)}",
        "title": "From the API",
        "multilateral_partner": "UNFPA",
        "channel": "mission",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        "country": "CO",
        "priority": 3,
        "gender_marker": 1,
    }


def api_edit_values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {**api_values(cast, setup), "agreement_number": setup.agreement_number}


def csv_file(cast: Cast, setup: Any) -> dict[str, Any]:
    number = f"IMP-{next(_numbers)}"
    content = (
        "agreement_number,title,multilateral_partner,channel,start_date,end_date,country,"
        "priority,gender_marker,year,amount,currency,nok\n"
        f"{number},Imported grant,UN Women,mission,2025-01-01,2025-12-31,CO,1,2,2025,100,NOK,100\n"
    )
    return {"file": SimpleUploadedFile("g.csv", content.encode(), content_type="text/csv")}


def needs_file(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "file": SimpleUploadedFile("needs.txt", b"Needs of displaced women.", "text/plain"),
        "received": "2025-03-01",
        "groups": ["displaced", "disability"],
    }


def report_due(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"title": "Annual report 2025", "due_date": "2026-03-31"}


def report_received(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "title": "Annual report",
        "due_date": "2025-06-30",
        "received_on": "2025-06-01",
        "planning": "integrated",
        "implementation": "partly",
        "evaluation": "",
        "assessment": "Good.",
    }


def engagement_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"engagement": make_engagement(cast.bogota).pk}


def practice_values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"title": "Women-only hours", "source": "grantee", "summary": "It worked."}


def edit_rows(
    name: str, setup: Any, data: Any, kwargs: Any = pk, post_kwargs: Any = None
) -> list[Row]:
    return [
        Row(
            name,
            method=method,
            setup=setup or (lambda cast: None),
            kwargs=(post_kwargs or kwargs) if method == "POST" else kwargs,
            data=data if method == "POST" else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
            notes="another unit's grant is 404; its own readers and HQ get 403",
        )
        for method in ("GET", "POST")
    ]


def post_row(name: str, setup: Any, kwargs: Any, data: Any = lambda cast, setup: {}) -> Row:
    return Row(
        name,
        method="POST",
        setup=setup or (lambda cast: None),
        kwargs=kwargs,
        data=data,
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
    )


API_ROWS = [
    Row("api:grants:grant-list", api=True, allowed=ALL_PEOPLE),
    Row(
        "api:grants:grant-list",
        method="POST",
        api=True,
        data=api_values,
        allowed=EDIT_BOGOTA,
        notes="registering in a unit one may not write in is 403",
    ),
    Row(
        "api:grants:grant-detail", api=True, setup=grant, kwargs=pk, allowed=SEE_BOGOTA, denied=404
    ),
    Row(
        "api:grants:grant-detail",
        api=True,
        setup=secret,
        kwargs=pk,
        allowed=frozenset({"officer", "lead"}),
        denied=404,
        notes="a restricted grant: unit members with clearance only",
    ),
    *[
        Row(
            "api:grants:grant-detail",
            method=method,
            api=True,
            setup=grant,
            kwargs=pk,
            data=api_edit_values,
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
        )
        for method in ("PUT", "PATCH")
    ],
    *not_offered("api:grants:grant-detail", "DELETE", setup=grant, kwargs=pk),
]

ROWS = [
    Row("grants:list", allowed=ALL_PEOPLE, notes="an empty list for people with no unit"),
    Row("grants:create", allowed=ADDERS),
    Row("grants:create", method="POST", allowed=ADDERS, data=values),
    Row("grants:detail", setup=grant, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    Row(
        "grants:detail",
        setup=secret,
        kwargs=pk,
        allowed=frozenset({"officer", "lead"}),
        denied=404,
        notes="restricted: the reader without clearance and HQ get 404 too",
    ),
    *edit_rows("grants:edit", grant, edit_values),
    *edit_rows("grants:delete", grant, lambda cast, setup: {}, post_kwargs=fresh),
    post_row("grants:needs_upload", grant, pk, needs_file),
    *not_offered("grants:needs_upload", "GET", setup=grant, kwargs=pk),
    Row("grants:needs_download", setup=with_files, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    post_row("grants:report_add", grant, pk, report_due),
    *not_offered("grants:report_add", "GET", setup=grant, kwargs=pk),
    *edit_rows("grants:report_edit", None, report_received, kwargs=fresh_report),
    *edit_rows("grants:report_delete", None, lambda cast, setup: {}, kwargs=fresh_report),
    Row(
        "grants:report_download",
        setup=with_files,
        kwargs=report_kwargs,
        allowed=SEE_BOGOTA,
        denied=404,
    ),
    post_row("grants:engagement_add", grant, pk, engagement_data),
    *not_offered("grants:engagement_add", "GET", setup=grant, kwargs=pk),
    post_row("grants:engagement_remove", None, fresh_engagement),
    *not_offered("grants:engagement_remove", "GET", kwargs=fresh_engagement),
    Row("grants:overdue", allowed=ALL_PEOPLE, notes="each sees the overdue reports they may"),
    Row("grants:dashboard", allowed=ALL_PEOPLE, notes="figures from what each may open"),
    Row("grants:import", allowed=ADDERS),
    Row("grants:import", method="POST", allowed=ADDERS, data=csv_file),
    Row("grants:import_template", allowed=ADDERS),
    Row("grants:practices", allowed=ALL_PEOPLE),
    Row("grants:practice_create", allowed=ADDERS),
    Row("grants:practice_create", method="POST", allowed=ADDERS, data=practice_values),
    Row("grants:practice", setup=practice, kwargs=pk, allowed=ALL_PEOPLE, denied=404),
    *[
        Row(
            "grants:practice_edit",
            method=method,
            setup=practice,
            kwargs=pk,
            data=practice_values if method == "POST" else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=403,
            notes="every person may read an internal note; only its unit's editors change it",
        )
        for method in ("GET", "POST")
    ],
    # Without a recent code everyone is first sent to re-authenticate (302), the same for all.
    Row("grants:export", kwargs=lambda cast, setup: {"fmt": "csv"}, allowed=ALL_PEOPLE),
    Row("grants:export", kwargs=lambda cast, setup: {"fmt": "xlsx"}, allowed=ALL_PEOPLE),
    *API_ROWS,
]
