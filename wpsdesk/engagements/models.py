"""Engagements and representation: who was in the room, who spoke, what women raised.

An :class:`Engagement` is one meeting, negotiation round, consultation, debate, side event,
visit or training, owned by a unit. Who took part is counted, never named: one
:class:`Participation` row per (side, measure, dimension, category) with a count, so that
age groups and other dimensions can be added beside gender without widening a table.
:class:`IssueRaised` keeps what women participants raised and how it is followed up.

Norway's own representation lives beside it: :class:`Team` (delegations and peace-process
teams, with :class:`TeamMember` counts by role and gender), :class:`Envoy` (special
representatives and envoys) and :class:`Nomination` (Norwegian candidates to international
posts). None of them needs a name.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.catalogue.models import ServingLink
from wpsdesk.core.concurrency import Versioned
from wpsdesk.organisation.models import UnitRecord

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

country_code = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter ISO country code in capitals, e.g. CO.")
)


class Kind(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral meeting")
    NEGOTIATION = "negotiation", _("Negotiation round")
    CIVIL_SOCIETY = "civil_society", _("Dialogue or consultation with civil society")
    MULTILATERAL = "multilateral", _("Multilateral meeting or debate")
    SIDE_EVENT = "side_event", _("Side event")
    VISIT = "visit", _("Delegation visit")
    TRAINING = "training", _("Training or exercise")


class Side(models.TextChoices):
    NORWAY = "norway", _("Norway's delegation")
    COUNTERPART = "counterpart", _("Counterpart")
    OTHER_PARTIES = "other_parties", _("Other parties")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    INTERNATIONAL = "international", _("International organisations")


class Gender(models.TextChoices):
    # The shared vocabulary's codes (planning's "gender" dimension): one set everywhere.
    WOMAN = "women", _("Women")
    MAN = "men", _("Men")
    OTHER = "another-or-not-stated", _("Another gender or not stated")


class Measure(models.TextChoices):
    ATTENDED = "attended", _("Took part")
    SPOKE = "spoke", _("Spoke")
    LED = "led", _("Led the side")


class Dimension(models.TextChoices):
    """The shared vocabulary's dimensions (``planning.Dimension`` codes) counted here."""

    GENDER = "gender", _("Gender")
    AGE = "age-band", _("Age band")
    DISABILITY = "disability", _("Disability")
    DISPLACEMENT = "displaced", _("Displacement")
    MINORITY = "minority", _("Minority or indigenous")


class AgeGroup(models.TextChoices):
    """The "age-band" dimension: coarser than planning's "age" (see docs/disaggregation.md)."""

    UNDER_30 = "under-30", _("Under 30")
    FROM_30_TO_59 = "30-59", _("30 to 59")
    FROM_60 = "60-plus", _("60 or older")
    UNKNOWN = "not-stated", _("Age not known")


#: The categories of the shared vocabulary each dimension is counted by here. Gender and
#: age band are partitions (they add up to everyone on the side); the others count "of
#: whom" (a part of everyone): only the one category, never its complement.
CATEGORIES: dict[str, tuple[str, ...]] = {
    Dimension.GENDER: tuple(Gender.values),
    Dimension.AGE: tuple(AgeGroup.values),
    Dimension.DISABILITY: ("with-disability",),
    Dimension.DISPLACEMENT: ("displaced",),
    Dimension.MINORITY: ("minority-or-indigenous",),
}
PARTITIONS = (Dimension.GENDER, Dimension.AGE)
CATEGORY_LABELS: dict[str, StrOrPromise] = {
    **dict(Gender.choices),
    **dict(AgeGroup.choices),
    "with-disability": _("Persons with disabilities"),
    "displaced": _("Displaced persons"),
    "minority-or-indigenous": _("Minority or indigenous persons"),
}
ALL_CATEGORIES = tuple(sorted({c for cats in CATEGORIES.values() for c in cats}))
#: Every (dimension, category) pair engagements record.
CELLS = tuple((d, c) for d, cats in CATEGORIES.items() for c in cats)


