"""Reads of plans, results and checklist runs, scoped by the policy layer.

Every list starts from :func:`~wpsdesk.organisation.policy.visible_to`; a record the person
may read but not change answers 404 from every route that changes it
(:func:`get_editable_or_404`), the same as a record they may not read. Each selector runs
a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wpsdesk.audit.services import record_event
from wpsdesk.catalogue import serving
from wpsdesk.catalogue.models import Edition, Item, ItemKind
from wpsdesk.catalogue.search import parse_query, search_items
from wpsdesk.catalogue.selectors import current_edition, top_level, top_level_of
from wpsdesk.core.queries import PER_PAGE, count_of, page_of
from wpsdesk.core.request_context import current_ip
from wpsdesk.organisation import policy, readlog
from wpsdesk.organisation.models import Classification, Membership, Unit, User
from wpsdesk.organisation.policy import (
    AnyUser,
    is_person,
    may_create_in,
    may_edit,
    may_lead,
    unit_access,
    visible_to,
)

from .models import (
    Activity,
    ActivityStatus,
    ApprovalStatus,
    Breakdown,
    ChecklistAnswer,
    ChecklistRun,
    Dimension,
    Evidence,
    Goal,
    GoalServesItem,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    WorkPlan,
)

M = TypeVar("M", bound=Any)

#: Kinds of catalogue item a goal may point to.
GOAL_ITEM_KINDS = serving.SERVABLE_KINDS
#: Kinds the HQ gap view looks for.
GAP_KINDS = [ItemKind.COMMITMENT, ItemKind.ACTION_POINT]
CHECKLIST_CODE = "CL"


# --- access helpers --------------------------------------------------------------------


def get_visible_or_404(queryset: Any, *, user: AnyUser | None, **lookup: Any) -> Any:
    """The policy layer's ``get_visible_or_404``, also for records reached through a parent.

    For a model whose classification lives on its parent (``plan__classification``) the
    record is read through :func:`visible_to` here and the parent's classification decides
    whether the read goes to the security log, as the policy layer does for its own rows.
    """
    qs = queryset if isinstance(queryset, QuerySet) else queryset._default_manager.all()
    class_field = getattr(qs.model, "policy_classification_field", "classification")
    if not class_field or "__" not in class_field:
        return policy.get_visible_or_404(qs, user=user, **lookup)
    try:
        record = visible_to(qs, user=user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    classification: Any = record
    for step in class_field.split("__"):
        classification = getattr(classification, step)
    # In a request the read joins the request's one restricted.read event (readlog).
    if classification != Classification.INTERNAL and not readlog.note(user, record, classification):
        record_event(
            kind="restricted.read",
            actor=user if isinstance(user, User) else None,
            ip_address=current_ip(),
            target=record,
            details={"classification": classification},
        )
    return record


def get_editable_or_404(queryset: Any, *, user: AnyUser | None, **lookup: Any) -> Any:
    """A record the person may change, or 404 ("not yours", "not there" and "read only")."""
    record = get_visible_or_404(queryset, user=user, **lookup)
    if not may_edit(user, record):
        raise Http404
    return record


def get_plan_to_lead_or_404(*, user: AnyUser | None, pk: Any) -> WorkPlan:
    """A plan of a unit the person leads, or 404."""
    plan: WorkPlan = get_visible_or_404(WorkPlan.objects.select_related("unit"), user=user, pk=pk)
    if not may_lead(user, plan.unit_id):
        raise Http404
    return plan


def units_to_create_in(*, user: AnyUser | None) -> QuerySet[Unit]:
    """Units where the person may start plans and checklist runs (editor or lead)."""
    ids = [unit_id for unit_id in unit_access(user) if may_create_in(user, unit_id)]
    return Unit.objects.filter(pk__in=ids, is_active=True).order_by("name")


def unit_members(*, unit_id: int) -> QuerySet[User]:
    """People who may own an activity of the unit: its current members."""
    ids = Membership.objects.current().filter(unit_id=unit_id).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


# --- plans -----------------------------------------------------------------------------


def plan_list_visible_to(
    *,
    user: AnyUser | None,
    q: str = "",
    unit_id: int | None = None,
    year: int | None = None,
    status: str = "",
    kind: str = "",
) -> QuerySet[WorkPlan]:
    """Plans the person may read, filtered, with their numbers of goals and activities."""
    plans = visible_to(WorkPlan.objects.all(), user=user)
    if q:
        goal_hits = Goal.objects.filter(title__icontains=q).values("plan_id")
        plans = plans.filter(
            Q(title__icontains=q)
            | Q(summary__icontains=q)
            | Q(unit__name__icontains=q)
            | Q(pk__in=goal_hits)
        )
    if unit_id:
        plans = plans.filter(unit_id=unit_id)
    if year:
        plans = plans.filter(year=year)
    if status:
        plans = plans.filter(status=status)
    if kind:
        plans = plans.filter(kind=kind)
    return (
        plans.select_related("unit", "approved_by")
        .annotate(
            goal_count=count_of(Goal.objects.all(), "plan"),
            activity_count=count_of(Activity.objects.all(), "goal__plan"),
        )
        .order_by("-year", "unit__name", "kind", "pk")
    )


def plan_goals(*, plan: WorkPlan) -> list[Goal]:
    """The plan's goals with their items, activities, indicators and latest values."""
    return list(
        Goal.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.order_by("position")),
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("owner", "from_answer__item")
                .annotate(evidence_count=Count("evidence"))
                .order_by("due_date", "pk"),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    "dimensions",
                    Prefetch("values", queryset=IndicatorValue.objects.order_by("period")),
                ).order_by("pk"),
            ),
        )
        .order_by("position", "pk")
    )


