"""The demo plans: loaded once, with something real on the gap and traceability pages."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.personas import reauthenticated_client, verified_client
from wpsdesk.catalogue.datafile import BUNDLED_FILE, read_data_file
from wpsdesk.catalogue.services import catalogue_load
from wpsdesk.organisation.models import User
from wpsdesk.planning.demo import load_demo
from wpsdesk.planning.models import (
    Activity,
    ChecklistAnswer,
    ChecklistRun,
    Goal,
    IndicatorValue,
    WorkPlan,
)


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (WorkPlan, Goal, Activity, IndicatorValue, ChecklistRun, ChecklistAnswer)
    )


def test_without_the_guidelines_the_demo_plans_wait(db: None) -> None:
    call_command("demo", "load", stdout=StringIO())
    assert "skipped" in load_demo()
    assert not WorkPlan.objects.exists()


def test_demo_plans_load_once_and_fill_the_gap_and_traceability_pages(db: None) -> None:
    catalogue_load(spec=read_data_file(BUNDLED_FILE))
    out = StringIO()
    call_command("demo", "load", stdout=out)
    assert "Plans: 5 demo plans and 3 checklist runs created" in out.getvalue()
    before = counts()
    assert "Plans: 0 demo plans and 0 checklist runs" in load_demo()
    assert counts() == before

    year = timezone.localdate().year
    bogota = WorkPlan.objects.get(unit__code="demo-bogota", year=year - 1)
    assert bogota.is_approved and bogota.results_are_approved
    assert Activity.objects.filter(from_answer__isnull=False).exists()
    assert all("(demo)" in goal.title for goal in Goal.objects.all())

    coordinator = verified_client(User.objects.get(username="hq.coordinator"))
    gaps = coordinator.get(reverse("planning:gaps")).context["gaps"]
    assert {unit.code for unit in gaps.units_without_plan} == {"demo-peace", "demo-nato"}
    assert any(group.no_work for group in gaps.groups)
    # The demo engagements' WPS messages count as work on the commitments they name.
    worked_on_by = {str(label): count for label, count in gaps.worked_on_by}
    assert worked_on_by["Engagements"] > 0
    assert any(group.no_goal_but_other for group in gaps.groups)
    served = coordinator.get(reverse("planning:serving", args=["P1.C.5"])).context["work"]
    assert served.goals
    compare = verified_client(User.objects.get(username="bogota.officer")).get(
        reverse("planning:checklist_compare"),
        {"unit": bogota.unit_id, "first": year - 1, "last": year},
    )
    assert len(compare.context["comparison"].runs) == 2


def test_every_planning_page_opens_on_the_demo_data(db: None) -> None:
    catalogue_load(spec=read_data_file(BUNDLED_FILE))
    call_command("demo", "load", stdout=StringIO())
    # Re-authenticated, so that the workbook download opens too.
    officer = reauthenticated_client(User.objects.get(username="bogota.officer"))
    plan = WorkPlan.objects.filter(unit__code="demo-bogota").first()
    run = ChecklistRun.objects.filter(unit__code="demo-bogota").first()
    activity = Activity.objects.filter(goal__plan=plan).first()
    indicator = plan.goals.first().indicators.first()  # type: ignore[union-attr]
    assert plan and run and activity and indicator
    pages = [
        reverse("planning:plan_list"),
        reverse("planning:plan_detail", args=[plan.pk]),
        reverse("planning:goal_edit", args=[plan.goals.first().pk]),  # type: ignore[union-attr]
        reverse("planning:activity_list"),
        reverse("planning:activity_detail", args=[activity.pk]),
        reverse("planning:indicator_list"),
        reverse("planning:indicator_detail", args=[indicator.pk]),
        reverse("planning:value_create", args=[indicator.pk]),
        reverse("planning:checklist_list"),
        reverse("planning:checklist_run", args=[run.pk]),
        reverse("planning:exchange"),
        reverse("planning:template"),
        reverse("core:home"),
    ]
    for page in pages:
        assert officer.get(page).status_code == 200, page
    searched = officer.get(reverse("planning:goal_create", args=[plan.pk]), {"item_q": "women"})
    assert searched.status_code == 200
