"""An export reads what hangs off its engagements as tuples, a chunk at a time, and gives
the same rows as reading each engagement's prefetched records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.planning.factories import item, load_guidelines
from wpsdesk.engagements import tabular
from wpsdesk.engagements.models import Engagement, EngagementServesItem, IssueRaised
from wpsdesk.engagements.selectors import engagement_list_visible_to

pytestmark = pytest.mark.django_db


def _engagements(cast: Cast, n: int) -> None:
    load_guidelines()
    items = [item(code) for code in ("P1.C.1", "P1.C.5", "P1.C.5.a")]
    for i in range(n):
        engagement = make_engagement(
            cast.bogota,
            title=f"Meeting {i}",
            date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            counts={("norway", "women"): i, ("counterpart", "men"): 2},
            spoke={("counterpart", "women"): 1} if i % 2 else None,
            led={"norway": "women"} if i % 3 else None,
        )
        for served in items[: i % 4]:
            EngagementServesItem.objects.create(record=engagement, item=served)
        for status in ["done", "open"][: i % 3]:
            IssueRaised.objects.create(
                engagement=engagement, side="counterpart", issue="Seats", status=status
            )


def test_rows_read_by_chunk_equal_rows_read_record_by_record(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    _engagements(cast, 12)
    monkeypatch.setattr(tabular, "EXPORT_CHUNK", 5)
    queryset = engagement_list_visible_to(user=cast.officer)
    by_chunk = list(tabular.iter_rows(queryset))
    one_by_one = list(tabular.iter_rows(list(queryset.prefetch_related("messages", "issues"))))
    sliced = list(tabular.iter_rows(queryset[:12]))
    assert len(by_chunk) == 12
    assert by_chunk == one_by_one == sliced
    header = tabular.header()
    messages = {row[header.index("title")]: row[header.index("messages")] for row in by_chunk}
    assert messages["Meeting 3"].count(" ") == 2  # three codes, space-separated
    issues = {row[header.index("title")]: row[header.index("issues_raised")] for row in by_chunk}
    assert issues["Meeting 2"] == 2
    assert issues["Meeting 3"] == 0


def test_the_queries_do_not_grow_with_the_rows(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    _engagements(cast, 10)
    monkeypatch.setattr(tabular, "EXPORT_CHUNK", 5)

    def queries(n: int) -> int:
        ids = list(Engagement.objects.order_by("pk").values_list("pk", flat=True)[:n])
        queryset = engagement_list_visible_to(user=cast.officer).filter(pk__in=ids)
        with CaptureQueriesContext(connection) as captured:
            assert len(list(tabular.iter_rows(queryset))) == n
        return len(captured.captured_queries)

    # The officer's access is read once (cached on the person) before the first export.
    list(tabular.iter_rows(engagement_list_visible_to(user=cast.officer)))
    # The engagements, their participation rows, messages and issues, each read as one
    # stream; and the codes of the categories and items.
    assert queries(5) == 4 + 2
    assert queries(10) == 4 + 2


def test_the_follower_hands_out_each_engagements_rows_and_passes_over_strangers() -> None:
    day = "2026-05-01"
    earlier = "2026-04-01"
    rows = [
        (day, 9, "a"),
        (day, 9, "b"),
        (day, 8, "saved between the two reads"),
        (day, 7, "c"),
        (earlier, 12, "d"),
    ]
    follower = tabular.Follower(iter(rows))
    assert follower.take((day, 9)) == [("a",), ("b",)]
    assert follower.take((day, 7)) == [("c",)]
    assert follower.take((earlier, 20)) == []  # none of its own; the next one's stay
    assert follower.take((earlier, 12)) == [("d",)]
    assert follower.take((earlier, 3)) == []