def plan_years(*, user: AnyUser | None) -> list[int]:
    """Years with a plan the person may read, newest first (for filters)."""
    years = visible_to(WorkPlan.objects.all(), user=user).values_list("year", flat=True)
    this_year = timezone.localdate().year
    return sorted({*years, this_year, this_year + 1}, reverse=True)


# --- activities ------------------------------------------------------------------------


def activity_list_visible_to(
    *,
    user: AnyUser | None,
    q: str = "",
    status: str = "",
    unit_id: int | None = None,
    year: int | None = None,
    owner_id: int | None = None,
    overdue: bool = False,
) -> QuerySet[Activity]:
    activities = visible_to(Activity.objects.all(), user=user)
    if q:
        activities = activities.filter(
            Q(title__icontains=q) | Q(notes__icontains=q) | Q(goal__title__icontains=q)
        )
    if status:
        activities = activities.filter(status=status)
    if unit_id:
        activities = activities.filter(goal__plan__unit_id=unit_id)
    if year:
        activities = activities.filter(goal__plan__year=year)
    if owner_id:
        activities = activities.filter(owner_id=owner_id)
    if overdue:
        activities = activities.filter(
            due_date__lt=timezone.localdate(),
            status__in=[ActivityStatus.PLANNED, ActivityStatus.UNDER_WAY],
        )
    return activities.select_related("goal__plan__unit", "owner").order_by(
        "due_date", "goal__plan__unit__name", "pk"
    )


def activity_detail(*, activity: Activity) -> dict[str, Any]:
    return {
        "updates": list(
            ProgressUpdate.objects.filter(activity=activity)
            .select_related("author")
            .order_by("-created_at", "-pk")
        ),
        "evidence": list(
            Evidence.objects.filter(activity=activity).select_related("added_by").order_by("pk")
        ),
        "history": list(
            activity.history.select_related("history_user").order_by("-history_date")[:20]
        ),
    }


def open_activities_of(*, user: User, within_days: int = 14) -> list[Activity]:
    """The person's own open activities due soon or overdue (for the home page).

    A plan whose year-end results are approved is closed: its activities left open are
    history, not work to do."""
    soon = timezone.localdate() + dt.timedelta(days=within_days)
    return list(
        visible_to(Activity.objects.all(), user=user)
        .filter(
            owner=user,
            status__in=[ActivityStatus.PLANNED, ActivityStatus.UNDER_WAY],
            due_date__lte=soon,
        )
        .exclude(goal__plan__results_status=ApprovalStatus.APPROVED)
        .select_related("goal__plan")
        .order_by("due_date", "pk")[:10]
    )


# --- indicators ------------------------------------------------------------------------


def indicator_values(*, indicator: Indicator) -> list[IndicatorValue]:
    return list(
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("updated_by")
        .prefetch_related(
            Prefetch("breakdown", queryset=Breakdown.objects.select_related("category"))
        )
        .order_by("period")
    )


def dimensions_with_categories() -> list[Dimension]:
    return list(Dimension.objects.prefetch_related("categories").order_by("position", "pk"))


