"""The cast, with memberships that began long ago: the reminder and feed tests freeze the
clock at dates of the WPS year, and a membership that begins after the frozen day would
give no access at all (which would make every "not shown" pass for the wrong reason)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.personas import Cast, make_cast
from wpsdesk.organisation.models import Membership


@pytest.fixture
def cast(db: None) -> Cast:
    made = make_cast()
    Membership.objects.filter(valid_to__isnull=True).update(valid_from=dt.date(2020, 1, 1))
    return made
