"""The demo year: loaded once, a realistic spread, and a dashboard that tells a story."""

from __future__ import annotations

from wpsdesk.engagements import dashboard
from wpsdesk.engagements.demo import load_demo
from wpsdesk.engagements.models import Engagement, IssueRaised, Team
from wpsdesk.engagements.selectors import EngagementFilters
from wpsdesk.organisation.demo import load_demo as load_organisation
from wpsdesk.organisation.models import User


def test_the_demo_year_loads_once_and_tells_a_story(db) -> None:
    load_organisation()
    summary = load_demo()
    assert summary.startswith("Engagements: 182 fictional engagements")
    counts = (Engagement.objects.count(), IssueRaised.objects.count(), Team.objects.count())
    load_demo()
    assert (Engagement.objects.count(), IssueRaised.objects.count(), Team.objects.count()) == counts
    assert all("(demo)" in e.title for e in Engagement.objects.all())
    assert Engagement.objects.values("unit").distinct().count() == 6
    assert len(set(Engagement.objects.values_list("kind", flat=True))) == 7

    coordinator = User.objects.get(username="hq.coordinator")
    board = dashboard.build(user=coordinator, filters=EngagementFilters(), group="unit")
    assert board.engagement_count == 182
    women = next(c for c in board.charts if c.slug == "women-share")
    norway = [row.cells[0].value for row in women.rows if row.cells[0].value is not None]
    counterparts = [row.cells[2].value for row in women.rows if row.cells[2].value is not None]
    assert min(norway) > max(counterparts)  # Norway's delegations are more balanced
    assert IssueRaised.objects.overdue().filter(owner__username="bogota.officer").exists()
