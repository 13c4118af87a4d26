"""Writes to plans, results and checklist runs. Views, the API, the import and the
command line all call these.

Every function checks the actor's right itself (editors write, unit leads approve) and
raises ``PermissionDenied`` otherwise; views fetch records through
:func:`~.selectors.get_editable_or_404` first, so a person without the right sees a 404
before they get here. Approvals, reopenings, classification changes, imports and exports
go to the security log. A change to what a unit lead approved puts it back to draft: the
lead approves again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.catalogue.models import Item
from wpsdesk.catalogue.selectors import current_edition, current_successor
from wpsdesk.core.concurrency import StaleEdit, ensure_current, touch
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, may_lead, may_read, unit_access
from wpsdesk.organisation.reclassification import reclassify

from . import files
from .breakdown import breakdown_problems
from .models import (
    MAX_YEAR,
    MIN_YEAR,
    Activity,
    ActivityStatus,
    Answer,
    ApprovalStatus,
    Breakdown,
    Category,
    ChecklistAnswer,
    ChecklistRun,
    Dimension,
    Evidence,
    EvidenceKind,
    Goal,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    PlanKind,
    ProgressUpdate,
    RunStatus,
    WorkPlan,
    period_year,
)

CLASSIFICATION_RANK = {
    Classification.INTERNAL: 0,
    Classification.RESTRICTED: 1,
    Classification.STRICTLY_RESTRICTED: 2,
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _save(instance: Model, reason: str = "", **fields: Any) -> list[str]:
    """Set ``fields`` that differ and save only those; nothing is written when none differ."""
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(instance, name, fields[name])
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
    update = list(changed)
    if any(f.name == "updated_at" for f in instance._meta.get_fields()):
        update.append("updated_at")
    instance.save(update_fields=update)
    return changed


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("Give a year between %(first)s and %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR}
        )


# --- plans -----------------------------------------------------------------------------


def _back_to_draft(plan: WorkPlan, actor: User, *, results: bool = False) -> bool:
    """A change to what was approved: back to draft (the lead approves again)."""
    ensure_current(plan, None)
    if results:
        if plan.results_status != ApprovalStatus.APPROVED:
            return False
        _save(
            plan,
            "results changed after approval",
            results_status=ApprovalStatus.DRAFT,
            results_approved_by=None,
            results_approved_at=None,
        )
        kind = "planning.results_reopened"
    else:
        if plan.status != ApprovalStatus.APPROVED:
            return False
        _save(
            plan,
            "plan changed after approval",
            status=ApprovalStatus.DRAFT,
            approved_by=None,
            approved_at=None,
        )
        kind = "planning.plan_reopened"
    record_event(kind=kind, actor=actor, target=plan, details={"cause": "changed"})
    return True


def plan_exists(*, unit: Unit, year: int, kind: str) -> WorkPlan | None:
    return WorkPlan.objects.filter(unit=unit, year=year, kind=kind).first()


@transaction.atomic
def plan_create(
    *,
    actor: User,
    unit: Unit,
    year: int,
    kind: str = PlanKind.VIRKSOMHETSPLAN,
    title: str = "",
    summary: str = "",
    classification: str = Classification.INTERNAL,
) -> WorkPlan:
    """An editor starts a plan for their unit and a year (one plan of each kind per year)."""
    _require(may_create_in(actor, unit))
    _check_year(year)
    if classification == Classification.STRICTLY_RESTRICTED:
        raise ValidationError(_("Plans can be internal or restricted, not strictly restricted."))
    if plan_exists(unit=unit, year=year, kind=kind):
        raise ValidationError(
            _("%(unit)s already has a plan of this kind for %(year)s.")
            % {"unit": unit.name, "year": year}
        )
    return WorkPlan.objects.create(
        unit=unit,
        year=year,
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        classification=classification,
        created_by=actor,
    )


@transaction.atomic
def plan_update(
    *,
    actor: User,
    plan: WorkPlan,
    title: str,
    summary: str,
    kind: str | None = None,
    classification: str | None = None,
    classification_reason: str = "",
    version: int | None = None,
) -> list[str]:
    """Change a plan's heading fields. Lowering its classification needs the unit lead
    and a reason (the one reclassification rule).

    With ``version`` (the one the person read), a change made after someone else saved
    raises ``StaleEdit`` and writes nothing; the same holds for every ``*_update`` here.
    """
    _require(may_edit(actor, plan))
    ensure_current(plan, version)
    kind = kind or plan.kind
    classification = classification or plan.classification
    if classification == Classification.STRICTLY_RESTRICTED:
        raise ValidationError(_("Plans can be internal or restricted, not strictly restricted."))
    if kind != plan.kind and plan_exists(unit=plan.unit, year=plan.year, kind=kind):
        raise ValidationError(_("The unit already has a plan of that kind for this year."))
    try:
        reclassified = reclassify(
            actor=actor, record=plan, to=classification, reason=classification_reason
        )
    except PermissionDenied as exc:
        raise ValidationError(_("Only the unit lead may lower a plan's classification.")) from exc
    changed = _save(
        plan,
        title=title.strip(),
        summary=summary.strip(),
        kind=kind,
    )
    if reclassified:
        plan.save(update_fields=["classification"])
        changed.append("classification")
        # Evidence follows its plan (reclassify logged the change once, for the plan).
        Evidence.objects.filter(activity__goal__plan=plan).update(classification=classification)
    if changed:
        _back_to_draft(plan, actor)
    return changed


@transaction.atomic
def plan_approve(*, actor: User, plan: WorkPlan) -> WorkPlan:
    """The unit lead approves the plan; who and when are recorded."""
    _require(may_read(actor, plan) and may_lead(actor, plan.unit_id))
    ensure_current(plan, None)
    if plan.is_approved:
        raise ValidationError(_("The plan is already approved."))
    if not plan.goals.exists():
        raise ValidationError(_("Add at least one goal before approving the plan."))
    _save(
        plan,
        "plan approved",
        status=ApprovalStatus.APPROVED,
        approved_by=actor,
        approved_at=timezone.now(),
    )
    record_event(
        kind="planning.plan_approved", actor=actor, target=plan, details={"year": plan.year}
    )
    return plan


@transaction.atomic
def plan_reopen(*, actor: User, plan: WorkPlan) -> WorkPlan:
    """The unit lead takes back an approval, e.g. to change goals."""
    _require(may_read(actor, plan) and may_lead(actor, plan.unit_id))
    ensure_current(plan, None)
    if not plan.is_approved:
        raise ValidationError(_("The plan is a draft already."))
    _save(plan, "plan reopened", status=ApprovalStatus.DRAFT, approved_by=None, approved_at=None)
    record_event(kind="planning.plan_reopened", actor=actor, target=plan, details={"cause": "lead"})
    return plan


@transaction.atomic
def results_update(
    *,
    actor: User,
    plan: WorkPlan,
    results_summary: str,
    results_obstacles: str,
    version: int | None = None,
) -> list[str]:
    """Write the year-end results: what was done, what came of it, what stood in the way."""
    _require(may_edit(actor, plan))
    ensure_current(plan, version)
    changed = _save(
        plan,
        results_summary=results_summary.strip(),
        results_obstacles=results_obstacles.strip(),
    )
    if changed:
        _back_to_draft(plan, actor, results=True)
    return changed


@transaction.atomic
def results_approve(*, actor: User, plan: WorkPlan) -> WorkPlan:
    """The unit lead approves the year-end results (of an approved plan)."""
    _require(may_read(actor, plan) and may_lead(actor, plan.unit_id))
    ensure_current(plan, None)
    if not plan.is_approved:
        raise ValidationError(_("Approve the plan before its year-end results."))
    if plan.results_are_approved:
        raise ValidationError(_("The results are already approved."))
    if not plan.results_summary.strip():
        raise ValidationError(_("Write what was done and what came of it before approving."))
    _save(
        plan,
        "results approved",
        results_status=ApprovalStatus.APPROVED,
        results_approved_by=actor,
        results_approved_at=timezone.now(),
    )
    record_event(
        kind="planning.results_approved", actor=actor, target=plan, details={"year": plan.year}
    )
    return plan


def _next_year(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _carried_items(items: Iterable[Item]) -> list[Item]:
    """The items as they stand in the current edition (dropping those that did not carry over)."""
    carried: list[Item] = []
    for item in items:
        if item.edition.is_current and item.retired_at is None:
            carried.append(item)
            continue
        successor = current_successor(item)
        if successor is not None:
            carried.append(successor)
    return carried


@transaction.atomic
def plan_copy_forward(*, actor: User, plan: WorkPlan) -> WorkPlan:
    """Start next year's plan from this one: goals with their guideline items, indicators
    (without values) and the activities still open, due a year later. A draft."""
    _require(may_read(actor, plan) and may_create_in(actor, plan.unit_id))
    year = plan.year + 1
    _check_year(year)
    if plan_exists(unit=plan.unit, year=year, kind=plan.kind):
        raise ValidationError(
            _("There is already a plan of this kind for %(year)s.") % {"year": year}
        )
    copy = WorkPlan.objects.create(
        unit=plan.unit,
        year=year,
        kind=plan.kind,
        title=plan.title.replace(str(plan.year), str(year)),
        summary=plan.summary,
        classification=plan.classification,
        copied_from=plan,
        created_by=actor,
    )
    goals = plan.goals.prefetch_related(
        "items__edition", "indicators__dimensions", "activities"
    ).order_by("position", "id")
    for goal in goals:
        new_goal = Goal.objects.create(
            plan=copy, title=goal.title, description=goal.description, position=goal.position
        )
        new_goal.items.set(_carried_items(goal.items.all()))
        for indicator in goal.indicators.all():
            new_indicator = Indicator.objects.create(
                goal=new_goal,
                name=indicator.name,
                description=indicator.description,
                kind=indicator.kind,
                unit_of_measure=indicator.unit_of_measure,
            )
            new_indicator.dimensions.set(indicator.dimensions.all())
        for activity in goal.activities.all():
            if not activity.is_open:
                continue
            Activity.objects.create(
                goal=new_goal,
                title=activity.title,
                owner=activity.owner,
                due_date=_next_year(activity.due_date),
                notes=activity.notes,
            )
    record_event(
        kind="planning.plan_copied",
        actor=actor,
        target=copy,
        details={"from_plan": plan.pk, "year": year},
    )
    return copy


# --- goals -----------------------------------------------------------------------------


def _check_items(items: Iterable[Item]) -> list[Item]:
    items = list(items)
    if any(item.retired_at is not None for item in items):
        raise ValidationError(
            _("One of the guideline items chosen is no longer in the guidelines.")
        )
    return items


@transaction.atomic
def goal_create(
    *, actor: User, plan: WorkPlan, title: str, description: str = "", items: Iterable[Item] = ()
) -> Goal:
    _require(may_edit(actor, plan))
    title = title.strip()
    if plan.goals.filter(title=title).exists():
        raise ValidationError(_("This plan already has a goal with that title."))
    position = plan.goals.order_by("-position").values_list("position", flat=True).first() or 0
    goal = Goal.objects.create(
        plan=plan, title=title, description=description.strip(), position=position + 1
    )
    goal.items.set(_check_items(items))
    _back_to_draft(plan, actor)
    return goal


@transaction.atomic
def goal_update(
    *,
    actor: User,
    goal: Goal,
    title: str,
    description: str,
    items: Iterable[Item],
    version: int | None = None,
) -> bool:
    """Change a goal and the guideline items it serves; a change puts the plan back to draft."""
    _require(may_edit(actor, goal))
    ensure_current(goal, version)
    title = title.strip()
    if goal.plan.goals.filter(title=title).exclude(pk=goal.pk).exists():
        raise ValidationError(_("This plan already has a goal with that title."))
    saved = changed = bool(_save(goal, title=title, description=description.strip()))
    wanted = {item.pk for item in _check_items(items)}
    if wanted != set(goal.items.values_list("pk", flat=True)):
        goal.items.set(list(wanted))
        changed = True
    if changed and not saved:
        touch(goal)
    if changed:
        _back_to_draft(goal.plan, actor)
    return changed


# --- activities ------------------------------------------------------------------------


def _is_member(person: User, unit_id: int) -> bool:
    return unit_id in unit_access(person)


def _check_due_date(due_date: dt.date | None, plan: WorkPlan) -> None:
    """A due date falls in the plan's year: a plan is for one year, and a date outside it
    (often a typo such as 2062) would hide the activity from that year's follow-up."""
    if due_date is not None and due_date.year != plan.year:
        raise ValidationError(
            _("The due date must fall in the plan's year, %(year)s.") % {"year": plan.year}
        )


