"""The engagement services refuse on their own: called directly, as the importer would.

Editors and leads of a unit write its engagements, issues and teams; a reader of the unit,
an editor of another unit and people of no unit are refused, and nothing changes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.refusals import assert_refused
from wpsdesk.engagements import figures, services
from wpsdesk.engagements.models import Engagement, IssueRaised, Side, Team, TeamKind
from wpsdesk.organisation.models import Membership, Role
from wpsdesk.organisation.policy import forget_cached_access, may_create_in, may_edit

NO_COUNTS = figures.grid_from_rows([])
VALUES = {
    "kind": "bilateral",
    "date": dt.date(2026, 3, 12),
    "country": "CO",
    "title": "Changed by someone",
}
# Who may not write in Bogotá: its reader, an editor elsewhere, HQ (reads only), people of
# no unit, a member whose membership has ended.
REFUSED = ["reader", "outsider", "coordinator", "auditor", "admin", "former"]


def team(cast: Cast) -> Team:
    return Team.objects.create(unit=cast.bogota, name="Talks team", kind=TeamKind.NEGOTIATION)


@pytest.mark.parametrize("who", REFUSED)
def test_engagement_save_refuses_a_new_engagement_in_a_unit_one_may_not_write(
    cast: Cast, who: str
) -> None:
    assert_refused(
        lambda: services.engagement_save(
            actor=getattr(cast, who), unit=cast.bogota, values=VALUES, grid=NO_COUNTS
        ),
        "engagements",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_engagement_save_refuses_a_change_by_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    engagement = make_engagement(cast.bogota)
    assert_refused(
        lambda: services.engagement_save(
            actor=getattr(cast, who),
            unit=cast.bogota,
            values=VALUES,
            grid=NO_COUNTS,
            engagement=engagement,
        ),
        "engagements",
    )


def test_engagement_save_refuses_to_move_an_engagement_to_another_unit(cast: Cast) -> None:
    # An editor of both units may edit the engagement and write in Amman, but not move it.
    Membership.objects.create(user=cast.officer, unit=cast.amman, role=Role.EDITOR)
    forget_cached_access(cast.officer)
    engagement = make_engagement(cast.bogota)
    assert may_edit(cast.officer, engagement) and may_create_in(cast.officer, cast.amman)
    assert_refused(
        lambda: services.engagement_save(
            actor=cast.officer,
            unit=cast.amman,
            values=VALUES,
            grid=NO_COUNTS,
            engagement=engagement,
        ),
        "engagements",
    )


def test_engagement_save_lets_an_editor_log_and_change(cast: Cast) -> None:
    engagement, _changed = services.engagement_save(
        actor=cast.officer, unit=cast.bogota, values=VALUES, grid=NO_COUNTS
    )
    services.engagement_save(
        actor=cast.officer,
        unit=cast.bogota,
        values={**VALUES, "title": "Changed by the editor"},
        grid=NO_COUNTS,
        engagement=engagement,
    )
    assert Engagement.objects.get().title == "Changed by the editor"


@pytest.mark.parametrize("who", REFUSED)
def test_issue_add_refuses_someone_who_may_not_edit_the_engagement(cast: Cast, who: str) -> None:
    engagement = make_engagement(cast.bogota)
    assert_refused(
        lambda: services.issue_add(
            actor=getattr(cast, who),
            engagement=engagement,
            values={"side": Side.CIVIL_SOCIETY, "issue": "Safe travel to the talks"},
        ),
        "engagements",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_issue_update_refuses_someone_who_may_not_edit_the_engagement(cast: Cast, who: str) -> None:
    issue = services.issue_add(
        actor=cast.officer,
        engagement=make_engagement(cast.bogota),
        values={"side": Side.CIVIL_SOCIETY, "issue": "Safe travel to the talks"},
    )
    assert_refused(
        lambda: services.issue_update(
            actor=getattr(cast, who), issue=issue, values={"follow_up": "Nothing"}
        ),
        "engagements",
    )
    assert IssueRaised.objects.get().follow_up == ""


@pytest.mark.parametrize("who", REFUSED)
def test_team_save_refuses_a_new_team_in_a_unit_one_may_not_write(cast: Cast, who: str) -> None:
    assert_refused(
        lambda: services.team_save(
            actor=getattr(cast, who),
            unit=cast.bogota,
            values={"name": "Their team", "kind": TeamKind.MEETING, "country": "CO"},
            composition={},
        ),
        "engagements",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_team_save_refuses_a_change_by_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    existing = team(cast)
    assert_refused(
        lambda: services.team_save(
            actor=getattr(cast, who),
            unit=cast.bogota,
            values={"name": "Renamed"},
            composition={},
            team=existing,
        ),
        "engagements",
    )


def test_team_save_lets_an_editor_change_a_team(cast: Cast) -> None:
    existing = team(cast)
    services.team_save(
        actor=cast.officer,
        unit=cast.bogota,
        values={"name": "Renamed", "country": "CO"},
        composition={},
        team=existing,
    )
    assert Team.objects.get().name == "Renamed"
