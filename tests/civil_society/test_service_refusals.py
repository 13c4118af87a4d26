"""The civil-society services refuse on their own: called directly, as a command would.

Editors and leads of a unit write its organisations and their links; a reader of the unit,
an editor of another unit, HQ (reads only), people of no unit and a former member are
refused, and nothing changes.
"""

from __future__ import annotations

import pytest

from tests.civil_society.factories import make_organisation, restricted
from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.refusals import assert_refused
from wpsdesk.civil_society import services
from wpsdesk.civil_society.models import OrganisationLink

pytestmark = pytest.mark.django_db

VALUES = {"name": "Changed by someone", "scope": "local", "kind": "network", "stance": "ally"}
REFUSED = ["reader", "outsider", "coordinator", "auditor", "admin", "former"]


@pytest.mark.parametrize("who", REFUSED)
def test_organisation_save_refuses_a_new_organisation_in_a_unit_one_may_not_write(
    cast: Cast, who: str
) -> None:
    assert_refused(
        lambda: services.organisation_save(
            actor=getattr(cast, who), unit=cast.bogota, values=VALUES
        ),
        "civil_society",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_organisation_save_refuses_a_change_by_someone_who_may_not_edit(
    cast: Cast, who: str
) -> None:
    org = make_organisation(cast.bogota)
    assert_refused(
        lambda: services.organisation_save(
            actor=getattr(cast, who), organisation=org, values=VALUES, version=org.version
        ),
        "civil_society",
    )


def test_organisation_save_refuses_an_editor_lowering_the_classification(cast: Cast) -> None:
    secret = restricted(cast.bogota)
    assert_refused(
        lambda: services.organisation_save(
            actor=cast.officer,
            organisation=secret,
            values={"classification": "internal"},
            classification_reason="Public now",
        ),
        "civil_society",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_organisation_delete_refuses(cast: Cast, who: str) -> None:
    org = make_organisation(cast.bogota)
    assert_refused(
        lambda: services.organisation_delete(actor=getattr(cast, who), organisation=org),
        "civil_society",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_link_add_refuses_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    org = make_organisation(cast.bogota)
    other = make_organisation(cast.bogota, "Other")
    assert_refused(
        lambda: services.link_add(
            actor=getattr(cast, who), organisation=org, other=other, kind="partner"
        ),
        "civil_society",
    )


def test_link_add_refuses_an_organisation_the_editor_may_not_read(cast: Cast) -> None:
    org = make_organisation(cast.bogota)
    elsewhere = restricted(cast.amman, "Amman Secret")
    assert_refused(
        lambda: services.link_add(
            actor=cast.officer, organisation=org, other=elsewhere, kind="member"
        ),
        "civil_society",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_link_remove_refuses(cast: Cast, who: str) -> None:
    org = make_organisation(cast.bogota)
    link = OrganisationLink.objects.create(
        organisation=org, other=make_organisation(cast.bogota, "Other"), kind="partner"
    )
    assert_refused(
        lambda: services.link_remove(actor=getattr(cast, who), link=link), "civil_society"
    )


@pytest.mark.parametrize("who", REFUSED)
def test_engagement_link_refuses_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    org = make_organisation(cast.bogota)
    engagement = make_engagement(cast.bogota)
    assert_refused(
        lambda: services.engagement_link(
            actor=getattr(cast, who), organisation=org, engagement=engagement
        ),
        "civil_society",
    )


def test_engagement_link_refuses_an_engagement_the_editor_may_not_read(cast: Cast) -> None:
    org = make_organisation(cast.bogota)
    theirs = make_engagement(cast.amman, country="JO")
    assert_refused(
        lambda: services.engagement_link(actor=cast.officer, organisation=org, engagement=theirs),
        "civil_society",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_engagement_unlink_refuses(cast: Cast, who: str) -> None:
    org = make_organisation(cast.bogota)
    engagement = make_engagement(cast.bogota)
    org.engagements.add(engagement)
    assert_refused(
        lambda: services.engagement_unlink(
            actor=getattr(cast, who), organisation=org, engagement=engagement
        ),
        "civil_society",
    )
