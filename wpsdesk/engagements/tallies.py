"""Engagement figures kept, not recomputed (``docs/performance.md``, "Kept figures").

The dashboard and ``/api/engagements/figures`` sum participation over hundreds of
thousands of rows; done live that takes seconds. Instead two tables keep the sums:

* :class:`~.models.EngagementTally` — engagements and those with WPS on the agenda,
* :class:`~.models.ParticipationTally` — participation counts per side, measure and
  category of the shared vocabulary,

each per unit × year × country × forum × classification.

**Kept in the writing transaction.** Every writer of engagements calls :func:`refresh`
with the (unit, year) pairs it touched, inside its transaction: the pair's rows are
deleted and counted again from the live rows. A recount of one unit's year is a few
hundred rows, it cannot drift (it never adds a difference to a stored sum), and the
unit's row is locked first so two writers in the same unit recount one after the other.
Deleting an engagement by any path recounts through a ``post_delete`` receiver.
``wpsdesk figures rebuild`` recounts everything. A bulk writer (the demo) may wrap its
writes in :func:`deferred`, so that each unit's year is recounted once at the end instead
of after every engagement, still inside the same transaction.

**Access stays exact.** A tally row carries a unit and a classification, so the policy
layer's unit and classification rules select exactly the rows of the engagements those
rules open. Engagements a person opens one by one — a grant or a break-glass opening —
are not in those rows; :func:`scope_for` finds the few the rules above do not cover, and
the dashboard counts them live and adds them. Filters the tallies cannot answer (words,
kind, WPS, or the days of a year cut by a date range) are counted live too.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.signals import post_delete
from django.dispatch import receiver

from wpsdesk.core.queries import Year
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import (
    AnyUser,
    granted_object_ids,
    opened_object_ids,
    visibility_filter,
)

from .models import Engagement, EngagementTally, Participation, ParticipationTally
from .selectors import EngagementFilters

Bucket = tuple[int, int]  # unit id, year
#: Buckets recounted per statement (keeps the OR list of one statement short).
CHUNK = 200
KEY = ("unit_id", "year", "by_place", "country", "forum", "classification")
#: The buckets waiting for the end of a :func:`deferred` block (None: recount at once).
_pending: ContextVar[set[Bucket] | None] = ContextVar("tallies_pending", default=None)


def bucket_of(engagement: Engagement) -> Bucket:
    """The (unit, year) pair an engagement is counted in."""
    return (engagement.unit_id, engagement.date.year)


def _in_buckets(buckets: list[Bucket], prefix: str = "") -> Q:
    """Rows (of engagements, or reaching one through ``prefix``) in these unit-years."""
    condition = Q()
    for unit_id, year in buckets:
        condition |= Q(
            **{
                f"{prefix}unit_id": unit_id,
                f"{prefix}date__gte": dt.date(year, 1, 1),
                f"{prefix}date__lt": dt.date(year + 1, 1, 1),
            }
        )
    return condition


def count_engagements(engagements: models.QuerySet[Engagement]) -> list[dict[str, Any]]:
    """The engagement tally rows of these engagements (both levels), counted live."""
    rows: list[dict[str, Any]] = []
    for by_place in (True, False):
        place = ("country", "forum") if by_place else ()
        for row in (
            engagements.order_by()
            .values("unit_id", "classification", *place, year=Year("date"))
            .annotate(engagements=Count("pk"), with_wps=Count("pk", filter=Q(wps_on_agenda=True)))
        ):
            rows.append({"by_place": by_place, "country": "", "forum": ""} | row)
    return rows


def count_participation(participation: models.QuerySet[Participation]) -> list[dict[str, Any]]:
    """The participation tally rows of these participation rows (both levels), counted live."""
    rows: list[dict[str, Any]] = []
    for by_place in (True, False):
        place = (
            {"country": F("engagement__country"), "forum": F("engagement__forum")}
            if by_place
            else {}
        )
        for row in (
            participation.order_by()
            .values(
                "side",
                "measure",
                "category_id",
                unit_id=F("engagement__unit_id"),
                classification=F("engagement__classification"),
                dimension_id=F("category__dimension_id"),
                year=Year("engagement__date"),
                **place,
            )
            .annotate(count=Sum("count"))
        ):
            rows.append({"by_place": by_place, "country": "", "forum": ""} | row)
    return rows


def _store(engagement_rows: list[dict[str, Any]], participation_rows: list[dict[str, Any]]) -> None:
    EngagementTally.objects.bulk_create(
        [EngagementTally(**row) for row in engagement_rows], batch_size=500
    )
    ParticipationTally.objects.bulk_create(
        [ParticipationTally(**row) for row in participation_rows], batch_size=500
    )


def refresh(buckets: Iterable[Bucket]) -> None:
    """Count these (unit, year) pairs again from the live rows; call inside the write.

    Raises ``RuntimeError`` outside a transaction: a recount that commits apart from the
    change it follows could be seen half done.
    """
    wanted = sorted(set(buckets))
    if not wanted:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("tallies.refresh() must run inside the writing transaction")
    pending = _pending.get()
    if pending is not None:
        pending.update(wanted)
        return
    # One writer per unit at a time (PostgreSQL): a second recount waits for the first to
    # commit, then reads its rows. SQLite has one writer anyway.
    list(
        Unit.objects.select_for_update()
        .filter(pk__in=sorted({unit for unit, _year in wanted}))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        tally_key = Q()
        for unit_id, year in chunk:
            tally_key |= Q(unit_id=unit_id, year=year)
        EngagementTally.objects.filter(tally_key).delete()
        ParticipationTally.objects.filter(tally_key).delete()
        _store(
            count_engagements(Engagement.objects.filter(_in_buckets(chunk))),
            count_participation(
                Participation.objects.filter(_in_buckets(chunk, prefix="engagement__"))
            ),
        )


@contextmanager
def deferred() -> Iterator[None]:
    """Hold the recounts asked for inside this block and do them once, as it ends.

    For bulk writers inside one transaction (the demo): a unit's year is counted once, not
    after each of its engagements. Raises ``RuntimeError`` outside a transaction, like
    :func:`refresh`; if the block raises, nothing is recounted (the transaction rolls back).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("tallies.deferred() must run inside the writing transaction")
    if _pending.get() is not None:  # already inside one: the outer block recounts
        yield
        return
    pending: set[Bucket] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    refresh(pending)


