"""What people at risk put on a home page: only to the unit leads who hold a grant.

A record past its review date is a task for each lead of its unit who holds a grant in
force on it, and for nobody else: the home page never tells anyone else that a person at
risk exists. A record nobody reviews is anonymised on schedule all the same.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task
from wpsdesk.organisation.models import Role
from wpsdesk.organisation.policy import granted_object_ids, unit_access, visible_to

from .models import PersonAtRisk
from .services import anonymise_due_on, may_take_part


def reviews_due(request: HttpRequest) -> list[Task]:
    """Leads holding a grant: their records whose review date has passed."""
    user = request.user
    if not may_take_part(user):
        return []
    led = [unit_id for unit_id, access in unit_access(user).items() if access.role == Role.LEAD]
    if not led:
        return []
    granted = granted_object_ids(user, PersonAtRisk)  # no query: read with the roles
    if not granted:
        return []
    today = timezone.localdate()
    # Through the policy layer like every read: showing a code name is a read, logged.
    overdue = (
        visible_to(PersonAtRisk.objects.active(), user=user)
        .filter(pk__in=granted, unit_id__in=led, review_on__lt=today)
        .order_by("review_on", "pk")[:20]
    )
    return [
        Task(
            title=_("Review %(code)s (person at risk): the review date %(date)s has passed")
            % {"code": person.code_name, "date": person.review_on},
            url=person.get_absolute_url(),
            detail=_("Unless reviewed, the record is anonymised on %(date)s.")
            % {"date": anonymise_due_on(person)},
            urgent=True,
        )
        for person in overdue
    ]
