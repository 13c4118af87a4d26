"""The countries' CEDAW and UPR dates on the WPS calendar: each review cycle's report due
date and review date the person may read, registered as a date source."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from wpsdesk.calendar import sources

from . import selectors

REPORT_DUE = "countries.report_due"
REVIEW = "countries.review"


def review_entries(user: Any, start: dt.date, end: dt.date) -> list[sources.Entry]:
    """The review dates between ``start`` and ``end`` as calendar entries.

    Titles name only the body, the cycle and the country (never a note), so a restricted
    cycle's entry is marked restricted but says nothing a feed must not carry.
    """
    dates = selectors.review_dates(user, start, end)
    return [
        sources.Entry(
            date=d.day,
            title=d.title,
            kind=REPORT_DUE if d.what == "report_due" else REVIEW,
            url=d.url,
            unit=d.unit,
            country=d.country,
            restricted=d.restricted,
            key=f"countries.reviewcycle:{d.pk}:{d.what}",
        )
        for d in dates
    ]


def register() -> None:
    sources.register_kind(REPORT_DUE, _("CEDAW or UPR report due"), default_days=30)
    sources.register_kind(REVIEW, _("CEDAW or UPR review"), default_days=14)
    sources.register("countries.reviews", review_entries)