def rebuild() -> tuple[int, int]:
    """Count every kept figure again from the live rows; returns the rows written."""
    with transaction.atomic():
        EngagementTally.objects.all().delete()
        ParticipationTally.objects.all().delete()
        engagement_rows = count_engagements(Engagement.objects.all())
        participation_rows = count_participation(Participation.objects.all())
        _store(engagement_rows, participation_rows)
    return len(engagement_rows), len(participation_rows)


def stored() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Every kept figure as comparable tuples (for checks and tests)."""
    return (
        set(EngagementTally.objects.values_list(*KEY, "engagements", "with_wps")),
        set(
            ParticipationTally.objects.values_list(
                *KEY, "side", "measure", "dimension_id", "category_id", "count"
            )
        ),
    )


def recounted() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Every figure counted live, in the shape of :func:`stored`."""
    return (
        {
            (*(r[k] for k in KEY), r["engagements"], r["with_wps"])
            for r in count_engagements(Engagement.objects.all())
        },
        {
            (
                *(r[k] for k in KEY),
                r["side"],
                r["measure"],
                r["dimension_id"],
                r["category_id"],
                r["count"],
            )
            for r in count_participation(Participation.objects.all())
        },
    )


@receiver(post_delete, sender=Engagement, dispatch_uid="engagements.tallies.deleted")
def _engagement_deleted(sender: type[Engagement], instance: Engagement, **kwargs: Any) -> None:
    # Deletion runs in a transaction of its own (Collector.delete), whichever path it took.
    if transaction.get_connection().in_atomic_block:
        refresh([bucket_of(instance)])
    else:
        with transaction.atomic():
            refresh([bucket_of(instance)])


# ---------------------------------------------------------------------------------------
# Reading: what of the kept figures a person may count, and what must be counted live.


