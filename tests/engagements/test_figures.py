"""The counting rules: totals, shares, missing dimensions, checks and small cells."""

from __future__ import annotations

from wpsdesk.engagements import figures
from wpsdesk.engagements.figures import Figure, grid_from_rows
from wpsdesk.engagements.models import Dimension, Measure, Side

A, S, L = Measure.ATTENDED, Measure.SPOKE, Measure.LED
G, AGE = Dimension.GENDER, Dimension.AGE


def test_a_side_total_is_the_sum_of_its_genders() -> None:
    grid = grid_from_rows([("norway", A, G, "women", 2), ("norway", A, G, "men", 3)])
    assert figures.side_total(grid, "norway") == 5
    assert figures.women(grid, "norway") == 2


def test_a_side_not_recorded_has_no_total_which_is_not_zero() -> None:
    grid = grid_from_rows([("norway", A, G, "women", 0), ("norway", A, G, "men", 0)])
    assert figures.side_total(grid, "norway") == 0
    assert figures.side_total(grid, "counterpart") is None
    assert figures.women(grid, "counterpart") is None


def test_age_groups_give_a_total_when_gender_is_missing() -> None:
    grid = grid_from_rows([("civil_society", A, AGE, "under-30", 4)])
    assert figures.side_total(grid, "civil_society") == 4


def test_shares_with_nothing_to_divide_by_are_none_and_shown_as_a_dash() -> None:
    assert figures.share(0, 0) is None
    assert figures.share(3, None) is None
    assert figures.share(None, 5) is None
    assert figures.format_share(None) == "–"
    assert figures.format_share(figures.share(1, 3)) == "33%"
    assert figures.format_share(figures.share(0, 4)) == "0%"


def test_women_share_of_a_side_with_no_one_is_none() -> None:
    grid = grid_from_rows([("norway", A, G, "women", 0), ("norway", A, G, "men", 0)])
    assert figures.women_share(grid, "norway") is None
    assert figures.women_share(grid, "counterpart") is None


def test_missing_dimensions_are_named_for_sides_with_people() -> None:
    grid = grid_from_rows(
        [
            ("norway", A, G, "women", 2),
            ("norway", A, AGE, "under-30", 2),
            ("counterpart", A, G, "men", 0),
        ]
    )
    missing = figures.missing_dimensions(grid, Side.values, [Dimension.GENDER, Dimension.AGE])
    assert missing == []
    missing = figures.missing_dimensions(grid, Side.values, [Dimension.DISABILITY])
    assert missing == [("norway", Dimension.DISABILITY)]


def test_counts_that_add_up_have_no_problems() -> None:
    grid = grid_from_rows(
        [
            ("norway", A, G, "women", 2),
            ("norway", A, G, "men", 1),
            ("norway", A, AGE, "under-30", 1),
            ("norway", A, AGE, "not-stated", 2),
            ("norway", S, G, "women", 2),
            ("norway", L, G, "women", 1),
            ("norway", A, Dimension.DISABILITY, "with-disability", 1),
        ]
    )
    assert figures.check_grid(grid) == []


def test_problems_are_in_plain_words() -> None:
    grid = grid_from_rows(
        [
            ("counterpart", A, G, "women", 1),
            ("counterpart", A, G, "men", 5),
            ("counterpart", A, AGE, "under-30", 2),
            ("counterpart", S, G, "women", 2),
            ("counterpart", A, Dimension.DISPLACEMENT, "displaced", 9),
        ]
    )
    problems = figures.check_grid(grid)
    assert any("age groups add up to 2 but the genders to 6" in p for p in problems)
    assert any("Counterpart – women: 2 spoke, but only 1 took part" in p for p in problems)
    assert any("9 displaced persons, but only 6 people took part" in p for p in problems)


def test_small_cells_are_hidden_outside_the_unit_only() -> None:
    assert str(figures.suppress(3, outside=True)) == "fewer than 5"
    assert figures.suppress(3, outside=True).shown is None
    assert figures.suppress(3, outside=False).shown == 3
    assert figures.suppress(5, outside=True).shown == 5
    assert figures.suppress(0, outside=True).shown == 0
    assert str(figures.suppress(None, outside=True)) == "–"


def test_a_share_that_would_reveal_a_small_cell_is_hidden() -> None:
    assert figures.suppressed_share(3, 40, outside=True).suppressed
    assert figures.suppressed_share(38, 40, outside=True).suppressed  # two were not women
    assert figures.suppressed_share(2, 4, outside=True).suppressed
    assert str(figures.suppressed_share(3, 40, outside=True)) == "hidden"
    shown = figures.suppressed_share(20, 40, outside=True)
    assert not shown.suppressed and str(shown) == "50%"
    assert figures.suppressed_share(0, 40, outside=True).value == 0
    assert figures.suppressed_share(3, 4, outside=False).value == 0.75
    assert figures.suppressed_share(0, 0, outside=True).value is None


def test_a_figure_shows_a_dash_when_not_recorded() -> None:
    assert str(Figure(None)) == "–"
    assert str(Figure(7)) == "7"


def test_tallies_add_up_genders() -> None:
    tally = figures.GenderTally()
    tally.add("women", 3)
    tally.add("men", 5)
    tally.add("other", 2)
    assert (tally.total, tally.women_share) == (10, 0.3)
    assert figures.GenderTally().women_share is None
