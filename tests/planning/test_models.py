"""The database keeps plans consistent even when code forgets: constraints and periods."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.personas import Cast
from tests.planning.factories import Chain, category
from wpsdesk.planning.models import (
    Activity,
    ActivityStatus,
    Breakdown,
    Dimension,
    Evidence,
    EvidenceKind,
    WorkPlan,
    period_year,
    validate_period,
)


def test_gender_is_always_a_dimension_with_a_not_stated_category(db: None) -> None:
    gender = Dimension.objects.get(code="gender")
    assert gender.always
    assert [c.name for c in gender.categories.order_by("position")] == [
        "Women",
        "Men",
        "Another gender or not stated",
    ]
    assert set(Dimension.objects.filter(always=False).values_list("code", flat=True)) >= {
        "age",
        "disability",
        "displacement",
    }


def test_one_plan_of_a_kind_per_unit_and_year(chain: Chain) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkPlan.objects.create(unit=chain.plan.unit, year=chain.plan.year, kind=chain.plan.kind)


def test_a_dropped_activity_needs_a_reason_in_the_database_too(chain: Chain) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=chain.activity.pk).update(status=ActivityStatus.DROPPED)


def test_an_approved_plan_has_an_approval_time(chain: Chain) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkPlan.objects.filter(pk=chain.plan.pk).update(status="approved")


def test_evidence_belongs_to_exactly_one_parent(chain: Chain, cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(unit=cast.bogota, kind=EvidenceKind.TEXT, text="Minutes")


def test_breakdown_figures_are_never_negative(chain: Chain) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Breakdown.objects.create(
            value=chain.value, category=category("gender", "men"), amount=Decimal(-1)
        )


@pytest.mark.parametrize("period", ["2026", "2026-H1", "2026-H2", "2026-Q1", "2026-Q4"])
def test_periods_are_years_halves_or_quarters(period: str) -> None:
    validate_period(period)
    assert period_year(period) == 2026


@pytest.mark.parametrize("period", ["", "26", "2026-Q5", "2026-H3", "2026/1", "Q1-2026"])
def test_other_periods_are_refused_in_plain_words(period: str) -> None:
    with pytest.raises(ValidationError, match="Write the period as a year"):
        validate_period(period)
    assert period_year(period) is None


def test_changes_are_kept_in_history(chain: Chain) -> None:
    chain.goal.title = "More women at the table"
    chain.goal.save()
    assert chain.goal.history.first().title == "More women at the table"
    assert chain.goal.history.count() >= 2
    assert chain.plan.history.exists()
    assert chain.value.history.exists()
