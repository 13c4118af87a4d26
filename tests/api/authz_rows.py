"""Authorization rows for the API: every route and method, for every persona.

The API answers anonymous visitors 401 and a session without the second factor 403 (the
table checks both for every row). Units and memberships are read-only: every write
method is 405 for everyone who gets that far.
"""

from __future__ import annotations

from typing import Any

from tests.authz import PERSONAS, Row, not_offered
from tests.personas import Cast
from wpsdesk.api.models import ApiToken
from wpsdesk.api.services import api_token_create

ALL_PEOPLE = frozenset(PERSONAS)
# units_visible_to: members of the Embassy in Bogotá, and HQ, auditors and administrators.
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator", "auditor", "admin"})
# memberships_visible_to: members of the Embassy in Bogotá, and administrators.
SEE_BOGOTA_MEMBERSHIPS = frozenset({"officer", "lead", "reader", "admin"})


def bogota(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"pk": cast.bogota.pk}


def officers_membership(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"pk": cast.officer.memberships.get().pk}


def officers_token(cast: Cast) -> ApiToken:
    return api_token_create(owner=cast.officer, name="authorization table", scopes=["read"])[0]


LIST_WRITES = ("POST",)
DETAIL_WRITES = ("PUT", "PATCH", "DELETE")


ROWS = [
    Row("api:unit-list", api=True, allowed=ALL_PEOPLE, notes="an empty list for those with none"),
    *not_offered("api:unit-list", *LIST_WRITES),
    Row("api:unit-detail", api=True, allowed=SEE_BOGOTA, denied=404, kwargs=bogota),
    *not_offered("api:unit-detail", *DETAIL_WRITES, kwargs=bogota),
    Row("api:membership-list", api=True, allowed=ALL_PEOPLE),
    *not_offered("api:membership-list", *LIST_WRITES),
    Row(
        "api:membership-detail",
        api=True,
        allowed=SEE_BOGOTA_MEMBERSHIPS,
        denied=404,
        kwargs=officers_membership,
    ),
    *not_offered("api:membership-detail", *DETAIL_WRITES, kwargs=officers_membership),
    Row("api:me", api=True, allowed=ALL_PEOPLE),
    *not_offered("api:me", *LIST_WRITES),
    Row("api:schema", api=True, allowed=ALL_PEOPLE),
    *not_offered("api:schema", *LIST_WRITES),
    Row("api:docs", api=True, allowed=ALL_PEOPLE),
    *not_offered("api:docs", *LIST_WRITES),
    Row(
        "api:token_list",
        allowed=ALL_PEOPLE,
        notes="a web page under /api/: log-in and second factor like every page",
    ),
    Row(
        "api:token_list",
        method="POST",
        allowed=ALL_PEOPLE,
        data=lambda cast, setup: {"name": "table", "access": "read", "days": 30},
    ),
    Row(
        "api:token_revoke",
        method="POST",
        allowed=frozenset({"officer"}),
        denied=404,
        setup=officers_token,
        kwargs=lambda cast, token: {"pk": token.pk},
        notes="one's own tokens only; another person's token is 404",
    ),
]