def indicator_list_visible_to(
    *, user: AnyUser | None, q: str = "", unit_id: int | None = None, year: int | None = None
) -> QuerySet[Indicator]:
    indicators = visible_to(Indicator.objects.all(), user=user)
    if q:
        indicators = indicators.filter(Q(name__icontains=q) | Q(goal__title__icontains=q))
    if unit_id:
        indicators = indicators.filter(goal__plan__unit_id=unit_id)
    if year:
        indicators = indicators.filter(goal__plan__year=year)
    return (
        indicators.select_related("goal__plan__unit")
        .prefetch_related(
            "dimensions", Prefetch("values", queryset=IndicatorValue.objects.order_by("period"))
        )
        .order_by("goal__plan__unit__name", "-goal__plan__year", "pk")
    )


# --- catalogue items -------------------------------------------------------------------


def goal_item_choices(
    *, q: str = "", selected: list[int] | None = None, edition: Edition | None = None
) -> list[Item]:
    """Items a goal may point to: those already chosen, then up to 30 that match ``q``
    (a code, or words of the text) among the commitments, action points, checklist items
    and their sub-points of ``edition`` (else the current edition)."""
    chosen = list(Item.objects.filter(pk__in=selected).order_by("position")) if selected else []
    edition = edition or current_edition()
    if edition is None or not q.strip():
        return chosen
    pool = Item.objects.filter(edition=edition, kind__in=GOAL_ITEM_KINDS).active()
    parsed = parse_query(q, edition.language)
    found = list(pool.filter(code__iexact=q.strip()))
    if not parsed.is_empty:
        found += list(search_items(pool, parsed)[:30])
    result = list(chosen)
    seen = {item.pk for item in chosen}
    for item in found:
        if item.pk not in seen:
            seen.add(item.pk)
            result.append(item)
    return result


def item_by_code(code: str) -> Item:
    """A current item by its code, or 404."""
    edition = current_edition()
    item = (
        Item.objects.filter(edition=edition, code=code).select_related("edition").first()
        if edition
        else None
    )
    if item is None:
        raise Http404
    return item


@dataclass
class ServingWork:
    """What serves one guideline item: one page of goals (with plan and unit), their
    activities and indicators, across the units the viewer may see."""

    item: Item
    goals: list[Goal]
    page: Page[Goal] | None = None
    total: int = 0
    unit_count: int = 0

    @property
    def activities(self) -> list[Activity]:
        return [activity for goal in self.goals for activity in goal.activities.all()]

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for goal in self.goals for indicator in goal.indicators.all()]

    @property
    def more(self) -> bool:
        """Whether goals beyond this page serve the item."""
        return self.total > len(self.goals)


def work_serving_item(
    *, user: AnyUser | None, item: Item, page: Any = 1, per_page: int = PER_PAGE
) -> ServingWork:
    """One page of the goals, activities and indicators that serve ``item`` (or an item
    nested under it, in any edition of its catalogue), in plans the person may read.
    Five queries: the totals, then the page's goals, activities, indicators and values."""
    codes = Item.objects.filter(edition__catalogue_id=item.edition.catalogue_id).under(item.code)
    goals = visible_to(Goal.objects.all(), user=user).filter(
        pk__in=GoalServesItem.objects.filter(item__in=codes).values("record_id")
    )
    totals = goals.aggregate(goals=Count("pk"), units=Count("plan__unit", distinct=True))
    rows = (
        goals.select_related("plan__unit")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("owner").order_by("due_date", "pk"),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("values", queryset=IndicatorValue.objects.order_by("period"))
                ).order_by("pk"),
            ),
        )
        .order_by("-plan__year", "plan__unit__name", "position", "pk")
    )
    if not totals["goals"]:
        return ServingWork(item=item, goals=[])
    shown = page_of(rows, page, per_page=per_page, count=totals["goals"])
    return ServingWork(
        item=item,
        goals=list(shown.object_list),
        page=shown,
        total=totals["goals"],
        unit_count=totals["units"],
    )


# --- what goals serve ------------------------------------------------------------------


def goals_serving_visible_to(user: AnyUser | None) -> QuerySet[Goal]:
    """The goals (in plans) the person may read, for the serving registry."""
    return visible_to(Goal.objects.all(), user=user)


def goals_serving_rows(records: QuerySet[Goal]) -> QuerySet[Goal]:
    """What a goal's row shows in a serving list, newest plan first."""
    return records.select_related("plan__unit").order_by(
        "-plan__year", "plan__unit__name", "position", "pk"
    )