def _check_status(status: str, drop_reason: str) -> None:
    if status not in ActivityStatus.values:
        raise ValidationError(_("Choose a status."))
    if status == ActivityStatus.DROPPED and not drop_reason.strip():
        raise ValidationError(_("Say why the activity was dropped."))


@transaction.atomic
def activity_create(
    *,
    actor: User,
    goal: Goal,
    title: str,
    owner: User | None = None,
    due_date: dt.date | None = None,
    status: str = ActivityStatus.PLANNED,
    drop_reason: str = "",
    notes: str = "",
    from_answer: ChecklistAnswer | None = None,
) -> Activity:
    _require(may_edit(actor, goal))
    title = title.strip()
    _check_status(status, drop_reason)
    _check_due_date(due_date, goal.plan)
    if owner is not None and not _is_member(owner, goal.plan.unit_id):
        raise ValidationError(_("The owner must be a member of the unit."))
    if goal.activities.filter(title=title).exists():
        raise ValidationError(_("This goal already has an activity with that title."))
    return Activity.objects.create(
        goal=goal,
        title=title,
        owner=owner,
        due_date=due_date,
        status=status,
        drop_reason=drop_reason.strip() if status == ActivityStatus.DROPPED else "",
        notes=notes.strip(),
        from_answer=from_answer,
    )


