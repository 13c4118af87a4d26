"""The kinds of country record a page or the API edits, by their URL part."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import (
    ActionPlan,
    CountryRecord,
    Legislation,
    MonitorEntry,
    Ratification,
    Recommendation,
    ReviewCycle,
)


@dataclass(frozen=True)
class Kind:
    """One kind of record: its model, the fields a person edits, and its names."""

    key: str
    model: type[CountryRecord]
    fields: tuple[str, ...]
    one: Promise
    heading: Promise


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind(
            "conventions",
            Ratification,
            ("instrument", "instrument_name", "signed_on", "ratified_on", "reservations"),
            _("convention"),
            _("Conventions ratified"),
        ),
        Kind(
            "nap",
            ActionPlan,
            ("title", "starts", "ends", "status", "link", "note"),
            _("national action plan"),
            _("National action plan on WPS"),
        ),
        Kind(
            "legislation",
            Legislation,
            ("title", "year", "kind", "status", "note"),
            _("law"),
            _("Legislation"),
        ),
        Kind(
            "reviews",
            ReviewCycle,
            ("body", "cycle", "report_due", "review_date", "observations_date", "note"),
            _("review cycle"),
            _("CEDAW and UPR review cycles"),
        ),
        Kind(
            "recommendations",
            Recommendation,
            ("body", "cycle", "text", "theme", "recommending_state", "response"),
            _("recommendation"),
            _("Recommendations and their follow-up"),
        ),
        Kind(
            "monitors",
            MonitorEntry,
            ("monitor", "on", "title", "summary", "link"),
            _("monitor's entry"),
            _("Other monitors"),
        ),
    )
}


def kind_of(record: CountryRecord) -> Kind:
    return KINDS[type(record).section]
