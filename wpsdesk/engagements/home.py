"""What engagements shows on the home page: the unit's engagements this quarter with the
share of women who took part and its follow-ups due and overdue; for HQ the year's figures
across the service, with small cells hidden as on the dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.core.home import Audience, HomePanel
from wpsdesk.core.units import current_unit
from wpsdesk.organisation.policy import visible_to

from .figures import suppressed_share
from .models import Dimension, Engagement, Gender, IssueRaised, Measure, Participation
from .tasks import SOON


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the quarter ``day`` is in."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _women_and_everyone(engagements: Any) -> tuple[int | None, int | None]:
    """Women and everyone who took part (gender recorded), over the given engagements."""
    counts = (
        Participation.objects.filter(
            engagement__in=engagements,
            measure=Measure.ATTENDED,
            category__dimension__code=Dimension.GENDER,
        )
        .order_by()
        .aggregate(
            everyone=Sum("count"),
            women=Sum("count", filter=Q(category__code=Gender.WOMAN)),
        )
    )
    everyone = counts["everyone"]
    return (counts["women"] or 0) if everyone is not None else None, everyone


def _quarter_label(start: dt.date) -> str:
    return _("Q%(quarter)d %(year)d") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}


def unit_quarter(request: HttpRequest) -> dict[str, Any] | None:
    """The current unit's engagements this quarter and the women's share among participants."""
    unit = current_unit(request)
    if unit is None:
        return None
    start = quarter_start(timezone.localdate())
    engagements = visible_to(
        Engagement.objects.filter(unit=unit, date__gte=start), user=request.user
    )
    counted = engagements.order_by().aggregate(
        total=Count("pk"), with_wps=Count("pk", filter=Q(wps_on_agenda=True))
    )
    women, everyone = _women_and_everyone(engagements.values("pk"))
    listing = reverse("engagements:list") + f"?unit={unit.pk}&start={start.isoformat()}"
    return {
        "figures": [
            {
                "label": _("Engagements since %(date)s") % {"date": start.isoformat()},
                "value": counted["total"],
                "note": _quarter_label(start),
                "url": listing,
            },
            {
                "label": _("With WPS on the agenda"),
                "value": counted["with_wps"],
                "url": "",
                "note": "",
            },
            {
                "label": _("Women among those who took part"),
                # Inside the unit that recorded them the counts are shown as they are.
                "value": str(suppressed_share(women, everyone, outside=False)),
                "note": (
                    _("%(women)d of %(everyone)d") % {"women": women, "everyone": everyone}
                    if everyone
                    else _("gender not recorded")
                ),
                "url": "",
            },
        ],
        "links": [
            {"url": reverse("engagements:create"), "label": _("Log an engagement")},
            {"url": reverse("engagements:dashboard"), "label": _("Dashboard")},
        ],
    }


def unit_follow_ups(request: HttpRequest) -> dict[str, Any] | None:
    """The current unit's open follow-ups: overdue and due within a week."""
    unit = current_unit(request)
    if unit is None:
        return None
    today = timezone.localdate()
    counted = (
        visible_to(
            IssueRaised.objects.unfinished().filter(engagement__unit=unit), user=request.user
        )
        .order_by()
        .aggregate(
            overdue=Count("pk", filter=Q(due_date__lt=today)),
            soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=today + SOON)),
            mine=Count("pk", filter=Q(owner_id=request.user.pk)),
        )
    )
    follow_ups = reverse("engagements:follow_ups")
    return {
        "figures": [
            {"label": _("Overdue"), "value": counted["overdue"], "url": follow_ups, "note": ""},
            {"label": _("Due within a week"), "value": counted["soon"], "url": "", "note": ""},
            {"label": _("Open and yours"), "value": counted["mine"], "url": "", "note": ""},
        ],
        "links": [],
    }


def service_figures(request: HttpRequest) -> dict[str, Any] | None:
    """HQ: this year's engagements across the service; the women's share hides small cells."""
    start = dt.date(timezone.localdate().year, 1, 1)
    engagements = visible_to(Engagement.objects.filter(date__gte=start), user=request.user)
    counted = engagements.order_by().aggregate(
        total=Count("pk"),
        with_wps=Count("pk", filter=Q(wps_on_agenda=True)),
        units=Count("unit", distinct=True),
    )
    women, everyone = _women_and_everyone(engagements.values("pk"))
    return {
        "figures": [
            {
                "label": _("Engagements in %(year)d") % {"year": start.year},
                "value": counted["total"],
                "note": _("by %(units)d units") % {"units": counted["units"]},
                "url": reverse("engagements:list"),
            },
            {
                "label": _("With WPS on the agenda"),
                "value": counted["with_wps"],
                "url": "",
                "note": "",
            },
            {
                "label": _("Women among those who took part"),
                "value": str(suppressed_share(women, everyone, outside=True)),
                "url": "",
                "note": "",
            },
        ],
        "links": [
            {"url": reverse("engagements:dashboard"), "label": _("Engagements dashboard")},
            {"url": reverse("grants:dashboard"), "label": _("Grants dashboard")},
        ],
    }


PANELS = [
    HomePanel(
        key="engagements-quarter",
        title=gettext_lazy("Engagements this quarter"),
        template="core/home/_figures.html",
        context=unit_quarter,
        audiences=frozenset({Audience.UNIT}),
        order=30,
    ),
    HomePanel(
        key="follow-ups",
        title=gettext_lazy("Follow-ups"),
        template="core/home/_figures.html",
        context=unit_follow_ups,
        audiences=frozenset({Audience.UNIT}),
        order=40,
    ),
    HomePanel(
        key="engagement-figures",
        title=gettext_lazy("Engagement figures this year"),
        template="core/home/_figures.html",
        context=service_figures,
        audiences=frozenset({Audience.HQ}),
        order=6,
    ),
]
