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


def grant_setup(cast):
    """A pending grant on a strictly restricted engagement of Bogotá, proposed by its lead."""
    from tests.organisation.grant_fixtures import pending_grant

    return pending_grant(cast)


# Grants are for the unit's authorisers (its lead); members without that get 403 and
# people with no current unit have no unit page at all. Another unit's grant is 404.
ROWS += [
    Row(
        "organisation:unit_grants",
        allowed=frozenset({"lead", "coordinator"}),
        denied=403,
        denied_as=NO_UNIT,
        notes="the unit's authorisers: its lead; in an HQ section its HQ coordinators",
    ),
    Row(
        "organisation:grant_propose",
        method="POST",
        setup=grant_setup,
        allowed=frozenset({"lead", "coordinator"}),
        denied=403,
        denied_as=NO_UNIT,
        data=lambda cast, grant: {
            "record_type": "engagements.engagement",
            "record_id": grant.object_id,
            "username": "officer",
            "reason": "follow-up",
            "ends_on": "2099-01-01",
        },
        notes="asks for a current code first (a redirect for the lead)",
    ),
    Row(
        "organisation:grant_approve",
        method="POST",
        setup=grant_setup,
        kwargs=lambda cast, grant: {"pk": grant.pk},
        allowed=frozenset({"lead"}),
        denied=403,
        denied_as={**NO_UNIT, "coordinator": 404},
        notes="current code first; the service then refuses the proposer (four eyes)",
    ),
    Row(
        "organisation:grant_revoke",
        method="POST",
        setup=grant_setup,
        kwargs=lambda cast, grant: {"pk": grant.pk},
        data=lambda cast, grant: {"reason": "no longer needed"},
        allowed=frozenset({"lead"}),
        denied=403,
        denied_as={**NO_UNIT, "coordinator": 404},
        notes="another unit's grant is 404",
    ),
]
