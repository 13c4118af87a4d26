"""The grants services refuse on their own: called directly, as the importer or a command
would. A reader of the unit, an editor of another unit, HQ (reads only), people of no unit
and a former member are refused, and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.civil_society.factories import make_organisation
from tests.engagements.factories import make_engagement
from tests.grants.factories import make_grant, make_report, restricted_grant
from tests.personas import Cast
from tests.refusals import assert_refused
from wpsdesk.grants import services
from wpsdesk.grants.models import BestPractice

pytestmark = pytest.mark.django_db

VALUES = {
    "agreement_number": "REF-1",
    "title": "Refused",
    "multilateral_partner": "UN Women",
    "channel": "mission",
    "start_date": dt.date(2025, 1, 1),
    "end_date": dt.date(2025, 12, 31),
    "country": "CO",
    "priority": 1,
    "gender_marker": 2,
}
REFUSED = ["reader", "outsider", "coordinator", "auditor", "admin", "former"]


@pytest.mark.parametrize("who", REFUSED)
def test_grant_save_refuses_a_new_grant_in_a_unit_one_may_not_write(cast: Cast, who: str) -> None:
    assert_refused(
        lambda: services.grant_save(actor=getattr(cast, who), unit=cast.bogota, values=VALUES),
        "grants",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_grant_save_refuses_a_change_by_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    grant = make_grant(cast.bogota)
    assert_refused(
        lambda: services.grant_save(
            actor=getattr(cast, who), grant=grant, values={"title": "Changed"}, version=1
        ),
        "grants",
    )


def test_grant_save_refuses_a_partner_the_person_may_not_read(cast: Cast) -> None:
    amman_org = make_organisation(cast.amman, "Amman Forum", country="JO")
    assert_refused(
        lambda: services.grant_save(
            actor=cast.officer, unit=cast.bogota, values={**VALUES, "partner": amman_org}
        ),
        "grants",
    )


def test_grant_save_refuses_an_editor_lowering_the_classification(cast: Cast) -> None:
    secret = restricted_grant(cast.bogota)
    assert_refused(
        lambda: services.grant_save(
            actor=cast.officer,
            grant=secret,
            values={"classification": "internal"},
            classification_reason="Public now",
        ),
        "grants",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_grant_delete_refuses(cast: Cast, who: str) -> None:
    grant = make_grant(cast.bogota)
    assert_refused(lambda: services.grant_delete(actor=getattr(cast, who), grant=grant), "grants")


@pytest.mark.parametrize("who", ["reader", "outsider", "coordinator"])
def test_report_and_needs_services_refuse(cast: Cast, who: str) -> None:
    grant = make_grant(cast.bogota)
    report = make_report(grant, dt.date(2025, 6, 30))
    actor = getattr(cast, who)
    assert_refused(
        lambda: services.report_save(
            actor=actor, grant=grant, values={"title": "X", "due_date": dt.date(2026, 1, 1)}
        ),
        "grants",
    )
    assert_refused(
        lambda: services.report_save(
            actor=actor, grant=grant, report=report, values={"received_on": dt.date(2025, 6, 1)}
        ),
        "grants",
    )
    assert_refused(
        lambda: services.report_file_store(actor=actor, report=report, name="r.txt", data=b"r"),
        "grants",
    )
    assert_refused(lambda: services.report_delete(actor=actor, report=report), "grants")
    assert_refused(
        lambda: services.needs_analysis_store(
            actor=actor, grant=grant, name="n.txt", data=b"n", received=None, groups=[]
        ),
        "grants",
    )


def test_a_report_of_another_grant_is_refused(cast: Cast) -> None:
    grant = make_grant(cast.bogota)
    other = make_report(make_grant(cast.bogota, "COL-25/0002"), dt.date(2025, 6, 30))
    assert_refused(
        lambda: services.report_save(
            actor=cast.officer, grant=grant, report=other, values={"title": "Moved"}
        ),
        "grants",
    )


@pytest.mark.parametrize("who", ["reader", "outsider", "coordinator"])
def test_engagement_link_and_unlink_refuse(cast: Cast, who: str) -> None:
    grant = make_grant(cast.bogota)
    engagement = make_engagement(cast.bogota)
    actor = getattr(cast, who)
    assert_refused(
        lambda: services.engagement_link(actor=actor, grant=grant, engagement=engagement),
        "grants",
    )
    grant.engagements.add(engagement)
    assert_refused(
        lambda: services.engagement_unlink(actor=actor, grant=grant, engagement=engagement),
        "grants",
    )


def test_engagement_link_refuses_an_engagement_the_editor_may_not_read(cast: Cast) -> None:
    grant = make_grant(cast.bogota)
    engagement = make_engagement(cast.amman, country="JO")
    assert_refused(
        lambda: services.engagement_link(actor=cast.officer, grant=grant, engagement=engagement),
        "grants",
    )


@pytest.mark.parametrize("who", ["reader", "outsider", "auditor", "former"])
def test_practice_save_refuses(cast: Cast, who: str) -> None:
    actor = getattr(cast, who)
    values = {"title": "Note", "source": "grantee", "summary": "It worked."}
    assert_refused(
        lambda: services.practice_save(actor=actor, unit=cast.bogota, values=values), "grants"
    )
    note = BestPractice.objects.create(unit=cast.bogota, **values)
    assert_refused(
        lambda: services.practice_save(actor=actor, practice=note, values={"title": "Changed"}),
        "grants",
    )


def test_practice_save_refuses_a_grant_the_writer_may_not_read(cast: Cast) -> None:
    amman_grant = make_grant(cast.amman, "JOR-1", country="JO")
    assert_refused(
        lambda: services.practice_save(
            actor=cast.officer,
            unit=cast.bogota,
            values={"title": "Note", "source": "grantee", "summary": "It worked."},
            grants=[amman_grant],
        ),
        "grants",
    )
