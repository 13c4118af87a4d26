"""Authorization rows for the security log."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.authz import Row
from wpsdesk.organisation.models import BreakGlass


def opening(cast):
    return BreakGlass.objects.create(
        user=cast.coordinator,
        content_type=ContentType.objects.get(app_label="policyapp", model="note"),
        object_id=1,
        unit=cast.bogota,
        reason="A defender asked for help",
        expires_at=timezone.now() + dt.timedelta(hours=4),
    )


ROWS = [
    Row("audit:events", allowed=frozenset({"auditor"}), denied=403),
    Row(
        "audit:break_glass_reviewed",
        method="POST",
        setup=opening,
        kwargs=lambda cast, opening: {"pk": opening.pk},
        allowed=frozenset({"auditor"}),
        denied=403,
    ),
]
