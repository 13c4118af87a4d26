"""What the reports app shows on HQ's home page: how far the units are with last year's
annual report (the one reported this year)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.core.home import Audience, HomePanel

from . import selectors
from .models import ReportStatus


def reports_submitted(request: HttpRequest) -> dict[str, Any] | None:
    """Units that have submitted last year's report, and reports approved or in draft."""
    year = timezone.localdate().year - 1
    status = selectors.submission_status(request.user, year)
    if status is None:
        return None
    base = reverse("reports:list")

    def url(state: str) -> str:
        return f"{base}?{urlencode({'year': str(year), 'status': state})}"

    return {
        "figures": [
            {
                "label": _("Units that have submitted their %(year)d report") % {"year": year},
                "value": f"{status.submitted} / {status.units}",
                "note": "",
                "url": url(ReportStatus.SUBMITTED),
            },
            {
                "label": _("Approved, not yet submitted"),
                "value": status.approved,
                "note": "",
                "url": url(ReportStatus.APPROVED),
            },
            {
                "label": _("Drafts"),
                "value": status.drafts,
                "note": "",
                "url": url(ReportStatus.DRAFT),
            },
        ],
        "links": [{"url": base, "label": _("Annual reports")}],
    }


PANELS = [
    HomePanel(
        key="reports",
        title=gettext_lazy("Annual reports submitted this year"),
        template="core/home/_figures.html",
        context=reports_submitted,
        audiences=frozenset({Audience.HQ}),
        order=8,
    ),
]