@transaction.atomic
def activity_update(
    *,
    actor: User,
    activity: Activity,
    title: str,
    owner: User | None,
    due_date: dt.date | None,
    status: str,
    drop_reason: str,
    notes: str,
    version: int | None = None,
) -> list[str]:
    """Change an activity; a change of status is also written as a progress update."""
    _require(may_edit(actor, activity))
    ensure_current(activity, version)
    title = title.strip()
    _check_status(status, drop_reason)
    if due_date != activity.due_date:  # an older date outside the year may stay as it is
        _check_due_date(due_date, activity.goal.plan)
    if (
        owner is not None
        and owner.pk != activity.owner_id
        and not _is_member(owner, activity.goal.plan.unit_id)
    ):
        raise ValidationError(_("The owner must be a member of the unit."))
    if activity.goal.activities.filter(title=title).exclude(pk=activity.pk).exists():
        raise ValidationError(_("This goal already has an activity with that title."))
    before = activity.status
    changed = _save(
        activity,
        title=title,
        owner=owner,
        due_date=due_date,
        status=status,
        drop_reason=drop_reason.strip() if status == ActivityStatus.DROPPED else "",
        notes=notes.strip(),
    )
    if "status" in changed:
        ProgressUpdate.objects.create(
            activity=activity, status_from=before, status_to=status, author=actor
        )
    return changed