def goals_in_year(records: QuerySet[Goal], year: int) -> QuerySet[Goal]:
    return records.filter(plan__year=year)


#: Goals serve the items they point to (``Goal.items``). The item page shows them in
#: planning's own panel (with activities and indicators), so the registry shows none.
SERVING = serving.ServingType(
    key="goals",
    link=GoalServesItem,
    label=gettext_lazy("Goals"),
    visible=goals_serving_visible_to,
    rows=goals_serving_rows,
    template="planning/_serving_goal_rows.html",
    in_year=goals_in_year,
    panel=False,
)


# --- HQ gap view -----------------------------------------------------------------------


@dataclass
class GapItem:
    item: Item
    goal_count: int = 0
    activity_count: int = 0
    #: Labels of the other record types (engagements, …) that serve the item this year.
    served_by: list[Any] = field(default_factory=list)

    @property
    def worked_on(self) -> bool:
        """Whether any record the viewer may see serves the item (a goal, an engagement…)."""
        return bool(self.goal_count or self.served_by)


@dataclass
class GapGroup:
    priority: Item | None
    #: Nothing the viewer may see serves the item this year.
    no_work: list[GapItem] = field(default_factory=list)
    #: Goals with no activity, and no other record serves the item.
    no_activity: list[GapItem] = field(default_factory=list)
    #: No goal, but other records (engagements, …) serve the item.
    no_goal_but_other: list[GapItem] = field(default_factory=list)
    served: int = 0


@dataclass
class Gaps:
    year: int
    groups: list[GapGroup]
    units_without_plan: list[Unit]
    units_without_run: list[Unit]
    unit_count: int
    #: Per record type (label), how many of the items it serves this year.
    worked_on_by: list[tuple[Any, int]] = field(default_factory=list)


def _top_code(code: str, targets: dict[str, Item]) -> Item | None:
    segments = code.split(".")
    for n in range(len(segments), 0, -1):
        found = targets.get(".".join(segments[:n]))
        if found is not None:
            return found
    return None


def gaps(*, user: AnyUser | None, year: int) -> Gaps:
    """Commitments and action points nothing serves this year, or only goals without an
    activity; and units with no plan or no checklist run for the year.

    "Worked on" means any record the person may see serves the item (or a point under
    it): a goal in the year's plans, an engagement of the year, or a record of any other
    type in the serving registry. Counts only records the person may read (HQ
    coordinators: every unit's internal records). One query per serving type beside
    goals, whatever the number of items."""
    edition = current_edition()
    targets: list[Item] = []
    tops: dict[str, Item] = {}
    if edition is not None:
        targets = list(
            Item.objects.filter(edition=edition, kind__in=GAP_KINDS).active().in_document_order()
        )
        tops = {top.code: top for top in top_level(edition)}
    by_code = {item.code: item for item in targets}
    stats = {item.pk: GapItem(item=item) for item in targets}

    goals = visible_to(Goal.objects.filter(plan__year=year), user=user)
    links = (
        GoalServesItem.objects.filter(record__in=goals)
        .values_list("record_id", "item__code")
        .order_by()
    )
    activity_counts = dict(goals.annotate(n=Count("activities")).values_list("pk", "n").order_by())
    goals_of: dict[int, set[int]] = defaultdict(set)
    for goal_id, code in links:
        target = _top_code(code, by_code)
        if target is not None:
            goals_of[target.pk].add(goal_id)
    for item_id, goal_ids in goals_of.items():
        stats[item_id].goal_count = len(goal_ids)
        stats[item_id].activity_count = sum(activity_counts.get(g, 0) for g in goal_ids)

    labels = {serving_type.key: serving_type.label for serving_type in serving.types()}
    worked_on_by: dict[Any, set[int]] = {labels.get(SERVING.key, SERVING.label): set(goals_of)}
    other = serving.served_codes(user=user, year=year, exclude={SERVING.key})
    for type_key, codes in other.items():
        served = worked_on_by.setdefault(labels[type_key], set())
        for code in codes:
            target = _top_code(code, by_code)
            if target is not None and target.pk not in served:
                served.add(target.pk)
                stats[target.pk].served_by.append(labels[type_key])

    groups: dict[int | None, GapGroup] = {}
    for item in targets:
        top = top_level_of(item, tops) if tops else None
        priority = top if top is not None and top.kind == ItemKind.THEMATIC_PRIORITY else None
        key = priority.pk if priority else None
        group = groups.setdefault(key, GapGroup(priority=priority))
        stat = stats[item.pk]
        if not stat.worked_on:
            group.no_work.append(stat)
        elif stat.served_by and not stat.goal_count:
            group.no_goal_but_other.append(stat)
            group.served += 1
        elif stat.activity_count == 0 and not stat.served_by:
            group.no_activity.append(stat)
        else:
            group.served += 1
    ordered = sorted(
        groups.values(),
        key=lambda g: (g.priority is None, g.priority.position if g.priority else 0),
    )

    units = list(Unit.objects.filter(is_active=True).order_by("name"))
    planned = set(
        visible_to(WorkPlan.objects.filter(year=year), user=user).values_list("unit_id", flat=True)
    )
    run = set(
        visible_to(ChecklistRun.objects.filter(year=year), user=user).values_list(
            "unit_id", flat=True
        )
    )
    return Gaps(
        year=year,
        groups=ordered,
        units_without_plan=[unit for unit in units if unit.pk not in planned],
        units_without_run=[unit for unit in units if unit.pk not in run],
        unit_count=len(units),
        worked_on_by=[(label, len(ids)) for label, ids in worked_on_by.items()],
    )


