"""The kept figures: always equal to a live recount, and read with exact access."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from wpsdesk.engagements import dashboard, figures, services, tallies
from wpsdesk.engagements.models import (
    Engagement,
    EngagementTally,
    Measure,
    Participation,
    ParticipationTally,
    Side,
)
from wpsdesk.engagements.selectors import EngagementFilters
from wpsdesk.organisation.models import AccessGrant
from wpsdesk.organisation.policy import visible_to

pytestmark = pytest.mark.django_db


def _grid(women: int, men: int, age: str | None, disability: int, spoke: int) -> figures.Grid:
    grid = figures.empty_grid()
    grid[Side.NORWAY][Measure.ATTENDED]["gender"] = {
        "women": women,
        "men": men,
        "another-or-not-stated": 0,
    }
    grid[Side.COUNTERPART][Measure.ATTENDED]["gender"] = {"women": men, "men": women}
    if age is not None:
        grid[Side.NORWAY][Measure.ATTENDED]["age-band"] = {age: women + men}
    if disability:
        grid[Side.NORWAY][Measure.ATTENDED]["disability"] = {
            "with-disability": min(disability, women + men)
        }
    grid[Side.NORWAY][Measure.SPOKE]["gender"] = {"women": min(spoke, women)}
    if women:
        grid[Side.NORWAY][Measure.LED]["gender"] = {"women": 1}
    return grid


grids = st.builds(
    _grid,
    st.integers(0, 9),
    st.integers(0, 9),
    st.sampled_from([None, "under-30", "30-59", "60-plus", "not-stated"]),
    st.integers(0, 3),
    st.integers(0, 4),
)
values = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["bilateral", "negotiation"]),
        "date": st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31)),
        "country": st.sampled_from(["CO", "JO"]),
        "forum": st.sampled_from(["", "UN"]),
        "title": st.just("Meeting"),
        "wps_on_agenda": st.booleans(),
        "classification": st.sampled_from(["internal", "restricted", "strict"]),
    }
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.booleans(), values, grids),
        st.tuples(st.just("edit"), st.integers(0, 20), values, grids),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("import"), st.booleans(), st.lists(st.tuples(values, grids), max_size=3)),
    ),
    min_size=1,
    max_size=8,
)


def _apply(cast: Cast, step: tuple[Any, ...], refs: list[int]) -> None:
    kind = step[0]
    if kind == "create":
        _kind, in_amman, fields, grid = step
        actor, unit = (cast.outsider, cast.amman) if in_amman else (cast.lead, cast.bogota)
        services.engagement_save(actor=actor, unit=unit, values=fields, grid=grid)
        return
    existing = list(Engagement.objects.order_by("pk"))
    if kind == "import":
        _kind, in_amman, rows = step
        actor, unit = (cast.outsider, cast.amman) if in_amman else (cast.lead, cast.bogota)
        new = []
        for fields, grid in rows:
            refs.append(len(refs))
            engagement = services.engagement_prepare_new(
                actor=actor, unit=unit, values=fields, grid=grid, external_ref=f"R-{len(refs)}"
            )
            new.append((engagement, grid, []))
        services.engagements_insert(services.engagements_prepare_insert(actor=actor, new=new))
        return
    if not existing:
        return
    engagement = existing[step[1] % len(existing)]
    if kind == "delete":
        engagement.delete()
        return
    _kind, _index, fields, grid = step
    # Edits include reclassification (raising, and lowering by the lead with a reason).
    actor = cast.outsider if engagement.unit_id == cast.amman.pk else cast.lead
    services.engagement_save(
        actor=actor,
        unit=engagement.unit,
        values=fields,
        grid=grid,
        engagement=engagement,
        classification_reason="No longer sensitive",
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
def test_kept_figures_equal_a_live_recount_after_any_writes(cast: Cast, sequence) -> None:
    """Creates, edits, reclassifications, deletes and imports, in any order: the kept
    figures always equal what a recount of the stored rows gives."""
    with transaction.atomic():
        refs: list[int] = []
        for step in sequence:
            try:
                with transaction.atomic():
                    _apply(cast, step, refs)
            except (PermissionDenied, ValidationError):
                pass  # refused writes (a strict record the lead cannot open) change nothing
            assert tallies.stored() == tallies.recounted(), step
        transaction.set_rollback(True)


def test_the_recount_is_not_empty_and_rebuild_puts_back_what_was_lost(cast: Cast) -> None:
    make_engagement(cast.bogota, counts={("norway", "women"): 3, ("norway", "men"): 2})
    make_engagement(cast.amman, country="JO", counts={("norway", "women"): 1})
    kept = tallies.stored()
    assert len(kept[0]) == 4  # two engagements, each per place and summed over places
    for by_place in (True, False):
        rows = ParticipationTally.objects.filter(by_place=by_place)
        assert rows.aggregate(n=Sum("count"))["n"] == 6
    EngagementTally.objects.all().delete()
    ParticipationTally.objects.filter(unit=cast.amman).delete()
    assert tallies.stored() != tallies.recounted()
    with pytest.raises(Exception, match="differ from a live recount"):
        call_command("figures", "check")
    call_command("figures", "rebuild")
    assert tallies.stored() == kept == tallies.recounted()
    call_command("figures", "check")


def test_a_recount_outside_a_transaction_is_refused(cast: Cast) -> None:
    with pytest.raises(RuntimeError, match="inside the writing transaction"):
        _outside_atomic(cast)


def test_deferred_recounts_wait_for_the_end_of_the_block_and_then_equal_a_recount(
    cast: Cast,
) -> None:
    with transaction.atomic():
        with tallies.deferred():
            make_engagement(cast.bogota, counts={("norway", "women"): 3})
            make_engagement(cast.amman, country="JO", counts={("norway", "women"): 1})
            assert tallies.stored() == (set(), set())  # held, not yet counted
            assert tallies.stored() != tallies.recounted()
        assert tallies.stored() == tallies.recounted()
        assert len(tallies.stored()[0]) == 4


def test_a_deferred_block_that_fails_recounts_nothing(cast: Cast) -> None:
    with pytest.raises(ValueError, match="stop"), transaction.atomic(), tallies.deferred():
        make_engagement(cast.bogota, counts={("norway", "women"): 3})
        raise ValueError("stop")
    assert tallies.stored() == (set(), set())
    make_engagement(cast.bogota, counts={("norway", "women"): 2})  # counted at once again
    assert tallies.stored() == tallies.recounted() != (set(), set())


def test_a_deferred_block_outside_a_transaction_is_refused(cast: Cast) -> None:
    from django.db import connection

    previous = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with (
            pytest.raises(RuntimeError, match="inside the writing transaction"),
            tallies.deferred(),
        ):
            pass
    finally:
        connection.in_atomic_block = previous


def _outside_atomic(cast: Cast) -> None:
    from django.db import connection

    # The test runs inside a transaction; pretend it does not, as a script would.
    previous = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        tallies.refresh([(cast.bogota.pk, 2026)])
    finally:
        connection.in_atomic_block = previous


def _grant(user: Any, engagement: Engagement) -> None:
    AccessGrant.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Engagement),
        object_id=engagement.pk,
        reason="joint follow-up",
        state="active",
        expires_at=timezone.now() + dt.timedelta(days=7),
    )


def _live_women_and_people(user: Any, filters: EngagementFilters) -> tuple[int, int, int]:
    """Norway's women and people, and engagements, counted live through the policy layer."""
    rows = filters.apply(
        visible_to(Participation.objects.all(), user=user), prefix="engagement__"
    ).filter(side=Side.NORWAY, measure=Measure.ATTENDED, category__dimension__code="gender")
    women = rows.filter(category__code="women").aggregate(n=Sum("count"))["n"] or 0
    people = rows.aggregate(n=Sum("count"))["n"] or 0
    engagements = filters.apply(visible_to(Engagement.objects.all(), user=user)).count()
    return women, people, engagements


