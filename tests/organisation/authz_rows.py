"""Authorization rows for the unit's members page."""

from tests.authz import MEMBERS, Row
from wpsdesk.organisation.models import Membership, Role, User


def extra_member(cast):
    person = User.objects.create_user(username="extra-member", password="unused-password")
    return Membership.objects.create(user=person, unit=cast.bogota, role=Role.READER)


# People with no current unit have no unit page at all.
NO_UNIT = {"auditor": 404, "admin": 404, "former": 404}

ROWS = [
    Row(
        "organisation:unit_members",
        allowed=MEMBERS,
        denied=404,
        notes="the current unit's members; people with no unit have no page",
    ),
    Row(
        "organisation:member_add",
        method="POST",
        allowed=frozenset({"lead"}),
        denied=403,
        denied_as=NO_UNIT,
        data=lambda cast, setup: {"username": "coordinator", "role": "reader"},
    ),
    Row(
        "organisation:member_end",
        method="POST",
        setup=extra_member,
        kwargs=lambda cast, membership: {"pk": membership.pk},
        allowed=frozenset({"lead"}),
        denied=404,
        denied_as={"officer": 403, "reader": 403},
        notes="another unit's member is 404; the unit's own editors and readers get 403",
    ),
]
