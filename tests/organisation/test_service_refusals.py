"""The membership services refuse on their own: called directly, as the command line would.

Only a unit's lead adds people to it or ends their membership; an editor or a lead of
another unit is refused, and no membership, history row or log entry changes.
"""

from __future__ import annotations

import pytest

from tests.personas import Cast, make_person
from tests.refusals import assert_refused
from wpsdesk.organisation import services
from wpsdesk.organisation.models import Membership, Role

REFUSED = ["officer", "reader", "outsider", "coordinator", "auditor", "admin", "former"]


@pytest.mark.parametrize("who", REFUSED)
def test_membership_add_refuses_anyone_but_the_units_lead(cast: Cast, who: str) -> None:
    newcomer = make_person("newcomer")
    assert_refused(
        lambda: services.membership_add(
            actor=getattr(cast, who), unit=cast.bogota, person=newcomer, role=Role.LEAD
        )
    )


def test_membership_add_refuses_the_lead_of_another_unit(cast: Cast) -> None:
    Membership.objects.create(user=cast.outsider, unit=cast.amman, role=Role.LEAD)
    assert_refused(
        lambda: services.membership_add(
            actor=cast.outsider, unit=cast.bogota, person=cast.outsider, role=Role.LEAD
        )
    )


def test_membership_add_lets_the_units_lead_add_someone(cast: Cast) -> None:
    newcomer = make_person("newcomer")
    services.membership_add(actor=cast.lead, unit=cast.bogota, person=newcomer, role=Role.READER)
    assert Membership.objects.filter(user=newcomer, unit=cast.bogota).exists()


@pytest.mark.parametrize("who", REFUSED)
def test_membership_end_refuses_anyone_but_the_units_lead(cast: Cast, who: str) -> None:
    membership = Membership.objects.get(user=cast.reader, unit=cast.bogota)
    assert_refused(lambda: services.membership_end(actor=getattr(cast, who), membership=membership))


def test_membership_end_lets_the_units_lead_end_one(cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.reader, unit=cast.bogota)
    services.membership_end(actor=cast.lead, membership=membership)
    membership.refresh_from_db()
    assert membership.valid_to is not None
