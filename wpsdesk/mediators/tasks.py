"""What the roster puts on the home page: past-due reviews, for the keeping section's leads."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task
from wpsdesk.core.units import units_of
from wpsdesk.organisation.models import UnitKind
from wpsdesk.organisation.policy import is_person, unit_access

from .models import Mediator


def reviews_due(request: HttpRequest) -> list[Task]:
    """One task per mediator whose review date has passed, for leads of her section."""
    if not is_person(request.user):
        return []
    access = unit_access(request.user)
    # Only sections keep a roster: the person's units are read once per request anyway
    # (the page's unit switcher), so a mission's lead costs no query here.
    lead_of = [
        unit.pk
        for unit in units_of(request)
        if unit.kind == UnitKind.SECTION and unit.pk in access and access[unit.pk].at_least("lead")
    ]
    if not lead_of:
        return []
    today = timezone.localdate()
    overdue = Mediator.objects.filter(unit_id__in=lead_of, review_due__lt=today).order_by(
        "review_due", "id"
    )[:20]
    return [
        Task(
            title=_("Review the roster record of %(name)s") % {"name": m.name},
            url=reverse("mediators:detail", args=[m.pk]),
            detail=_("review due %(date)s") % {"date": m.review_due},
            urgent=True,
        )
        for m in overdue
    ]
