"""Small builders for engagements and their counts (records belong to Bogotá unless told)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from wpsdesk.engagements import tallies
from wpsdesk.engagements.models import (
    Dimension,
    Engagement,
    Kind,
    Measure,
    Participation,
    Side,
)
from wpsdesk.engagements.services import vocabulary
from wpsdesk.organisation.models import Unit


def make_engagement(
    unit: Unit,
    *,
    counts: dict[tuple[str, str], int] | None = None,
    spoke: dict[tuple[str, str], int] | None = None,
    led: dict[str, str] | None = None,
    **fields: Any,
) -> Engagement:
    """An engagement with gender counts ``{(side, gender): n}``, speakers and leads.

    Written straight to the tables, as a bulk load would be, with the kept figures
    counted again in the same transaction (as every writer does).
    """
    values: dict[str, Any] = {
        "kind": Kind.BILATERAL,
        "date": dt.date(2026, 3, 10),
        "country": "CO",
        "title": "Meeting with the women's network",
        "wps_on_agenda": True,
    }
    values.update(fields)
    ids = vocabulary()

    def gender(code: str) -> int:
        return ids[(Dimension.GENDER, code)]

    with transaction.atomic():
        engagement = Engagement.objects.create(unit=unit, **values)
        rows = []
        for (side, code), n in (counts or {}).items():
            rows.append(
                Participation(engagement=engagement, side=side, category_id=gender(code), count=n)
            )
        for (side, code), n in (spoke or {}).items():
            rows.append(
                Participation(
                    engagement=engagement,
                    side=side,
                    measure=Measure.SPOKE,
                    category_id=gender(code),
                    count=n,
                )
            )
        for side, code in (led or {}).items():
            rows.append(
                Participation(
                    engagement=engagement,
                    side=side,
                    measure=Measure.LED,
                    category_id=gender(code),
                    count=1,
                )
            )
        Participation.objects.bulk_create(rows)
        tallies.refresh([tallies.bucket_of(engagement)])
    return engagement


__all__ = ["Dimension", "Side", "make_engagement"]
