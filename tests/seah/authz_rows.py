"""Authorization rows for SEAH reports: every page and method, for every persona.

Reports belong to the Embassy in Bogotá, whose reader is designated SEAH handler in the
setup. Only that handler and the unit's lead get anywhere; for everyone else — the
unit's cleared officer, HQ, the auditor, the administrator — every page is 404, as if
SEAH reports did not exist. A grant holder's rows are in ``test_access.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.authz import Row, not_offered
from tests.personas import Cast
from tests.seah.factories import designate, make_report, make_step
from wpsdesk.seah.models import SeahReport

HANDLERS = frozenset({"lead", "reader"})
LEADS = frozenset({"lead"})


def report(cast: Cast) -> SeahReport:
    designate(cast.reader, cast.bogota)
    return make_report(cast.bogota, cast.lead)


def handler_only(cast: Cast) -> None:
    designate(cast.reader, cast.bogota)


def pk(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"pk": setup.pk}


def fresh(cast: Cast, setup: Any) -> dict[str, Any]:
    """A report of its own for each request (closing one that succeeds leaves it closed)."""
    return {"pk": make_report(cast.bogota, cast.lead).pk}


def fresh_step(cast: Cast, setup: Any) -> dict[str, Any]:
    step = make_step(make_report(cast.bogota, cast.lead), dt.date(2026, 5, 1))
    return {"pk": step.report_id, "step_pk": step.pk}


def values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "unit": cast.bogota.pk,
        "received_on": "2026-03-02",
        "channel": "partner",
        "category": "abuse",
        "summary": "Reported by the partner",
        "partner_request": "",
        "grant_reference": "",
    }


def edit_values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {**values(cast, setup), "version": "1"}


def designation(cast: Cast, setup: Any) -> dict[str, Any]:
    from wpsdesk.organisation.models import Membership

    membership = Membership.objects.get(user=cast.officer, unit=cast.bogota)
    return {"membership": membership.pk, "handler": "1", "reason": "Covers the SEAH cases"}


def export(fmt: str) -> Any:
    return lambda cast, setup: {"pk": setup.pk, "fmt": fmt}


ROWS = [
    Row("seah:list", setup=handler_only, allowed=HANDLERS, denied=404),
    Row("seah:create", setup=handler_only, allowed=HANDLERS, denied=404),
    Row(
        "seah:create", method="POST", setup=handler_only, data=values, allowed=HANDLERS, denied=404
    ),
    Row("seah:handlers", setup=handler_only, allowed=LEADS, denied=404),
    Row(
        "seah:handlers",
        method="POST",
        setup=handler_only,
        data=designation,
        allowed=LEADS,
        denied=404,
    ),
    Row("seah:detail", setup=report, kwargs=pk, allowed=HANDLERS, denied=404),
    Row("seah:edit", setup=report, kwargs=pk, allowed=HANDLERS, denied=404),
    Row(
        "seah:edit",
        method="POST",
        setup=report,
        kwargs=fresh,
        data=edit_values,
        allowed=HANDLERS,
        denied=404,
    ),
    Row("seah:close", setup=report, kwargs=pk, allowed=HANDLERS, denied=404),
    Row(
        "seah:close",
        method="POST",
        setup=report,
        kwargs=fresh,
        data=lambda cast, setup: {"outcome": "inconclusive", "note": "", "version": "1"},
        allowed=HANDLERS,
        denied=404,
    ),
    Row(
        "seah:step_add",
        method="POST",
        setup=report,
        kwargs=pk,
        data=lambda cast, setup: {"description": "Call the partner", "due_on": "2026-06-01"},
        allowed=HANDLERS,
        denied=404,
    ),
    *not_offered("seah:step_add", "GET", setup=report, kwargs=pk),
    Row(
        "seah:step_done",
        method="POST",
        setup=report,
        kwargs=fresh_step,
        allowed=HANDLERS,
        denied=404,
    ),
    *not_offered("seah:step_done", "GET", setup=report, kwargs=fresh_step),
    # Without a recent code the handlers are sent to re-authenticate (302); everyone else
    # gets the 404 first, so the step does not tell that the report exists.
    Row("seah:export", setup=report, kwargs=export("csv"), allowed=HANDLERS, denied=404),
    Row("seah:export", setup=report, kwargs=export("xlsx"), allowed=HANDLERS, denied=404),
]
