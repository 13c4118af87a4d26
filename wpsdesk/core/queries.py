"""Query shapes that stay fast at ten times Norway's volume (see ``docs/performance.md``).

* :class:`Year` groups by a date's year without a per-row function call: SQLite stores a
  date as ``YYYY-MM-DD`` text, so the year is the first four characters (Django's
  ``ExtractYear`` calls a Python function for every row there); other databases extract
  the year natively.
* :func:`count_of` counts related rows in a correlated subquery instead of a join with
  ``COUNT(DISTINCT …)``: the database counts only for the rows it returns — the page's —
  not for every row before the ``LIMIT``.
* :func:`page_of` pages a list whose total is already known (or counts it once).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear

#: Rows per page on every list, unless a page says otherwise.
PER_PAGE = 25


class Year(ExtractYear):
    """The year of a date field, native on every database (no Python function per row)."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params


def count_of(related: models.QuerySet[Any], outer_field: str) -> Coalesce:
    """How many rows of ``related`` point at the outer row (``outer_field`` = its FK path).

    Use as an annotation on a list that is paged::

        plans.annotate(goal_count=count_of(Goal.objects.all(), "plan"))

    The count is a correlated subquery, so it is computed only for the rows returned.
    """
    counted = (
        related.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def page_of(
    rows: models.QuerySet[Any] | list[Any],
    number: Any,
    *,
    per_page: int = PER_PAGE,
    count: int | None = None,
) -> Page[Any]:
    """One page of ``rows`` (a bad or too high page number gives the nearest page).

    Pass ``count`` when the total is already known, to save the counting query.
    """
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # the cached_property, filled in
    return paginator.get_page(number)
