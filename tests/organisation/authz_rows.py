"""Authorization rows for the unit's members page."""

from tests.authz import MEMBERS, Row
from wpsdesk.organisation.models import Membership, Role, User


def extra_member(cast):
    person = User.objects.create_user(username="extra-member", password="unused-password")
    return Membership.objects.create(user=person, unit=cast.bogota, role=Role.READER)


# People with no current unit have no unit page at all.
NO_UNIT = {"auditor": 404, "admin": 404, "former": 404}

# Break-glass: of the cast only the HQ coordinator may break the glass (every other unit
# member either has restricted clearance or is a reader); a POST without a code is a 400.
BREAK_GLASS_DENIED = {"coordinator": 400}

ROWS = [
    Row(
        "organisation:break_glass",
        allowed=frozenset({"coordinator"}),
        denied=403,
        notes="editors and leads without clearance in a unit, and HQ coordinators",
    ),
    Row(
        "organisation:break_glass",
        method="POST",
        allowed=frozenset(),
        denied=403,
        denied_as=BREAK_GLASS_DENIED,
        data=lambda cast, setup: {"record_type": "policyapp.note", "record_id": "1"},
        notes="opens nothing without a reason and a current code",
    ),
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
