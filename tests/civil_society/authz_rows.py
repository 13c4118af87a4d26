"""Authorization rows for the civil-society map: every page and method, for every persona.

Organisations are built in the Embassy in Bogotá. Another unit's organisation is 404 (as if
it did not exist); the unit's own reader, and the HQ coordinator who may read an internal
one, get 403 on writes. Lists and exports answer everyone with what that person may open.
"""

from __future__ import annotations

from typing import Any

from tests.authz import PERSONAS, Row, not_offered
from tests.civil_society.factories import make_organisation, restricted
from tests.engagements.factories import make_engagement
from tests.personas import Cast
from wpsdesk.civil_society.models import Organisation, OrganisationLink

ALL_PEOPLE = frozenset(PERSONAS)
# Editors and leads of some unit may add organisations there.
ADDERS = frozenset({"officer", "lead", "outsider", "coordinator"})
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})
READ_ONLY_HERE = {"reader": 403, "coordinator": 403}


def organisation(cast: Cast) -> Organisation:
    return make_organisation(cast.bogota)


def secret(cast: Cast) -> Organisation:
    return restricted(cast.bogota)


def fresh(cast: Cast, setup: Any) -> dict[str, Any]:
    """An organisation of its own for each request (a delete that succeeds leaves none)."""
    return {"pk": make_organisation(cast.bogota, "To delete").pk}


def fresh_link(cast: Cast, setup: Any) -> dict[str, Any]:
    """A link of its own for each request (a removal that succeeds leaves none)."""
    norwegian = make_organisation(cast.bogota, "Norwegian Foundation", scope="norwegian")
    partner = make_organisation(cast.bogota, "Local Partner")
    link = OrganisationLink.objects.create(organisation=norwegian, other=partner, kind="partner")
    return {"pk": norwegian.pk, "link_pk": link.pk}


def fresh_engagement(cast: Cast, setup: Any) -> dict[str, Any]:
    """A linked engagement of its own for each request."""
    org = make_organisation(cast.bogota)
    engagement = make_engagement(cast.bogota)
    org.engagements.add(engagement)
    return {"pk": org.pk, "engagement_pk": engagement.pk}


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "name": "Mothers for Peace",
        "scope": "local",
        "kind": "womens_org",
        "country": "CO",
        "stance": "ally",
        "classification": "internal",
        "theme_codes": ["P1"],
    }


def api_values(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "unit": "test-bogota",
        "name": "From the API",
        "scope": "local",
        "kind": "network",
        "country": "CO",
        "stance": "mixed",
        "themes": ["P3"],
    }


def link_data(cast: Cast, setup: Any) -> dict[str, Any]:
    other = make_organisation(cast.bogota, "Another Network")
    return {"other": other.pk, "kind": "member"}


def engagement_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"engagement": make_engagement(cast.bogota).pk}


def edit_rows(
    name: str, setup: Any, data: Any, kwargs: Any = pk, post_kwargs: Any = None
) -> list[Row]:
    return [
        Row(
            name,
            method=method,
            setup=setup,
            kwargs=(post_kwargs or kwargs) if method == "POST" else kwargs,
            data=data if method == "POST" else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
            notes="another unit's organisation is 404; its own readers and HQ get 403",
        )
        for method in ("GET", "POST")
    ]


def post_row(name: str, setup: Any, kwargs: Any, data: Any = lambda cast, setup: {}) -> Row:
    return Row(
        name,
        method="POST",
        setup=setup or (lambda cast: None),
        kwargs=kwargs,
        data=data,
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
    )


API_ROWS = [
    Row("api:civil_society:organisation-list", api=True, allowed=ALL_PEOPLE),
    Row(
        "api:civil_society:organisation-list",
        method="POST",
        api=True,
        data=api_values,
        allowed=EDIT_BOGOTA,
        notes="adding to a unit one may not write in is 403",
    ),
    Row(
        "api:civil_society:organisation-detail",
        api=True,
        setup=organisation,
        kwargs=pk,
        allowed=SEE_BOGOTA,
        denied=404,
    ),
    Row(
        "api:civil_society:organisation-detail",
        api=True,
        setup=secret,
        kwargs=pk,
        allowed=frozenset({"officer", "lead"}),
        denied=404,
        notes="a restricted organisation: unit members with clearance only",
    ),
    *[
        Row(
            "api:civil_society:organisation-detail",
            method=method,
            api=True,
            setup=organisation,
            kwargs=pk,
            data=api_values,
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
        )
        for method in ("PUT", "PATCH")
    ],
    *not_offered("api:civil_society:organisation-detail", "DELETE", setup=organisation, kwargs=pk),
]

ROWS = [
    Row("civil_society:list", allowed=ALL_PEOPLE, notes="an empty list for people with no unit"),
    Row("civil_society:create", allowed=ADDERS),
    Row("civil_society:create", method="POST", allowed=ADDERS, data=values),
    Row("civil_society:detail", setup=organisation, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    Row(
        "civil_society:detail",
        setup=secret,
        kwargs=pk,
        allowed=frozenset({"officer", "lead"}),
        denied=404,
        notes="restricted: the reader without clearance and HQ get 404 too",
    ),
    *edit_rows("civil_society:edit", organisation, values),
    *edit_rows("civil_society:delete", organisation, lambda cast, setup: {}, post_kwargs=fresh),
    post_row("civil_society:link_add", organisation, pk, link_data),
    *not_offered("civil_society:link_add", "GET", setup=organisation, kwargs=pk),
    post_row("civil_society:link_remove", None, fresh_link),
    post_row("civil_society:engagement_add", organisation, pk, engagement_data),
    post_row("civil_society:engagement_remove", None, fresh_engagement),
    # Without a recent code everyone is first sent to re-authenticate (302), the same for all.
    Row("civil_society:export", kwargs=lambda cast, setup: {"fmt": "csv"}, allowed=ALL_PEOPLE),
    Row("civil_society:export", kwargs=lambda cast, setup: {"fmt": "xlsx"}, allowed=ALL_PEOPLE),
    *API_ROWS,
]
