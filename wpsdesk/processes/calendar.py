"""Peace processes' dates on the WPS calendar: reviews of WPS strategy objectives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from wpsdesk.calendar.sources import Entry
from wpsdesk.organisation.models import Classification
from wpsdesk.organisation.policy import visible_to

from .models import StrategyObjective

KIND = "processes.strategy_review"


def strategy_reviews(user: Any, start: dt.date, end: dt.date) -> list[Entry]:
    """Strategy objectives due for review from ``start`` to ``end`` that the person may read
    (including those of processes their unit contributes to)."""
    objectives = (
        visible_to(StrategyObjective.objects.all(), user=user)
        .filter(review_on__gte=start, review_on__lte=end)
        .select_related("process", "process__unit")
        .order_by("review_on", "pk")
    )
    entries = []
    for objective in objectives:
        countries = [c.strip() for c in objective.process.countries.split(",") if c.strip()]
        entries.append(
            Entry(
                date=objective.review_on,  # type: ignore[arg-type]  # filtered on above
                title=_("Strategy review, %(process)s: %(objective)s")
                % {"process": objective.process.name, "objective": objective.objective[:80]},
                kind=KIND,
                url=reverse("processes:objective_edit", args=[objective.pk]),
                unit=objective.process.unit,
                country=countries[0] if len(countries) == 1 else "",
                restricted=objective.process.classification != Classification.INTERNAL,
                key=f"processes.objective:{objective.pk}",
            )
        )
    return entries