@transaction.atomic
def progress_add(
    *, actor: User, activity: Activity, text: str, status: str = "", drop_reason: str = ""
) -> ProgressUpdate:
    """A dated progress note, optionally moving the activity to another status."""
    _require(may_edit(actor, activity))
    ensure_current(activity, None)
    text = text.strip()
    status = status or activity.status
    _check_status(status, drop_reason or activity.drop_reason)
    if not text and status == activity.status:
        raise ValidationError(_("Write what happened, or choose a new status."))
    before = activity.status
    if status != before:
        _save(
            activity,
            status=status,
            drop_reason=(drop_reason.strip() or activity.drop_reason)
            if status == ActivityStatus.DROPPED
            else "",
        )
    return ProgressUpdate.objects.create(
        activity=activity,
        text=text,
        status_from=before if status != before else "",
        status_to=status if status != before else "",
        author=actor,
    )


# --- evidence --------------------------------------------------------------------------


def _evidence_parent(activity: Activity | None, answer: ChecklistAnswer | None) -> tuple[int, str]:
    if (activity is None) == (answer is None):
        raise ValueError("evidence belongs to exactly one activity or one checklist answer")
    if activity is not None:
        plan = activity.goal.plan
        return plan.unit_id, plan.classification
    if answer is None:  # pragma: no cover  (ruled out above)
        raise ValueError("no parent")
    return answer.run.unit_id, answer.run.classification