@dataclass(frozen=True)
class Scope:
    """How one person's figures under some filters are counted.

    ``tallies`` selects kept rows (None: none of them); ``live`` selects engagements to
    count from the live rows and add (None: none). The two never overlap.
    """

    tallies: Q | None
    live: Q | None


def _year_span(filters: EngagementFilters) -> tuple[int | None, int | None] | None:
    """The whole years the filter's dates cover ((None, None): every year); None if none."""
    first = last = None
    if filters.start is not None:
        first = filters.start.year + (filters.start != dt.date(filters.start.year, 1, 1))
    if filters.end is not None:
        last = filters.end.year - (filters.end != dt.date(filters.end.year, 12, 31))
    if first is not None and last is not None and first > last:
        return None
    return first, last


def scope_for(user: AnyUser | None, filters: EngagementFilters, group: str = "year") -> Scope:
    """Split one person's figures into kept rows and the few engagements counted live.

    ``group`` (how the figures are grouped) decides which level of kept rows is read.
    The kept rows are those the policy layer's unit and classification rules open (the
    tally is read as a record of its unit with its classification). Engagements opened by
    a grant or a break-glass opening, and not already open by those rules, are counted
    live, and so is any part of the filter the tallies cannot answer.
    """
    base = visibility_filter(user, EngagementTally)
    visible = visibility_filter(user, Engagement)
    if visible is None:
        return Scope(None, None)
    parts: list[Q] = []
    per_record = sorted(
        {*granted_object_ids(user, Engagement), *opened_object_ids(user, Engagement)}
    )
    if per_record:
        # Tally rows and engagements share the names ``unit`` and ``classification``, so
        # the same condition says which of these engagements the kept rows already count.
        opened = Q(pk__in=per_record)
        parts.append(opened if base is None else opened & ~base)
    span = None if filters.q or filters.kind or filters.wps is not None else _year_span(filters)
    tallies: Q | None = None
    if base is not None and span is not None:
        first, last = span
        # Rows per place only when places are asked for; else the ten times fewer sums.
        by_place = bool(filters.country or filters.forum) or group in ("country", "forum")
        # ``IN`` rather than ``=``: SQLite reads ``by_place = false`` as ``NOT by_place``,
        # an expression its indexes cannot serve.
        tallies = base & Q(by_place__in=[by_place])
        if filters.unit is not None:
            tallies &= Q(unit=filters.unit)
        if filters.country:
            tallies &= Q(country=filters.country)
        if filters.forum:
            tallies &= Q(forum__iexact=filters.forum)
        # The days of a year the dates cut are counted live (none when the dates fall on
        # a year's first or last day: then no query is made for them).
        if first is not None:
            tallies &= Q(year__gte=first)
            if filters.start is not None and filters.start.year < first:
                parts.append(Q(date__lt=dt.date(first, 1, 1)))
        if last is not None:
            tallies &= Q(year__lte=last)
            if filters.end is not None and filters.end.year > last:
                parts.append(Q(date__gte=dt.date(last + 1, 1, 1)))
    else:
        parts = [Q()]  # nothing kept serves this filter: count it all live
    if not parts:
        return Scope(tallies, None)
    return Scope(tallies, visible & functools.reduce(operator.or_, parts))


def live_engagements(scope: Scope, filters: EngagementFilters) -> models.QuerySet[Engagement]:
    """The engagements of ``scope`` counted live, filtered (empty when there are none)."""
    if scope.live is None:
        return Engagement.objects.none()
    return filters.apply(Engagement.objects.filter(scope.live))


def live_participation(scope: Scope, filters: EngagementFilters) -> models.QuerySet[Participation]:
    """The participation rows of :func:`live_engagements`."""
    if scope.live is None:
        return Participation.objects.none()
    return Participation.objects.filter(
        engagement__in=filters.apply(Engagement.objects.filter(scope.live)).values("pk")
    )


def kept_engagements(scope: Scope) -> models.QuerySet[EngagementTally]:
    if scope.tallies is None:
        return EngagementTally.objects.none()
    return EngagementTally.objects.filter(scope.tallies)


def kept_participation(scope: Scope) -> models.QuerySet[ParticipationTally]:
    if scope.tallies is None:
        return ParticipationTally.objects.none()
    return ParticipationTally.objects.filter(scope.tallies)
