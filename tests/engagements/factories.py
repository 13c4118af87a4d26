"""Small builders for engagements and their counts (records belong to Bogotá unless told)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wpsdesk.engagements.models import (
    Dimension,
    Engagement,
    Kind,
    Measure,
    Participation,
    Side,
)
from wpsdesk.organisation.models import Unit


def make_engagement(
    unit: Unit,
    *,
    counts: dict[tuple[str, str], int] | None = None,
    spoke: dict[tuple[str, str], int] | None = None,
    led: dict[str, str] | None = None,
    **fields: Any,
) -> Engagement:
    """An engagement with gender counts ``{(side, gender): n}``, speakers and leads."""
    values: dict[str, Any] = {
        "kind": Kind.BILATERAL,
        "date": dt.date(2026, 3, 10),
        "country": "CO",
        "title": "Meeting with the women's network",
        "wps_on_agenda": True,
    }
    values.update(fields)
    engagement = Engagement.objects.create(unit=unit, **values)
    rows = []
    for (side, gender), n in (counts or {}).items():
        rows.append(Participation(engagement=engagement, side=side, category=gender, count=n))
    for (side, gender), n in (spoke or {}).items():
        rows.append(
            Participation(
                engagement=engagement, side=side, measure=Measure.SPOKE, category=gender, count=n
            )
        )
    for side, gender in (led or {}).items():
        rows.append(
            Participation(
                engagement=engagement, side=side, measure=Measure.LED, category=gender, count=1
            )
        )
    Participation.objects.bulk_create(rows)
    return engagement


__all__ = ["Dimension", "Side", "make_engagement"]