def may_see_gaps(user: AnyUser | None) -> bool:
    return is_person(user) and bool(getattr(user, "is_hq_coordinator", False))


# --- checklist -------------------------------------------------------------------------


def checklist_run_list_visible_to(
    *, user: AnyUser | None, unit_id: int | None = None, year: int | None = None
) -> QuerySet[ChecklistRun]:
    runs = visible_to(ChecklistRun.objects.all(), user=user)
    if unit_id:
        runs = runs.filter(unit_id=unit_id)
    if year:
        runs = runs.filter(year=year)
    return (
        runs.select_related("unit", "completed_by")
        .annotate(
            answered=count_of(ChecklistAnswer.objects.exclude(answer=""), "run"),
            needs_work=count_of(ChecklistAnswer.objects.filter(answer__in=["no", "partly"]), "run"),
        )
        .order_by("-year", "unit__name", "pk")
    )


def checklist_items(edition: Edition | None) -> list[Item]:
    """The checklist's items and their sub-questions, in document order."""
    if edition is None:
        return []
    return list(
        Item.objects.filter(edition=edition)
        .under(CHECKLIST_CODE)
        .exclude(code=CHECKLIST_CODE)
        .active()
        .in_document_order()
    )


@dataclass
class SheetRow:
    item: Item
    answer: ChecklistAnswer | None

    @property
    def is_sub(self) -> bool:
        return self.item.kind != ItemKind.CHECKLIST_ITEM


def checklist_sheet(*, run: ChecklistRun) -> list[SheetRow]:
    """Every checklist item and sub-question of the run's edition with its answer (if any)."""
    items = checklist_items(run.edition)
    answers = {
        answer.item_id: answer
        for answer in ChecklistAnswer.objects.filter(run=run)
        .select_related("answered_by")
        .prefetch_related(
            Prefetch("activities", queryset=Activity.objects.select_related("goal").order_by("pk")),
            Prefetch("evidence", queryset=Evidence.objects.order_by("pk")),
        )
    }
    return [SheetRow(item=item, answer=answers.get(item.pk)) for item in items]


def checklist_row(*, run: ChecklistRun, item: Item) -> SheetRow:
    answer = (
        ChecklistAnswer.objects.filter(run=run, item=item)
        .select_related("answered_by")
        .prefetch_related(
            Prefetch("activities", queryset=Activity.objects.select_related("goal").order_by("pk")),
            Prefetch("evidence", queryset=Evidence.objects.order_by("pk")),
        )
        .first()
    )
    return SheetRow(item=item, answer=answer)


def section_code(code: str) -> str:
    """The checklist item a row belongs to: ``CL.1.a`` and ``CL.1`` are both under ``CL.1``."""
    return ".".join(code.split(".")[:2])


def section_anchor(code: str) -> str:
    """An id for a section's elements (``CL.1`` → ``cl-1``): no dots to escape in selectors."""
    return section_code(code).lower().replace(".", "-")


@dataclass
class SheetSection:
    """A checklist item with its sub-questions: one folding part of the run's page."""

    rows: list[SheetRow]
    open: bool = False

    @property
    def item(self) -> Item:
        return self.rows[0].item

    @property
    def anchor(self) -> str:
        return section_anchor(self.item.code)

    @property
    def answered(self) -> int:
        return sum(1 for row in self.rows if row.answer and row.answer.answer)

    @property
    def total(self) -> int:
        return len(self.rows)


