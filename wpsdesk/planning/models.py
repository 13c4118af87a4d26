"""Plans and results: guideline item → goal → activity → indicator → evidence → result.

A unit's :class:`WorkPlan` for a year has goals; each :class:`Goal` points to the
catalogue items it serves. Activities carry the work, indicators measure it per
reporting period, evidence shows it, and the :class:`ChecklistRun` walks the guidelines'
mission checklist once a year.

Only :class:`WorkPlan` and :class:`ChecklistRun` carry a unit and a classification; the
records below them are reached through their parent (``policy_unit_field``). Evidence
can hang under an activity or a checklist answer, so it carries a copy of its parent's
unit and classification, kept in step by the services.

Disaggregation (see ``docs/planning.md``): an indicator chooses the dimensions it is
broken down by (gender always); each reported figure is one row per (period, category),
and a category belongs to one dimension. There are no combinations of dimensions to
fill in, so choosing one more dimension adds a handful of cells, not a multiple.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.catalogue.models import ServingLink
from wpsdesk.core.concurrency import Versioned
from wpsdesk.organisation.models import UnitRecord

MIN_YEAR = 2000
MAX_YEAR = 2100
GENDER = "gender"

#: A reporting period: a year (2026), a half (2026-H1) or a quarter (2026-Q3).
PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<part>H[12]|Q[1-4]))?$")


def validate_period(value: str) -> None:
    if not PERIOD_RE.match(value or ""):
        raise ValidationError(
            _("Write the period as a year (2026), a half year (2026-H1) or a quarter (2026-Q3)."),
            code="period",
        )


def period_year(value: str) -> int | None:
    match = PERIOD_RE.match(value or "")
    return int(match.group("year")) if match else None


class PlanKind(models.TextChoices):
    VIRKSOMHETSPLAN = "virksomhetsplan", _("WPS part of the annual work plan (virksomhetsplan)")
    SEPARATE = "separate", _("Separate WPS work plan")


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class WorkPlanQuerySet(models.QuerySet["WorkPlan"]):
    def for_year(self, year: int) -> WorkPlanQuerySet:
        return self.filter(year=year)


class WorkPlan(Versioned, UnitRecord):
    """A unit's WPS plan for one year, with its approval and its year-end results."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    kind = models.CharField(
        _("kind of plan"), max_length=20, choices=PlanKind.choices, default=PlanKind.VIRKSOMHETSPLAN
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("plan status"),
        max_length=10,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.DRAFT,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan approved by"),
    )
    approved_at = models.DateTimeField(_("plan approved at"), null=True, blank=True)
    results_summary = models.TextField(_("what was done and what came of it"), blank=True)
    results_obstacles = models.TextField(_("what stood in the way"), blank=True)
    results_status = models.CharField(
        _("results status"),
        max_length=10,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.DRAFT,
    )
    results_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("results approved by"),
    )
    results_approved_at = models.DateTimeField(_("results approved at"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__name", "kind"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind"], name="planning_one_plan_per_unit_year_kind"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                name="planning_plan_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status=ApprovalStatus.DRAFT) | Q(approved_at__isnull=False),
                name="planning_approved_plan_has_approval_time",
            ),
            models.CheckConstraint(
                condition=Q(results_status=ApprovalStatus.DRAFT)
                | Q(results_approved_at__isnull=False),
                name="planning_approved_results_have_approval_time",
            ),
        ]
        indexes = [models.Index(fields=["year", "unit"], name="planning_plan_year_unit")]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return f"{self.get_kind_display()} {self.year}"

    @property
    def is_approved(self) -> bool:
        return self.status == ApprovalStatus.APPROVED

    @property
    def results_are_approved(self) -> bool:
        return self.results_status == ApprovalStatus.APPROVED


class GoalServesItem(ServingLink):
    """A goal serving a catalogue item (the serving registry's link table for goals)."""

    record = models.ForeignKey(
        "Goal", on_delete=models.CASCADE, related_name="serving_links", verbose_name=_("goal")
    )

    class Meta(ServingLink.Meta):
        verbose_name = _("item a goal serves")
        verbose_name_plural = _("items goals serve")


