"""Grants for tests: one call, sensible defaults, any field overridden."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from wpsdesk.grants.models import Grant, GrantAmount, GrantReport
from wpsdesk.organisation.models import Classification, Unit


def make_grant(
    unit: Unit,
    number: str = "COL-25/0001",
    *,
    amounts: list[tuple[int, int, str, int]] | None = None,
    **fields: Any,
) -> Grant:
    """An internal grant in Colombia, marker 2, 2025, with 1,000,000 NOK in 2025."""
    values: dict[str, Any] = {
        "title": "Women in the peace talks",
        "multilateral_partner": "UN Women",
        "channel": "mission",
        "start_date": dt.date(2025, 1, 1),
        "end_date": dt.date(2025, 12, 31),
        "country": "CO",
        "priority": 1,
        "gender_marker": 2,
        "wps_relevant": True,
        "classification": Classification.INTERNAL,
        **fields,
    }
    grant = Grant.objects.create(unit=unit, agreement_number=number, **values)
    for year, amount, currency, nok in (
        amounts if amounts is not None else [(2025, 1_000_000, "NOK", 1_000_000)]
    ):
        GrantAmount.objects.create(
            grant=grant, year=year, amount=Decimal(amount), currency=currency, nok=Decimal(nok)
        )
    return grant


def restricted_grant(unit: Unit, number: str = "COL-25/0999", **fields: Any) -> Grant:
    return make_grant(unit, number, classification=Classification.RESTRICTED, **fields)


def make_report(grant: Grant, due: dt.date, **fields: Any) -> GrantReport:
    return GrantReport.objects.create(grant=grant, title="Annual report", due_date=due, **fields)
