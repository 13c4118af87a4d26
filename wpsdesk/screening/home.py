"""What screening shows on the home page: the current unit's latest screened documents."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wpsdesk.core.home import Audience, HomePanel
from wpsdesk.core.units import current_unit
from wpsdesk.organisation.policy import visible_to

from .models import ScreenedDocument, Status

RECENT_COUNT = 5


def _note(document: ScreenedDocument) -> str:
    # Shorter than the status names: the list is a glance, the document page says more.
    if document.status == Status.FAILED:
        return _("not screened (the text could not be read)")
    if document.status != Status.DONE:
        return _("in the queue")
    return (
        ngettext("%(n)d WPS provision", "%(n)d WPS provisions", document.provisions_count)
        % {"n": document.provisions_count}
        + ", "
        + ngettext("%(n)d gap", "%(n)d gaps", document.gaps_count) % {"n": document.gaps_count}
    )


def recent_screenings(request: HttpRequest) -> dict[str, Any] | None:
    """The unit's five latest documents the person may read, with what screening found."""
    unit = current_unit(request)
    if unit is None:
        return None
    documents = list(
        visible_to(ScreenedDocument.objects.filter(unit=unit), user=request.user)
        .only(
            "pk",
            "title",
            "status",
            "provisions_count",
            "gaps_count",
            "added_at",
            "unit_id",
            "classification",
        )
        .order_by("-added_at", "-pk")[:RECENT_COUNT]
    )
    return {
        "rows": [
            {
                "label": document.title,
                "url": reverse("screening:detail", args=[document.pk]),
                "note": _note(document),
                "date": document.added_at,
            }
            for document in documents
        ],
        "empty": _("No document has been screened in this unit yet."),
        "empty_hint": _(
            "Screen a draft before it goes out: what it says about women, peace and security "
            "shows here."
        ),
        "links": [
            {"url": reverse("screening:create"), "label": _("Screen a document")},
            {"url": reverse("screening:list"), "label": _("All screened documents")},
        ],
    }


PANELS = [
    HomePanel(
        key="screenings",
        title=gettext_lazy("Recent screenings"),
        template="core/home/_list.html",
        context=recent_screenings,
        audiences=frozenset({Audience.UNIT}),
        order=50,
    ),
]