def checklist_sections(
    rows: list[SheetRow], *, open_item: int | None = None, open_all: bool = False
) -> list[SheetSection]:
    """The rows grouped by checklist item, in order; which sections start open.

    Open are: every section when ``open_all`` (a reader's overview), else the first section
    with a row still unanswered and the section holding ``open_item`` (the row just saved
    without JavaScript), so the page is short and starts where the work is.
    """
    sections: list[SheetSection] = []
    for row in rows:
        if sections and section_code(row.item.code) == section_code(sections[-1].item.code):
            sections[-1].rows.append(row)
        else:
            sections.append(SheetSection(rows=[row]))
    first_open = False
    for section in sections:
        holds_target = any(row.item.pk == open_item for row in section.rows)
        unfinished = section.answered < section.total
        section.open = open_all or holds_target or (unfinished and not first_open)
        first_open = first_open or unfinished
    return sections


@dataclass(frozen=True)
class ChecklistCounts:
    """How many rows are answered, in the whole run and in one section."""

    answered: int
    total: int
    section_answered: int
    section_total: int


def checklist_counts(*, run: ChecklistRun, item: Item) -> ChecklistCounts:
    """The run's answered count and that of ``item``'s section, in one query.

    Counted as the page counts: the edition's active checklist rows with a given answer.
    """
    rows = (
        Item.objects.filter(edition_id=run.edition_id)
        .under(CHECKLIST_CODE)
        .exclude(code=CHECKLIST_CODE)
        .active()
    )
    section = section_code(item.code)
    in_section = Q(code=section) | Q(code__startswith=f"{section}.")
    answered = Exists(
        ChecklistAnswer.objects.filter(run=run, item=OuterRef("pk")).exclude(answer="")
    )
    figures = rows.aggregate(
        answered=Count("pk", filter=answered),
        total=Count("pk"),
        section_answered=Count("pk", filter=answered & in_section),
        section_total=Count("pk", filter=in_section),
    )
    return ChecklistCounts(**figures)


def goals_for_answer(*, user: AnyUser | None, answer: ChecklistAnswer) -> QuerySet[Goal]:
    """Goals an activity from this answer may go under: the unit's goals for the run's year."""
    return (
        visible_to(Goal.objects.all(), user=user)
        .filter(plan__unit_id=answer.run.unit_id, plan__year=answer.run.year)
        .select_related("plan")
        .order_by("plan__kind", "position", "pk")
    )


def plans_for_answer(*, user: AnyUser | None, answer: ChecklistAnswer) -> QuerySet[WorkPlan]:
    return visible_to(
        WorkPlan.objects.filter(unit_id=answer.run.unit_id, year=answer.run.year), user=user
    ).order_by("kind")


@dataclass
class ComparisonRow:
    item: Item
    answers: list[ChecklistAnswer | None]

    @property
    def changed(self) -> bool:
        given = [a.answer if a else "" for a in self.answers]
        return len(set(given)) > 1


@dataclass
class Comparison:
    unit: Unit | None
    runs: list[ChecklistRun]
    rows: list[ComparisonRow]


def checklist_comparison(*, user: AnyUser | None, unit_id: int, years: list[int]) -> Comparison:
    """The unit's answers side by side for the years asked (matched by item code, so runs on
    different editions of the guidelines line up)."""
    runs = list(
        checklist_run_list_visible_to(user=user, unit_id=unit_id)
        .filter(year__in=years)
        .order_by("year")
    )
    if not runs:
        return Comparison(unit=None, runs=[], rows=[])
    items = checklist_items(runs[-1].edition)
    by_code: dict[tuple[int, str], ChecklistAnswer] = {}
    for answer in ChecklistAnswer.objects.filter(run__in=runs).select_related("item"):
        by_code[(answer.run_id, answer.item.code)] = answer
    rows = [
        ComparisonRow(item=item, answers=[by_code.get((run.pk, item.code)) for run in runs])
        for item in items
    ]
    return Comparison(unit=runs[0].unit, runs=runs, rows=rows)


def units_with_runs(*, user: AnyUser | None) -> QuerySet[Unit]:
    runs = visible_to(ChecklistRun.objects.all(), user=user)
    return Unit.objects.filter(Exists(runs.filter(unit_id=OuterRef("pk")))).order_by("name")
