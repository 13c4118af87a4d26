"""What the personnel list puts on the home page: entries whose review date has come."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task
from wpsdesk.core.units import units_of
from wpsdesk.organisation.models import Classification
from wpsdesk.organisation.policy import is_person

from .models import DeployedPerson
from .selectors import units_for_personnel

#: An entry shows up this many days before its review date.
REVIEW_NOTICE_DAYS = 14
TASKS_SHOWN = 20


def personnel_reviews_due(request: HttpRequest) -> list[Task]:
    """One task per entry due for review, for the keeping unit's cleared editors and leads.

    The title names the operation and the entry's number, never the person: home tasks
    are not the place for restricted content.
    """
    if not is_person(request.user):
        return []
    keepers = units_for_personnel(units_of(request), request.user)
    if not keepers:
        return []
    today = timezone.localdate()
    # The keepers may read their units' restricted entries (that is what a keeper is), so
    # the filter is the policy rule itself; the rows carry no content, only the number,
    # the date and the operation, so no restricted read is noted for the home page.
    due = (
        DeployedPerson.objects.filter(
            unit__in=keepers,
            classification=Classification.RESTRICTED,
            review_due__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS),
        )
        .values("pk", "review_due", "operation__name", "operation__acronym")
        .order_by("review_due", "pk")[:TASKS_SHOWN]
    )
    return [
        Task(
            title=_("Review personnel entry #%(number)s for %(operation)s")
            % {
                "number": person["pk"],
                "operation": person["operation__acronym"] or person["operation__name"],
            },
            url=reverse("operations:personnel_edit", args=[person["pk"]]),
            detail=_("review due %(date)s") % {"date": person["review_due"]},
            urgent=person["review_due"] <= today,
        )
        for person in due
    ]