@transaction.atomic
def evidence_add(
    *,
    actor: User,
    activity: Activity | None = None,
    answer: ChecklistAnswer | None = None,
    text: str = "",
    url: str = "",
    upload: Any = None,
) -> Evidence:
    """Add a text, a link or a checked, encrypted file to an activity or a checklist answer."""
    parent: Model = activity if activity is not None else answer  # type: ignore[assignment]
    _require(parent is not None and may_edit(actor, parent))
    unit_id, classification = _evidence_parent(activity, answer)
    evidence = Evidence(
        unit_id=unit_id,
        classification=classification,
        activity=activity,
        answer=answer,
        added_by=actor,
    )
    if upload is not None:
        checked = files.check_upload(upload)
        if not checked.data or (upload.size is not None and checked.received < upload.size):
            # A file evidence without the whole of its file is no evidence: store nothing.
            raise ValidationError(
                _("The file did not arrive whole, so nothing was stored. Choose it again.")
            )
        evidence.kind = EvidenceKind.FILE
        evidence.file_name = checked.name
        evidence.content_type = checked.content_type
        evidence.size = len(checked.data)
        evidence.text = text.strip()
        key = files.store(checked.data)
        evidence.file_key = key
        try:
            evidence.save()
        except Exception:
            files.discard(key)
            raise
        return evidence
    if url.strip():
        if not url.strip().lower().startswith(("https://", "http://")):
            raise ValidationError(_("A link must start with https:// or http://."))
        evidence.kind = EvidenceKind.LINK
        evidence.url = url.strip()
        evidence.text = text.strip()
    elif text.strip():
        evidence.kind = EvidenceKind.TEXT
        evidence.text = text.strip()
    else:
        raise ValidationError(_("Write a text, give a link or choose a file."))
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, actor: User, evidence: Evidence) -> None:
    """Remove a piece of evidence; a stored file is deleted once the removal is committed."""
    _require(may_edit(actor, evidence))
    key = evidence.file_key
    evidence._change_reason = "removed"  # type: ignore[attr-defined]
    evidence.delete()
    if key:
        transaction.on_commit(lambda: files.discard(key))


# --- indicators ------------------------------------------------------------------------


def _with_gender(dimensions: Iterable[Dimension]) -> list[Dimension]:
    chosen = {dimension.pk: dimension for dimension in dimensions}
    for dimension in Dimension.objects.filter(always=True):
        chosen.setdefault(dimension.pk, dimension)
    return list(chosen.values())


def _check_indicator(kind: str, unit_of_measure: str) -> None:
    if kind not in IndicatorKind.values:
        raise ValidationError(_("Choose whether the indicator is a number or a description."))
    if kind == IndicatorKind.QUANTITATIVE and not unit_of_measure.strip():
        raise ValidationError(
            _("Say what is counted (the unit of measure), for example people or meetings.")
        )


@transaction.atomic
def indicator_create(
    *,
    actor: User,
    goal: Goal,
    name: str,
    kind: str = IndicatorKind.QUANTITATIVE,
    unit_of_measure: str = "",
    description: str = "",
    dimensions: Iterable[Dimension] = (),
) -> Indicator:
    """An indicator under a goal; gender is always among the dimensions it is broken down by."""
    _require(may_edit(actor, goal))
    name = name.strip()
    _check_indicator(kind, unit_of_measure)
    if goal.indicators.filter(name=name).exists():
        raise ValidationError(_("This goal already has an indicator with that name."))
    indicator = Indicator.objects.create(
        goal=goal,
        name=name,
        kind=kind,
        unit_of_measure=unit_of_measure.strip(),
        description=description.strip(),
    )
    indicator.dimensions.set(_with_gender(dimensions))
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor: User,
    indicator: Indicator,
    name: str,
    kind: str,
    unit_of_measure: str,
    description: str,
    dimensions: Iterable[Dimension],
    version: int | None = None,
) -> bool:
    """Change an indicator and the dimensions its figures are broken down by."""
    _require(may_edit(actor, indicator))
    ensure_current(indicator, version)
    name = name.strip()
    _check_indicator(kind, unit_of_measure)
    if indicator.goal.indicators.filter(name=name).exclude(pk=indicator.pk).exists():
        raise ValidationError(_("This goal already has an indicator with that name."))
    wanted = {dimension.pk for dimension in _with_gender(dimensions)}
    dropped = set(indicator.dimensions.values_list("pk", flat=True)) - wanted
    if (
        dropped
        and Breakdown.objects.filter(
            value__indicator=indicator, category__dimension_id__in=dropped
        ).exists()
    ):
        raise ValidationError(
            _("Figures have been reported for a dimension you removed. Clear them first.")
        )
    saved = changed = bool(
        _save(
            indicator,
            name=name,
            kind=kind,
            unit_of_measure=unit_of_measure.strip(),
            description=description.strip(),
        )
    )
    if wanted != set(indicator.dimensions.values_list("pk", flat=True)):
        indicator.dimensions.set(list(wanted))
        changed = True
    if changed and not saved:
        touch(indicator)
    return changed