class EngagementQuerySet(models.QuerySet["Engagement"]):
    def in_period(self, start: dt.date | None, end: dt.date | None) -> EngagementQuerySet:
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs


class EngagementServesItem(ServingLink):
    """An engagement serving a catalogue item: a WPS message delivered (the serving
    registry's link table for engagements)."""

    record = models.ForeignKey(
        "Engagement",
        on_delete=models.CASCADE,
        related_name="serving_links",
        verbose_name=_("engagement"),
    )

    class Meta(ServingLink.Meta):
        verbose_name = _("WPS message delivered")
        verbose_name_plural = _("WPS messages delivered")


#: A summary is a few paragraphs; minutes and reports belong in screening or as files.
SUMMARY_MAX = 5000
EARLIEST_DATE = dt.date(1990, 1, 1)


def plausible_date(value: dt.date) -> None:
    """An engagement happened since 1990 and at most a year ahead: a typo such as 2099 would
    otherwise sit in a year nobody reports on."""
    if value < EARLIEST_DATE or value > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError(
            _("Give a date between 1990 and a year from today."), code="implausible_date"
        )


class Engagement(Versioned, UnitRecord):
    """One meeting, negotiation round, consultation, debate, side event, visit or training."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), default=timezone.localdate, validators=[plausible_date])
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[country_code],
        help_text=_("Two-letter ISO code, e.g. CO for Colombia."),
    )
    forum = models.CharField(
        _("forum"), max_length=60, blank=True, help_text=_("E.g. UN Security Council, NATO, OSCE.")
    )
    peace_process = models.CharField(
        _("peace process (free text)"),
        max_length=200,
        blank=True,
        help_text=_("The peace process this belongs to, if any."),
    )
    process = models.ForeignKey(
        "processes.PeaceProcess",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("peace process"),
    )
    operation = models.ForeignKey(
        "operations.Operation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("peace operation"),
        help_text=_("A contact with the operation's leadership, for instance."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        blank=True,
        validators=[
            MaxLengthValidator(
                SUMMARY_MAX,
                message=_(
                    "Keep the summary to %(limit_value)s characters (it has %(show_value)s)."
                ),
            )
        ],
    )
    wps_on_agenda = models.BooleanField(_("WPS was on the agenda"), default=False)
    messages = models.ManyToManyField(
        "catalogue.Item",
        through=EngagementServesItem,
        blank=True,
        related_name="engagements",
        verbose_name=_("WPS messages delivered"),
        help_text=_("The guideline commitments, checklist points or resolutions raised."),
    )
    external_ref = models.CharField(
        _("import reference"),
        max_length=100,
        blank=True,
        help_text=_("The stable reference of an imported row; re-importing it updates this."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[messages])

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        indexes = [
            models.Index(fields=["unit", "date"], name="engagement_unit_date"),
            # The list's order (newest first) read straight off an index, not sorted.
            models.Index(fields=["date", "id"], name="engagement_date_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(country="", forum=""), name="engagement_has_country_or_forum"
            ),
            models.UniqueConstraint(
                fields=["unit", "external_ref"],
                condition=~Q(external_ref=""),
                name="engagement_external_ref_unique_in_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("engagements:detail", args=[self.pk])

    @property
    def place(self) -> str:
        """Country and forum as one short text."""
        return " · ".join(part for part in (self.country, self.forum) if part)


class ParticipationManager(models.Manager["Participation"]):
    """Rows come with their dimension and category codes: a row means nothing without
    them, and prefetching ``participation`` must not cost a query per row. The codes are
    annotated rather than joined in as objects: an export of 200,000 rows would otherwise
    build three model instances per row."""

    def get_queryset(self) -> models.QuerySet[Participation]:
        return (
            super()
            .get_queryset()
            .annotate(
                dimension_code_=models.F("category__dimension__code"),
                category_code_=models.F("category__code"),
            )
        )


class Participation(models.Model):
    """How many people of one category took part in, spoke at or led one side of an engagement.

    The category is one of the shared vocabulary (``planning.Category``), so a count here
    adds up with a plan's indicator figures where the categories are the same. A dimension
    without rows for a side was not recorded — which is not the same as zero.
    """

    policy_unit_field = "engagement__unit"
    policy_classification_field = "engagement__classification"

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="participation",
        verbose_name=_("engagement"),
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    measure = models.CharField(
        _("measure"), max_length=10, choices=Measure.choices, default=Measure.ATTENDED
    )
    category = models.ForeignKey(
        "planning.Category",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    count = models.PositiveIntegerField(_("count"))
    history = HistoricalRecords()

    objects = ParticipationManager()

    class Meta:
        ordering = ["engagement", "side", "measure", "category"]
        verbose_name = _("participation count")
        verbose_name_plural = _("participation counts")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "side", "measure", "category"],
                name="participation_one_row_per_cell",
            ),
            models.CheckConstraint(
                condition=Q(count__gte=0), name="participation_count_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.side} {self.measure} {self.category_id}: {self.count}"

    @property
    def dimension_code(self) -> str:
        code = self.__dict__.get("dimension_code_")
        return str(code if code is not None else self.category.dimension.code)

    @property
    def category_code(self) -> str:
        code = self.__dict__.get("category_code_")
        return str(code if code is not None else self.category.code)

    def as_row(self) -> tuple[str, str, str, str, int]:
        """(side, measure, dimension, category, count) in the vocabulary's codes."""
        return (self.side, self.measure, self.dimension_code, self.category_code, self.count)


