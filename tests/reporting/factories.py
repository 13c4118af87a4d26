"""Reports for tests, written through the service so that the screening runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.reporting import services
from wpsdesk.reporting.models import Report

WITH_WPS = (
    "Norway urges the parties to ensure women's full, equal and meaningful participation "
    "and to prevent conflict-related sexual violence."
)
WITHOUT_WPS = "The delegation discussed the port, the road programme and trade."


def make_report(
    actor: User, unit: Unit, title: str = "Report home on the talks", **fields: Any
) -> Report:
    values: dict[str, Any] = {
        "kind": "report_home",
        "date": dt.date(2026, 3, 10),
        "title": title,
        "text": WITHOUT_WPS,
        "classification": Classification.INTERNAL,
        **fields,
    }
    messages = values.pop("messages", None)
    report, _changed = services.report_save(
        actor=actor, unit=unit, values=values, messages=messages
    )
    return report


def restricted_report(actor: User, unit: Unit, title: str = "Restricted report") -> Report:
    return make_report(actor, unit, title, classification=Classification.RESTRICTED)
