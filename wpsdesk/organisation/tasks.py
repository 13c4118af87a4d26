"""What the organisation app puts on a person's home page."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task

from .breakglass import awaiting_review_in_units_led_by
from .models import Membership, Role, User
from .policy import unit_access
from .services import grants_awaiting_approval_by


def expiring_memberships(request: HttpRequest) -> list[Task]:
    """Unit leads: memberships in their units that end within 30 days."""
    led = [
        unit_id for unit_id, access in unit_access(request.user).items() if access.role == Role.LEAD
    ]
    if not led:
        return []
    today = timezone.localdate()
    ending = (
        Membership.objects.current()
        .filter(unit_id__in=led, valid_to__lte=today + dt.timedelta(days=30))
        .select_related("user", "unit")
        .order_by("valid_to")
    )
    url = reverse("organisation:unit_members")
    return [
        Task(
            title=_("%(person)s's membership of %(unit)s ends on %(date)s")
            % {"person": m.user, "unit": m.unit, "date": m.valid_to},
            url=url,
            urgent=bool(m.valid_to and m.valid_to <= today + dt.timedelta(days=7)),
        )
        for m in ending
    ]


def break_glass_openings(request: HttpRequest) -> list[Task]:
    """Unit leads: break-glass openings in their units that no auditor has reviewed yet."""
    openings = awaiting_review_in_units_led_by(request.user)[:20]  # type: ignore[arg-type]
    url = reverse("organisation:break_glass")
    return [
        Task(
            title=_("%(person)s opened %(record)s in %(unit)s by break-glass")
            % {"person": o.user, "record": o.reference, "unit": o.unit},
            url=url,
            detail=o.reason,
            urgent=o.expires_at > timezone.now(),
        )
        for o in openings
    ]


def grants_awaiting_approval(request: HttpRequest) -> list[Task]:
    """Unit leads (and HQ coordinators of a section): grants waiting for their approval.

    Pending grants on their units' records that someone else proposed for someone else.
    The task names the record by type and number only, never its content.
    """
    from wpsdesk.core.units import units_of

    user = request.user
    if not isinstance(user, User) or not unit_access(user):
        return []
    grants = (
        grants_awaiting_approval_by(user, units_of(request))
        .select_related("user", "granted_by", "content_type")
        .order_by("expires_at", "pk")[:20]
    )
    url = reverse("organisation:unit_grants")
    tasks = []
    for grant in grants:
        model = grant.content_type.model_class()
        kind = str(model._meta.verbose_name if model else grant.content_type.model).capitalize()
        tasks.append(
            Task(
                title=_("Approve or decline %(person)s's access to %(record)s")
                % {"person": grant.user, "record": f"{kind} #{grant.object_id}"},
                url=url,
                detail=_("proposed by %(person)s") % {"person": grant.granted_by}
                if grant.granted_by
                else "",
            )
        )
    return tasks