class TallyKey(models.Model):
    """What every kept figure is counted by: the unit, year, place and classification.

    A tally row is a record of its unit with its classification (the policy layer reads it
    as it reads the engagements it counts), so the unit and classification part of a
    person's access applies to the kept figures exactly; see :mod:`.tallies`.
    """

    policy_unit_field = "unit"
    policy_classification_field = "classification"
    #: Not a record one may name: no grant, break-glass opening or reclassification.
    policy_counts_only = True

    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    #: Two levels are kept: rows per country and forum (True), read when the figures are
    #: filtered or grouped by place, and rows summed over places (False, country and forum
    #: empty), a tenth as many, read otherwise.
    by_place = models.BooleanField(_("by place"))
    country = models.CharField(_("country"), max_length=2, blank=True)
    forum = models.CharField(_("forum"), max_length=60, blank=True)
    classification = models.CharField(_("classification"), max_length=10)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.country or self.forum} {self.classification}"


class EngagementTally(TallyKey):
    """How many engagements (and how many with WPS on the agenda) per unit, year, place and
    classification. Kept by :mod:`.tallies` in the transaction that changes an engagement."""

    engagements = models.PositiveIntegerField(_("engagements"))
    with_wps = models.PositiveIntegerField(_("with WPS on the agenda"))

    class Meta:
        verbose_name = _("engagement tally")
        verbose_name_plural = _("engagement tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "by_place", "country", "forum", "classification"],
                name="engagement_tally_one_row_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["by_place", "year", "unit"], name="engagement_tally_year_unit")
        ]


class ParticipationTally(TallyKey):
    """The participation counts summed per unit, year, place, classification, side,
    measure and category of the shared vocabulary. Kept by :mod:`.tallies`."""

    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    dimension = models.ForeignKey("planning.Dimension", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("planning.Category", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveBigIntegerField(_("count"))

    class Meta:
        verbose_name = _("participation tally")
        verbose_name_plural = _("participation tallies")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "unit",
                    "year",
                    "by_place",
                    "country",
                    "forum",
                    "classification",
                    "side",
                    "measure",
                    "category",
                ],
                name="participation_tally_one_row_per_key",
            )
        ]
        indexes = [
            # The dashboard's reads: one measure and dimension, one level, then the years.
            models.Index(
                fields=["measure", "dimension", "by_place", "year", "unit"],
                name="participation_tally_read",
            )
        ]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Followed up")
    DROPPED = "dropped", _("Not followed up")