class Goal(Versioned):
    """A goal of a plan, pointing to the guideline items it serves."""

    plan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    items = models.ManyToManyField(
        "catalogue.Item",
        through=GoalServesItem,
        related_name="planning_goals",
        blank=True,
        verbose_name=_("guideline items"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    history = HistoricalRecords(m2m_fields=[items])

    policy_unit_field = "plan__unit"
    policy_classification_field = "plan__classification"

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="planning_goal_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.UNDER_WAY)


class Activity(Versioned):
    """A piece of work under a goal; dropping it needs a reason."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="activities", verbose_name=_("goal")
    )
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_activities",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    drop_reason = models.TextField(_("why it was dropped"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    from_answer = models.ForeignKey(
        "ChecklistAnswer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("from checklist answer"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    policy_unit_field = "goal__plan__unit"
    policy_classification_field = "goal__plan__classification"

    class Meta:
        ordering = ["goal", "due_date", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "title"], name="planning_activity_title_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status=ActivityStatus.DROPPED) | ~Q(drop_reason=""),
                name="planning_dropped_activity_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ProgressUpdate(models.Model):
    """A dated note on an activity's progress, with the status change it made, if any."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="updates", verbose_name=_("activity")
    )
    text = models.TextField(_("what happened"), blank=True)
    status_from = models.CharField(
        _("status before"), max_length=10, choices=ActivityStatus.choices, blank=True
    )
    status_to = models.CharField(
        _("status after"), max_length=10, choices=ActivityStatus.choices, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    policy_unit_field = "activity__goal__plan__unit"
    policy_classification_field = "activity__goal__plan__classification"

    class Meta:
        ordering = ["activity", "-created_at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.created_at:%Y-%m-%d}"


class Dimension(models.Model):
    """A way of breaking a figure down: gender, age group, disability, displacement…

    Reference data shared by all units (administrators may add more in the admin).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    always = models.BooleanField(
        _("always used"), default=False, help_text=_("Every indicator is broken down by it.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("disaggregation dimension")
        verbose_name_plural = _("disaggregation dimensions")

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """One value of a dimension, e.g. women, men, another gender or not stated."""

    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="categories", verbose_name=_("dimension")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension__position", "position", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"], name="planning_category_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension.name}: {self.name}"


class IndicatorKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantitative (a number)")
    QUALITATIVE = "qualitative", _("Qualitative (a description)")


class Indicator(Versioned):
    """How a goal's progress is measured, and the dimensions its figures are broken down by."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal")
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("how it is measured"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=15, choices=IndicatorKind.choices, default=IndicatorKind.QUANTITATIVE
    )
    unit_of_measure = models.CharField(
        _("unit of measure"),
        max_length=60,
        blank=True,
        help_text=_("E.g. people, meetings, per cent."),
    )
    dimensions = models.ManyToManyField(
        Dimension, related_name="indicators", blank=True, verbose_name=_("broken down by")
    )
    history = HistoricalRecords(m2m_fields=[dimensions])

    policy_unit_field = "goal__plan__unit"
    policy_classification_field = "goal__plan__classification"

    class Meta:
        ordering = ["goal", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["goal", "name"], name="planning_indicator_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_quantitative(self) -> bool:
        return self.kind == IndicatorKind.QUANTITATIVE


class IndicatorValue(Versioned):
    """Baseline, target and actual of an indicator for one reporting period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    actual = models.DecimalField(
        _("actual"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_text = models.TextField(_("baseline (description)"), blank=True)
    target_text = models.TextField(_("target (description)"), blank=True)
    actual_text = models.TextField(_("actual (description)"), blank=True)
    disaggregation_note = models.TextField(
        _("why the breakdown does not add up to the actual"), blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    policy_unit_field = "indicator__goal__plan__unit"
    policy_classification_field = "indicator__goal__plan__classification"

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="planning_one_value_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period}"


class Breakdown(models.Model):
    """The actual of one period for one category of one dimension (e.g. 2026, gender, women)."""

    value = models.ForeignKey(
        IndicatorValue, on_delete=models.CASCADE, related_name="breakdown", verbose_name=_("value")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    policy_unit_field = "value__indicator__goal__plan__unit"
    policy_classification_field = "value__indicator__goal__plan__classification"

    class Meta:
        ordering = ["value", "category__dimension__position", "category__position"]
        verbose_name = _("breakdown figure")
        verbose_name_plural = _("breakdown figures")
        constraints = [
            models.UniqueConstraint(
                fields=["value", "category"], name="planning_one_figure_per_category"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=Decimal(0)), name="planning_breakdown_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value_id} {self.category_id} {self.amount}"


class RunStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class ChecklistRun(UnitRecord):
    """A unit's walk through the guidelines' mission checklist for one year."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    edition = models.ForeignKey(
        "catalogue.Edition",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("guidelines edition"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.IN_PROGRESS
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "unit__name"]
        verbose_name = _("checklist run")
        verbose_name_plural = _("checklist runs")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="planning_one_run_per_unit_year"),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                name="planning_run_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


#: Answers that may become an activity.
NEEDS_WORK = (Answer.NO, Answer.PARTLY)


class ChecklistAnswer(Versioned):
    """The answer to one checklist item or sub-question in a run."""

    run = models.ForeignKey(
        ChecklistRun, on_delete=models.CASCADE, related_name="answers", verbose_name=_("run")
    )
    item = models.ForeignKey(
        "catalogue.Item",
        on_delete=models.PROTECT,
        related_name="planning_answers",
        verbose_name=_("checklist item"),
    )
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)
    history = HistoricalRecords()

    policy_unit_field = "run__unit"
    policy_classification_field = "run__classification"

    class Meta:
        ordering = ["run", "item__position"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(fields=["run", "item"], name="planning_one_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.item_id} {self.answer}"

    @property
    def needs_work(self) -> bool:
        return self.answer in NEEDS_WORK


class EvidenceKind(models.TextChoices):
    TEXT = "text", _("Text")
    LINK = "link", _("Link")
    FILE = "file", _("File")


class Evidence(UnitRecord):
    """Something that shows work was done: a text, a link or an uploaded file.

    Belongs to an activity or to a checklist answer; ``unit`` and ``classification``
    are its parent's, copied by the services so the policy layer can filter on them.
    Files are stored encrypted under a random name (``file_key``) and served only
    through the download view.
    """

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("activity"),
    )
    answer = models.ForeignKey(
        ChecklistAnswer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("checklist answer"),
    )
    kind = models.CharField(_("kind"), max_length=5, choices=EvidenceKind.choices)
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_key = models.CharField(_("stored as"), max_length=100, blank=True, editable=False)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False, answer__isnull=True)
                | Q(activity__isnull=True, answer__isnull=False),
                name="planning_evidence_has_one_parent",
            ),
            models.CheckConstraint(
                condition=(Q(kind=EvidenceKind.TEXT) & ~Q(text=""))
                | (Q(kind=EvidenceKind.LINK) & ~Q(url=""))
                | (Q(kind=EvidenceKind.FILE) & ~Q(file_key="")),
                name="planning_evidence_is_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name or self.url or self.text[:60]