def value_problems(
    *,
    indicator: Indicator,
    period: str,
    actual: Decimal | None,
    figures: Mapping[Category, Decimal | None],
    note: str,
) -> list[str]:
    """Everything wrong with a value before it is saved, in plain words."""
    problems: list[str] = []
    year = period_year(period)
    if year is None:
        problems.append(
            _("Write the period as a year (2026), a half year (2026-H1) or a quarter (2026-Q3).")
        )
    elif year != indicator.goal.plan.year:
        problems.append(
            _("The period must fall in the plan's year, %(year)s.")
            % {"year": indicator.goal.plan.year}
        )
    dimensions = list(indicator.dimensions.all())
    allowed = {dimension.pk for dimension in dimensions}
    given = {category: amount for category, amount in figures.items() if amount is not None}
    if any(category.dimension_id not in allowed for category in given):
        problems.append(_("The indicator is not broken down by one of the groups given."))
    if given and not indicator.is_quantitative:
        problems.append(_("A qualitative indicator has no figures to break down."))
    problems.extend(
        breakdown_problems(actual=actual, figures=given, dimensions=dimensions, note=note)
    )
    return problems


@transaction.atomic
def indicator_value_save(
    *,
    actor: User,
    indicator: Indicator,
    period: str,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    actual: Decimal | None = None,
    baseline_text: str = "",
    target_text: str = "",
    actual_text: str = "",
    figures: Mapping[Category, Decimal | None] | None = None,
    disaggregation_note: str = "",
    version: int | None = None,
) -> tuple[IndicatorValue, bool]:
    """Create or update the value for a period, with its breakdown; (value, changed).

    Saving the same figures again changes nothing. A change after the year-end results
    were approved puts them back to draft. With ``version``, a change to a stored value
    made after someone else saved it raises ``StaleEdit``; a value someone else created
    meanwhile is stale too (``version`` 0 means "there was none").
    """
    _require(may_edit(actor, indicator))
    figures = dict(figures or {})
    problems = value_problems(
        indicator=indicator,
        period=period,
        actual=actual,
        figures=figures,
        note=disaggregation_note,
    )
    if problems:
        raise ValidationError(problems)
    fields: dict[str, Any] = {
        "baseline": baseline,
        "target": target,
        "actual": actual,
        "baseline_text": baseline_text.strip(),
        "target_text": target_text.strip(),
        "actual_text": actual_text.strip(),
        "disaggregation_note": disaggregation_note.strip(),
    }
    value = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, period=period)
        .first()
    )
    created = value is None
    if value is None:
        value = IndicatorValue.objects.create(
            indicator=indicator, period=period, updated_by=actor, **fields
        )
        changed = True
    else:
        ensure_current(value, version or None)
        if version == 0:
            raise StaleEdit(value, 0)
        changed = bool(_save(value, **_normalised(value, fields)))
    saved = changed
    existing = {figure.category_id: figure for figure in value.breakdown.all()}
    for category, amount in figures.items():
        figure = existing.pop(category.pk, None)
        if amount is None:
            if figure is not None:
                figure.delete()
                changed = True
            continue
        if figure is None:
            Breakdown.objects.create(value=value, category=category, amount=amount)
            changed = True
        elif figure.amount != amount:
            figure.amount = amount
            figure.save(update_fields=["amount"])
            changed = True
    if changed and not created and value.updated_by_id != actor.pk:
        _save(value, updated_by=actor)
        saved = True
    if changed and not saved:
        touch(value)
    if changed:
        _back_to_draft(indicator.goal.plan, actor, results=True)
    return value, changed


def _normalised(value: IndicatorValue, fields: dict[str, Any]) -> dict[str, Any]:
    """Decimals compare equal across scales (5 == 5.00): keep the stored ones when equal."""
    result = dict(fields)
    for name in ("baseline", "target", "actual"):
        old, new = getattr(value, name), fields[name]
        if old is not None and new is not None and Decimal(old) == Decimal(new):
            result[name] = old
    return result


# --- checklist -------------------------------------------------------------------------