class IssueQuerySet(models.QuerySet["IssueRaised"]):
    def unfinished(self) -> IssueQuerySet:
        return self.filter(status__in=[FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS])

    def overdue(self, on: dt.date | None = None) -> IssueQuerySet:
        return self.unfinished().filter(due_date__lt=on or timezone.localdate())


class IssueRaised(Versioned):
    """An issue women participants raised, and its follow-up."""

    policy_unit_field = "engagement__unit"
    policy_classification_field = "engagement__classification"

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="issues", verbose_name=_("engagement")
    )
    side = models.CharField(
        _("raised by women of"), max_length=20, choices=Side.choices, default=Side.CIVIL_SOCIETY
    )
    issue = models.TextField(_("issue raised"))
    follow_up = models.TextField(_("follow-up"), blank=True, help_text=_("What we will do."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagement_follow_ups",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    completed_on = models.DateField(_("followed up on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("issue raised by women")
        verbose_name_plural = _("issues raised by women")
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status=FollowUpStatus.DONE),
                name="issue_completed_only_when_done",
            )
        ]

    def __str__(self) -> str:
        return self.issue[:80]

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )

    @property
    def on_time(self) -> bool | None:
        """Followed up by the due date; None while there is no due date or no follow-up."""
        if self.status != FollowUpStatus.DONE or self.due_date is None or not self.completed_on:
            return None
        return self.completed_on <= self.due_date


class TeamKind(models.TextChoices):
    PEACE_PROCESS = "peace_process", _("Peace-process team")
    NEGOTIATION = "negotiation", _("Delegation to negotiations")
    MEETING = "meeting", _("Delegation to an international meeting")


class TeamRole(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy")
    MEMBER = "member", _("Member")
    ADVISER = "adviser", _("Adviser")
    EXPERT = "expert", _("Expert")


LEADERSHIP_ROLES = (TeamRole.HEAD, TeamRole.DEPUTY)


class Team(Versioned, UnitRecord):
    """One of Norway's own delegations or teams, and when it served."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True, validators=[country_code])
    forum = models.CharField(_("forum"), max_length=60, blank=True)
    peace_process = models.CharField(_("peace process (free text)"), max_length=200, blank=True)
    process = models.ForeignKey(
        "processes.PeaceProcess",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("peace process"),
    )
    start = models.DateField(_("from"), default=timezone.localdate)
    end = models.DateField(_("to"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("delegation or team")
        verbose_name_plural = _("delegations and teams")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="team_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """How many of a team hold one role, by gender."""

    policy_unit_field = "team__unit"
    policy_classification_field = "team__classification"

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="composition", verbose_name=_("team")
    )
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices)
    gender = models.CharField(_("gender"), max_length=30, choices=Gender.choices)
    count = models.PositiveIntegerField(_("count"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "role", "gender"]
        verbose_name = _("team composition")
        verbose_name_plural = _("team composition")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "role", "gender"], name="team_member_one_row_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(count__gte=0), name="team_member_count_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.role} {self.gender}: {self.count}"


class Envoy(Versioned, UnitRecord):
    """A special representative or envoy appointed by Norway (the post, not the person)."""

    post = models.CharField(_("post"), max_length=200)
    mandate = models.CharField(
        _("mandate"), max_length=200, blank=True, help_text=_("Peace process, country or theme.")
    )
    gender = models.CharField(_("gender"), max_length=30, choices=Gender.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "post"]
        verbose_name = _("special representative or envoy")
        verbose_name_plural = _("special representatives and envoys")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="envoy_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.post


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPOINTED = "appointed", _("Appointed")
    NOT_APPOINTED = "not_appointed", _("Not appointed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Nomination(Versioned, UnitRecord):
    """A Norwegian candidate nominated to an international post (the post, not the person)."""

    post = models.CharField(_("post"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    gender = models.CharField(_("gender"), max_length=30, choices=Gender.choices)
    nominated_on = models.DateField(_("nominated on"))
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-nominated_on", "post"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("nominated_on")),
                name="nomination_decided_after_nominated",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post}, {self.organisation}"
