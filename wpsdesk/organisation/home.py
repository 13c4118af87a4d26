"""What the organisation app shows an auditor on the home page: break-glass openings that
wait for review (who, which unit, when; never the record's content)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.core.home import Audience, HomePanel

from .breakglass import awaiting_review
from .policy import may_audit

SHOWN = 5


def reviews_due(request: HttpRequest) -> dict[str, Any] | None:
    """Openings no auditor has reviewed, oldest first, with how many there are."""
    if not may_audit(request.user):
        return None
    openings = list(awaiting_review().order_by("opened_at", "pk")[: SHOWN + 1])
    events = reverse("audit:events")
    return {
        "rows": [
            {
                "label": _("%(person)s opened %(record)s in %(unit)s")
                % {"person": opening.user, "record": opening.reference, "unit": opening.unit},
                "url": events + "#break-glass",
                "note": opening.reason[:120],
                "date": opening.opened_at,
            }
            for opening in openings[:SHOWN]
        ],
        "more": awaiting_review().count() - SHOWN if len(openings) > SHOWN else 0,
        "empty": _("No break-glass opening waits for review."),
        "links": [{"url": events, "label": _("The security log")}],
    }


PANELS = [
    HomePanel(
        key="reviews",
        title=gettext_lazy("Reviews due"),
        template="core/home/_list.html",
        context=reviews_due,
        audiences=frozenset({Audience.AUDITOR}),
        order=1,
    ),
]
