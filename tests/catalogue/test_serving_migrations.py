"""Today's links move into the serving link tables, with their history, and back again.

The migrations run on a scratch SQLite file in a child process, from an empty database up to
the two migrations and back. Done on the test database, the same check had to unapply and
reapply every later migration of every app (minutes, growing with each app).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("planning", "0003_record_versions_for_concurrent_edits"),
    ("engagements", "0004_engagement_list_order_index"),
]
AFTER = [
    ("planning", "0004_goal_serving_links"),
    ("engagements", "0005_engagement_messages_as_serving_links"),
]


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to ``targets`` and give the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def seed(apps: Any) -> dict[str, int]:
    """A goal and an engagement, each serving two items, with one history row each."""
    now = timezone.now()
    catalogue = apps.get_model("catalogue", "Catalogue").objects.create(key="c", title="C")
    edition = apps.get_model("catalogue", "Edition").objects.create(
        catalogue=catalogue, name="1", title="1", loaded_at=now, is_current=True
    )
    Item = apps.get_model("catalogue", "Item")
    one = Item.objects.create(edition=edition, code="P1.C.1", kind="commitment", position=1)
    two = Item.objects.create(edition=edition, code="CL.1.a", kind="question", position=2)
    unit = apps.get_model("organisation", "Unit").objects.create(
        code="u", name="Unit", kind="mission"
    )
    plan = apps.get_model("planning", "WorkPlan").objects.create(unit=unit, year=2026)
    Goal = apps.get_model("planning", "Goal")
    goal = Goal.objects.create(plan=plan, title="Goal")
    goal.items.add(one, two)
    Engagement = apps.get_model("engagements", "Engagement")
    engagement = Engagement.objects.create(unit=unit, kind="bilateral", title="Talks", country="CO")
    engagement.messages.add(one, two)
    goal_history = apps.get_model("planning", "HistoricalGoal").objects.create(
        id=goal.pk, plan_id=plan.pk, title="Goal", history_date=now, history_type="+"
    )
    apps.get_model("planning", "HistoricalGoal_items").objects.create(
        id=1, history=goal_history, goal_id=goal.pk, item_id=one.pk
    )
    engagement_history = apps.get_model("engagements", "HistoricalEngagement").objects.create(
        id=engagement.pk,
        unit_id=unit.pk,
        kind="bilateral",
        title="Talks",
        country="CO",
        date=now.date(),
        created_at=now,
        updated_at=now,
        history_date=now,
        history_type="+",
    )
    apps.get_model("engagements", "HistoricalEngagement_messages").objects.create(
        id=2, history=engagement_history, engagement_id=engagement.pk, item_id=two.pk
    )
    return {"goal": goal.pk, "engagement": engagement.pk, "one": one.pk, "two": two.pk}


def check_the_round_trip() -> None:
    """Seed before the migrations, migrate forward and back, and check the rows each way."""
    ids = seed(migrate(BEFORE))

    after = migrate(AFTER)
    goal_links = after.get_model("planning", "GoalServesItem").objects
    assert sorted(goal_links.values_list("record_id", "item_id")) == [
        (ids["goal"], ids["one"]),
        (ids["goal"], ids["two"]),
    ]
    engagement_links = after.get_model("engagements", "EngagementServesItem").objects
    assert sorted(engagement_links.values_list("record_id", "item_id")) == [
        (ids["engagement"], ids["one"]),
        (ids["engagement"], ids["two"]),
    ]
    goal = after.get_model("planning", "Goal").objects.get(pk=ids["goal"])
    assert sorted(goal.items.values_list("code", flat=True)) == ["CL.1.a", "P1.C.1"]
    history = after.get_model("planning", "HistoricalGoalServesItem").objects
    assert list(history.values_list("record_id", "item_id")) == [(ids["goal"], ids["one"])]
    history = after.get_model("engagements", "HistoricalEngagementServesItem").objects
    assert list(history.values_list("record_id", "item_id")) == [(ids["engagement"], ids["two"])]

    before = migrate(BEFORE)
    goal = before.get_model("planning", "Goal").objects.get(pk=ids["goal"])
    assert sorted(goal.items.values_list("code", flat=True)) == ["CL.1.a", "P1.C.1"]
    engagement = before.get_model("engagements", "Engagement").objects.get(pk=ids["engagement"])
    assert sorted(engagement.messages.values_list("code", flat=True)) == ["CL.1.a", "P1.C.1"]
    history = before.get_model("engagements", "HistoricalEngagement_messages").objects
    assert list(history.values_list("engagement_id", "item_id")) == [
        (ids["engagement"], ids["two"])
    ]
    history = before.get_model("planning", "HistoricalGoal_items").objects
    assert list(history.values_list("goal_id", "item_id")) == [(ids["goal"], ids["one"])]


def test_goal_items_and_engagement_messages_move_to_the_link_tables_and_back(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "WPSDESK_TEST_SQLITE_FILE": str(tmp_path / "scratch.sqlite3"),
        "WPSDESK_TEST_DB": "sqlite",  # the scratch file, whichever pass this is
    }
    code = (
        "import django; django.setup(); "
        "from tests.catalogue.test_serving_migrations import check_the_round_trip; "
        "check_the_round_trip(); print('round trip checked')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "round trip checked"
