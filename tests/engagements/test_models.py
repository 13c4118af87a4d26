"""The database keeps engagement records consistent whatever writes them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from wpsdesk.engagements import figures
from wpsdesk.engagements.models import (
    Dimension,
    Engagement,
    FollowUpStatus,
    IssueRaised,
    Kind,
    Measure,
    Participation,
    Side,
    Team,
)
from wpsdesk.engagements.services import engagement_save, vocabulary
from wpsdesk.planning.models import Category


def test_an_engagement_needs_a_country_or_a_forum(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.create(unit=cast.bogota, kind=Kind.BILATERAL, title="Nowhere")
    Engagement.objects.create(unit=cast.bogota, kind=Kind.MULTILATERAL, title="Debate", forum="UN")


def test_one_count_per_cell(cast: Cast) -> None:
    engagement = make_engagement(cast.bogota, counts={(Side.NORWAY, "women"): 2})
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(
            engagement=engagement,
            side=Side.NORWAY,
            category_id=vocabulary()[(Dimension.GENDER, "women")],
            count=3,
        )


def test_speakers_and_leads_are_counted_by_gender_only(cast: Cast) -> None:
    grid = figures.grid_from_rows([(Side.NORWAY, Measure.SPOKE, Dimension.AGE, "under-30", 1)])
    assert any("by gender only" in p for p in figures.check_grid(grid))
    gender = figures.grid_from_rows([(Side.NORWAY, Measure.SPOKE, Dimension.GENDER, "women", 0)])
    assert not any("by gender only" in p for p in figures.check_grid(gender))


def test_unknown_categories_are_refused(cast: Cast) -> None:
    grid = figures.grid_from_rows([(Side.NORWAY, Measure.ATTENDED, Dimension.GENDER, "ladies", 1)])
    assert any("not a category" in p for p in figures.check_grid(grid))
    with pytest.raises(ValidationError):
        engagement_save(
            actor=cast.officer,
            unit=cast.bogota,
            values={"kind": "bilateral", "country": "CO", "title": "Meeting"},
            grid=grid,
        )
    assert not Engagement.objects.filter(title="Meeting").exists()


def test_participation_points_at_the_shared_vocabulary(cast: Cast) -> None:
    engagement = make_engagement(cast.bogota, counts={(Side.NORWAY, "women"): 2})
    row = engagement.participation.get()
    assert isinstance(row.category, Category)
    assert (row.category.dimension.code, row.category.code) == ("gender", "women")
    assert row.as_row() == (Side.NORWAY, Measure.ATTENDED, "gender", "women", 2)


def test_an_import_reference_is_unique_within_a_unit_only(cast: Cast) -> None:
    make_engagement(cast.bogota, external_ref="R-1")
    make_engagement(cast.amman, external_ref="R-1", country="JO")
    make_engagement(cast.bogota, external_ref="")
    make_engagement(cast.bogota, external_ref="")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_engagement(cast.bogota, external_ref="R-1")


def test_a_follow_up_is_completed_only_when_done(cast: Cast) -> None:
    engagement = make_engagement(cast.bogota)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueRaised.objects.create(
            engagement=engagement, issue="Safe transport", completed_on=dt.date(2026, 1, 1)
        )
    issue = IssueRaised.objects.create(
        engagement=engagement,
        issue="Safe transport",
        status=FollowUpStatus.DONE,
        due_date=dt.date(2026, 1, 2),
        completed_on=dt.date(2026, 1, 1),
    )
    assert issue.on_time is True


def test_overdue_follow_ups(cast: Cast) -> None:
    engagement = make_engagement(cast.bogota)
    late = IssueRaised.objects.create(
        engagement=engagement, issue="Quota", due_date=dt.date(2000, 1, 1)
    )
    IssueRaised.objects.create(engagement=engagement, issue="Later", due_date=dt.date(2999, 1, 1))
    assert list(IssueRaised.objects.overdue()) == [late]
    assert late.is_overdue


def test_a_team_ends_after_it_starts(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(
            unit=cast.bogota,
            name="Delegation",
            kind="meeting",
            start=dt.date(2026, 5, 1),
            end=dt.date(2026, 4, 1),
        )


def test_changes_are_kept_in_history(cast: Cast) -> None:
    engagement = make_engagement(cast.bogota)
    engagement.title = "Renamed"
    engagement.save()
    assert engagement.history.count() == 2


def test_messages_delivered_point_at_catalogue_items_and_are_in_history(cast: Cast) -> None:
    from wpsdesk.catalogue.models import Catalogue, Edition, Item

    catalogue = Catalogue.objects.create(key="test", title="Test guidelines")
    edition = Edition.objects.create(
        catalogue=catalogue,
        name="1",
        title="Test",
        loaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        is_current=True,
    )
    item = Item.objects.create(
        edition=edition, code="CL.1", kind="checklist_item", text="Consider women", position=1
    )
    engagement = make_engagement(cast.bogota)
    engagement.messages.add(item)
    assert list(item.engagements.all()) == [engagement]
    assert engagement.history.latest().messages.count() == 1
