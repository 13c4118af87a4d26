"""Records and grants for the grant tests and the authorization table."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import AccessGrant, Classification
from wpsdesk.organisation.services import grant_propose

SECRET_TITLE = "Shelter address of the defender in Cauca"
RESTRICTED_TITLE = "Names of the women mediators in Tumaco"


def strict_engagement(cast: Cast) -> Engagement:
    return make_engagement(
        cast.bogota, title=SECRET_TITLE, classification=Classification.STRICTLY_RESTRICTED
    )


def restricted_engagement(cast: Cast) -> Engagement:
    return make_engagement(
        cast.bogota, title=RESTRICTED_TITLE, classification=Classification.RESTRICTED
    )


def in_a_month() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)


def pending_grant(cast: Cast, person=None) -> AccessGrant:  # type: ignore[no-untyped-def]
    """The lead proposes a grant for the reader on a strictly restricted engagement."""
    return grant_propose(
        actor=cast.lead,
        record=strict_engagement(cast),
        person=person or cast.reader,
        reason="follow-up of the protection case",
        ends_on=in_a_month(),
    )