def _board_women_and_people(
    user: Any, filters: EngagementFilters, group: str = "unit"
) -> tuple[int, int, int]:
    board = dashboard.build(user=user, filters=filters, group=group)
    women = people = 0
    for row in board.charts[0].rows:
        norway = row.cells[0].share
        women += norway.part.value or 0
        people += norway.whole.value or 0
    return women, people, board.engagement_count


FILTERS = [
    EngagementFilters(),
    EngagementFilters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)),
    EngagementFilters(start=dt.date(2025, 6, 1)),  # cuts 2025: its days are counted live
    EngagementFilters(end=dt.date(2025, 6, 30)),
    EngagementFilters(country="CO"),
    EngagementFilters(q="network"),  # words: nothing kept answers it, all live
]


def test_a_grant_on_one_engagement_gives_exactly_the_live_figure(cast: Cast) -> None:
    """Amman's editor holds a grant on one of Bogotá's engagements (the parent of its
    participation rows): the dashboard counts that one engagement, once, with the rest of
    what they may see — exactly what a live count through the policy layer gives."""
    for year, women, men in ((2024, 5, 7), (2025, 6, 9), (2026, 8, 3)):
        make_engagement(
            cast.bogota,
            date=dt.date(year, 7, 1),
            counts={("norway", "women"): women, ("norway", "men"): men},
        )
    granted = make_engagement(
        cast.bogota,
        date=dt.date(2025, 9, 1),
        classification="restricted",
        counts={("norway", "women"): 11, ("norway", "men"): 4},
    )
    make_engagement(
        cast.amman,
        country="JO",
        date=dt.date(2025, 3, 1),
        counts={("norway", "women"): 2, ("norway", "men"): 20},
    )
    own_strict = make_engagement(
        cast.amman,
        country="JO",
        classification="strict",
        date=dt.date(2025, 10, 1),
        counts={("norway", "women"): 30, ("norway", "men"): 1},
    )
    own_open = Engagement.objects.get(unit=cast.amman, classification="internal")
    before = {f: _board_women_and_people(cast.outsider, f) for f in FILTERS}
    _grant(cast.outsider, granted)
    _grant(cast.outsider, own_strict)  # not open by unit rules: counted live
    _grant(cast.outsider, own_open)  # already open by unit rules: counted once
    for filters in FILTERS:
        expected = _live_women_and_people(cast.outsider, filters)
        assert _board_women_and_people(cast.outsider, filters) == expected, filters
    everything = _board_women_and_people(cast.outsider, EngagementFilters())
    assert everything == (2 + 11 + 30, 22 + 15 + 31, 3)
    assert before[EngagementFilters()] == (2, 22, 1)
    # Someone in Bogotá without restricted clearance still sees neither.
    assert _board_women_and_people(cast.reader, EngagementFilters()) == (19, 38, 3)
    assert _live_women_and_people(cast.reader, EngagementFilters()) == (19, 38, 3)