@transaction.atomic
def checklist_run_start(
    *, actor: User, unit: Unit, year: int, classification: str = Classification.INTERNAL
) -> ChecklistRun:
    """Start the unit's checklist for a year, on the current edition of the guidelines."""
    _require(may_create_in(actor, unit))
    _check_year(year)
    edition = current_edition()
    if edition is None:
        raise ValidationError(_("The guidelines have not been loaded yet."))
    if ChecklistRun.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            _("%(unit)s has already started the checklist for %(year)s.")
            % {"unit": unit.name, "year": year}
        )
    try:
        with transaction.atomic():
            return ChecklistRun.objects.create(
                unit=unit,
                year=year,
                edition=edition,
                classification=classification,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError(_("The checklist for this year was started just now.")) from exc


def checklist_item_in_run(run: ChecklistRun, item: Item) -> bool:
    return (
        item.edition_id == run.edition_id
        and (item.code == "CL" or item.code.startswith("CL."))
        and item.code != "CL"
        and item.retired_at is None
    )


@transaction.atomic
def checklist_answer_save(
    *,
    actor: User,
    run: ChecklistRun,
    item: Item,
    answer: str,
    note: str = "",
    version: int | None = None,
) -> ChecklistAnswer:
    """Answer one checklist item or sub-question (yes / partly / no / not relevant).

    With ``version`` (the answer's, as the person read it; 0 when there was none yet), an
    answer saved by someone else meanwhile raises ``StaleEdit`` and nothing is written.
    """
    _require(may_edit(actor, run))
    if not checklist_item_in_run(run, item):
        raise ValidationError(_("That is not an item of this checklist."))
    if answer and answer not in Answer.values:
        raise ValidationError(_("Choose yes, partly, no or not relevant."))
    record, created = ChecklistAnswer.objects.get_or_create(
        run=run, item=item, defaults={"answer": answer, "note": note.strip(), "answered_by": actor}
    )
    if not created:
        ensure_current(record, version or None)
        if version == 0:
            raise StaleEdit(record, 0)
        changed = _save(record, answer=answer, note=note.strip())
        if changed and record.answered_by_id != actor.pk:
            _save(record, answered_by=actor)
    return record


@transaction.atomic
def checklist_answer_to_activity(
    *,
    actor: User,
    answer: ChecklistAnswer,
    title: str,
    goal: Goal | None = None,
    plan: WorkPlan | None = None,
    owner: User | None = None,
    due_date: dt.date | None = None,
) -> Activity:
    """Turn a "no" or "partly" into an activity, linked back to the answer, in one step.

    The activity goes under ``goal``; or, given a ``plan`` instead, under that plan's goal
    for this checklist item, which is created (pointing to the item) if there is none.
    """
    _require(may_edit(actor, answer))
    if not answer.needs_work:
        raise ValidationError(_("Only a “no” or “partly” can become an activity."))
    if goal is None:
        if plan is None:
            raise ValidationError(_("Choose a goal or a plan for the activity."))
        if plan.unit_id != answer.run.unit_id:
            raise PermissionDenied
        goal = plan.goals.filter(items=answer.item).order_by("position", "id").first()
        if goal is None:
            label = answer.item.heading
            goal_title = (
                _("Checklist %(code)s: %(text)s") % {"code": answer.item.code, "text": label}
            )[:300]
            existing = plan.goals.filter(title=goal_title).first()
            goal = existing or goal_create(
                actor=actor, plan=plan, title=goal_title, items=[answer.item]
            )
            if existing is not None:
                existing.items.add(answer.item)
    if goal.plan.unit_id != answer.run.unit_id:
        raise PermissionDenied
    again = goal.activities.filter(title=title.strip(), from_answer=answer).first()
    if again is not None:  # the same form sent twice
        return again
    return activity_create(
        actor=actor,
        goal=goal,
        title=title,
        owner=owner,
        due_date=due_date,
        from_answer=answer,
        notes=answer.note,
    )


@transaction.atomic
def checklist_run_complete(*, actor: User, run: ChecklistRun) -> ChecklistRun:
    """Mark the checklist completed, with who and when."""
    _require(may_edit(actor, run))
    if run.status == RunStatus.COMPLETED:
        raise ValidationError(_("The checklist is already completed."))
    _save(
        run,
        "completed",
        status=RunStatus.COMPLETED,
        completed_by=actor,
        completed_at=timezone.now(),
    )
    return run


@transaction.atomic
def checklist_run_reopen(*, actor: User, run: ChecklistRun) -> ChecklistRun:
    _require(may_edit(actor, run))
    _save(run, "reopened", status=RunStatus.IN_PROGRESS, completed_by=None, completed_at=None)
    return run
