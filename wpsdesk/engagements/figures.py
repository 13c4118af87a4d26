"""The counting rules, as plain functions that pages, exports, the API and reports share.

* **Totals.** Everyone on a side is the sum of its gender counts; a side whose gender
  was not recorded has no total (``None``), which is not the same as nobody (``0``).
* **Shares.** A share with nothing to divide by is ``None`` — shown as "–", never a
  division error and never 0 %.
* **Missing dimensions.** A dimension with no counts for a side was not recorded; figures
  over it leave that side out and say how many were left out.
* **Checks.** Partitions (gender, age groups) add up to the same total; "of whom" counts,
  speakers and leads never exceed the people who took part.
* **Small cells.** A figure shown outside the unit that recorded it hides counts of 1 to 4
  (0 reveals no one and is shown), and every share that would let them be worked out
  (see ``docs/engagements.md``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import (
    CATEGORIES,
    CATEGORY_LABELS,
    PARTITIONS,
    Dimension,
    Gender,
    Measure,
    Side,
)

#: Counts below this (and above zero) are not shown outside the unit.
SMALL_CELL = 5
DASH = "–"

#: side → measure → dimension → category → count
Grid = dict[str, dict[str, dict[str, dict[str, int]]]]


def share(part: int | None, whole: int | None) -> float | None:
    """``part`` of ``whole`` between 0 and 1, or None when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return part / whole


def format_share(value: float | None) -> str:
    """A share as a whole percentage; "–" when there is none."""
    if value is None:
        return DASH
    return _("%(percent)d%%") % {"percent": round(value * 100)}


def total(counts: Mapping[str, int] | None) -> int | None:
    """The sum of a partition's counts; None when nothing was recorded."""
    if not counts:
        return None
    return sum(counts.values())


def is_small(count: int | None) -> bool:
    """A count that could point at one person: 1 to 4."""
    return count is not None and 0 < count < SMALL_CELL


@dataclass(frozen=True)
class Figure:
    """A count as shown: its value, or that it was not recorded, or that it is hidden."""

    value: int | None
    suppressed: bool = False

    def __str__(self) -> str:
        if self.suppressed:
            return _("fewer than %(n)d") % {"n": SMALL_CELL}
        if self.value is None:
            return DASH
        return str(self.value)

    @property
    def shown(self) -> int | None:
        """The number as it may be used downstream (None when hidden or not recorded)."""
        return None if self.suppressed else self.value


def suppress(count: int | None, *, outside: bool) -> Figure:
    """The count as it may be shown: hidden outside the unit when it is 1 to 4."""
    return Figure(count, suppressed=outside and is_small(count))


@dataclass(frozen=True)
class Share:
    """A share with the counts it came from, as shown."""

    part: Figure
    whole: Figure
    suppressed: bool = False

    @property
    def value(self) -> float | None:
        if self.suppressed:
            return None
        return share(self.part.value, self.whole.value)

    def __str__(self) -> str:
        if self.suppressed:
            return _("hidden")
        return format_share(self.value)


def suppressed_share(part: int | None, whole: int | None, *, outside: bool) -> Share:
    """A share that hides itself outside the unit when it would reveal a small cell.

    Outside the unit a share is hidden when the whole is 1 to 4, when the part is 1 to 4,
    or when the rest (whole minus part) is 1 to 4 — otherwise "95 % of 40" tells that two
    were not.
    """
    rest = None if part is None or whole is None else whole - part
    hidden = outside and (is_small(whole) or is_small(part) or is_small(rest))
    return Share(suppress(part, outside=outside), suppress(whole, outside=outside), hidden)


def empty_grid() -> Grid:
    return defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))


def grid_from_rows(rows: Iterable[tuple[str, str, str, str, int]]) -> Grid:
    """Fold (side, measure, dimension, category, count) rows into a nested grid."""
    grid = empty_grid()
    for side, measure, dimension, category, count in rows:
        grid[side][measure][dimension][category] = count
    return grid


def side_total(grid: Grid, side: str, measure: str = Measure.ATTENDED) -> int | None:
    """Everyone on a side: the sum of its gender counts, else of its age groups, else None.

    The sum of the counts given: a blank (unknown, stored as no row) adds nothing.
    """
    dims = grid.get(side, {}).get(measure, {})
    for dimension in PARTITIONS:
        if dims.get(dimension):
            return total(dims[dimension])
    return None


def gender_counts(grid: Grid, side: str, measure: str = Measure.ATTENDED) -> dict[str, int]:
    return dict(grid.get(side, {}).get(measure, {}).get(Dimension.GENDER, {}))