@pytest.mark.parametrize("filters", FILTERS)
def test_the_kept_figures_equal_the_live_figures_for_every_persona(
    cast: Cast, filters: EngagementFilters
) -> None:
    for year in (2024, 2025, 2026):
        for classification in ("internal", "restricted", "strict"):
            make_engagement(
                cast.bogota,
                date=dt.date(year, 2, 1),
                classification=classification,
                counts={("norway", "women"): year % 7, ("norway", "men"): 3},
            )
            make_engagement(
                cast.amman,
                country="JO",
                date=dt.date(year, 11, 30),
                classification=classification,
                counts={("norway", "women"): 4, ("norway", "men"): year % 5},
            )
    for person in (cast.coordinator, cast.lead, cast.reader, cast.outsider, cast.auditor):
        live = _live_women_and_people(person, filters)
        for group in ("unit", "country"):  # sums over places, and rows per place
            assert _board_women_and_people(person, filters, group) == live, (person, group)


def test_the_dashboard_with_a_grant_has_an_exact_query_count(
    cast: Cast, as_outsider, django_assert_num_queries
) -> None:
    granted = make_engagement(cast.bogota, counts={("norway", "women"): 6})
    _grant(cast.outsider, granted)
    make_engagement(cast.amman, country="JO", counts={("norway", "women"): 6})
    as_outsider.get(reverse("engagements:dashboard"))
    # The page without grants (15), plus the live part for the granted engagement: women's
    # share, WPS on the agenda, leaders, and the "outside" check on it.
    with django_assert_num_queries(19):
        response = as_outsider.get(reverse("engagements:dashboard"))
    assert response.context["board"].engagement_count == 2


def test_kept_figures_are_not_records_one_may_open() -> None:
    """No grant or break-glass opening can name a tally row (it counts restricted records)."""
    from wpsdesk.organisation import breakglass

    named = breakglass.classified_models()
    assert "engagements.engagement" in named
    assert "engagements.engagementtally" not in named
    assert "engagements.participationtally" not in named