def women(grid: Grid, side: str, measure: str = Measure.ATTENDED) -> int | None:
    """Women on a side; None when the side's gender, or its count of women, was not recorded."""
    return gender_counts(grid, side, measure).get(Gender.WOMAN)


def women_share(grid: Grid, side: str, measure: str = Measure.ATTENDED) -> float | None:
    """Women's share of a side; None when the count of women was left blank (unknown)."""
    counts = gender_counts(grid, side, measure)
    return share(counts.get(Gender.WOMAN), total(counts))


def missing_dimensions(
    grid: Grid, sides: Iterable[str], dimensions: Iterable[str] = tuple(Dimension.values)
) -> list[tuple[str, str]]:
    """(side, dimension) pairs among ``sides`` that have people but no counts for a dimension."""
    missing: list[tuple[str, str]] = []
    for side in sides:
        if not side_total(grid, side):
            continue
        recorded = grid[side].get(Measure.ATTENDED, {})
        missing.extend((side, d) for d in dimensions if not recorded.get(d))
    return missing


def leaders_by_gender(grid: Grid) -> dict[str, dict[str, int]]:
    """side → gender → how many led that side."""
    return {
        side: dict(grid[side][Measure.LED][Dimension.GENDER])
        for side in grid
        if grid[side].get(Measure.LED, {}).get(Dimension.GENDER)
    }


def check_grid(grid: Grid) -> list[str]:
    """Plain-words problems with one engagement's counts; an empty list when they add up."""
    problems: list[str] = []
    side_names = dict(Side.choices)
    for measures in grid.values():
        for measure, dimensions in measures.items():
            for dimension, counted in dimensions.items():
                if measure != Measure.ATTENDED and dimension != Dimension.GENDER and counted:
                    problems.append(
                        _("Speakers and leads are counted by gender only, not by %(dimension)s.")
                        % {"dimension": dimension}
                    )
                known = CATEGORIES.get(dimension, ())
                for category in counted:
                    if category not in known:
                        problems.append(
                            _("“%(category)s” is not a category of %(dimension)s.")
                            % {"category": category, "dimension": dimension}
                        )
    if problems:
        return problems
    for side in Side.values:
        attended = grid.get(side, {}).get(Measure.ATTENDED, {})
        name = side_names[side]
        totals = {d: total(attended.get(d)) for d in PARTITIONS if attended.get(d)}
        if len(set(totals.values())) > 1:
            problems.append(
                _(
                    "%(side)s: the age groups add up to %(age)d but the genders to %(gender)d. "
                    "Count anyone whose age you do not know under “Age not known”."
                )
                % {"side": name, "age": totals[Dimension.AGE], "gender": totals[Dimension.GENDER]}
            )
        everyone = side_total(grid, side)
        for dimension, categories in CATEGORIES.items():
            if dimension in PARTITIONS or everyone is None:
                continue
            for category in categories:
                n = attended.get(dimension, {}).get(category, 0)
                if n > everyone:
                    problems.append(
                        _("%(side)s: %(n)d %(what)s, but only %(total)d people took part.")
                        % {
                            "side": name,
                            "n": n,
                            "what": str(CATEGORY_LABELS[category]).lower(),
                            "total": everyone,
                        }
                    )
        took_part = attended.get(Dimension.GENDER, {})
        for measure, verb in ((Measure.SPOKE, _("spoke")), (Measure.LED, _("led"))):
            counted = grid.get(side, {}).get(measure, {}).get(Dimension.GENDER, {})
            if not took_part:
                continue
            for gender, n in counted.items():
                present = took_part.get(gender)
                # Nothing to compare with when that gender's count was left blank.
                if present is not None and n > present:
                    problems.append(
                        _("%(side)s – %(gender)s: %(n)d %(verb)s, but only %(present)d took part.")
                        % {
                            "side": name,
                            "n": n,
                            "gender": str(CATEGORY_LABELS[gender]).lower(),
                            "verb": verb,
                            "present": present,
                        }
                    )
    return problems


@dataclass
class GenderTally:
    """Women, men and others added up over many records."""

    women: int = 0
    men: int = 0
    other: int = 0
    records: int = 0
    not_recorded: int = 0
    sources: set[int] = field(default_factory=set)

    def add(self, gender: str, count: int) -> None:
        if gender == Gender.WOMAN:
            self.women += count
        elif gender == Gender.MAN:
            self.men += count
        else:
            self.other += count

    @property
    def total(self) -> int:
        return self.women + self.men + self.other

    @property
    def women_share(self) -> float | None:
        return share(self.women, self.total)
