"""Peace processes and the work Norway does in them.

A :class:`PeaceProcess` belongs to its lead unit (``unit``) and carries its own
classification; the units that contribute to it read it too (``policy_reader_units_field``,
see ``docs/access-control.md``). Its phase is kept with a dated history
(:class:`PhaseChange`). A gender-sensitive conflict and actor analysis
(:class:`ConflictAnalysis`) is kept in numbered versions (:class:`AnalysisVersion`), each
with an answer per guideline question (:class:`AnalysisAnswer`) and its actors
(:class:`Actor`). The inclusion assessment ("No one represents everyone") is one
:class:`InclusionEntry` per group the guidelines name. An :class:`Agreement` of the process
has its text as a screened document; the WPS provisions found in it become tracked
:class:`Clause` rows with a dated implementation history (:class:`ClauseStatusChange`),
and the women's seats in the mechanisms that monitor it are kept as dated
:class:`MechanismSeats` counts. Everything under a process takes its unit, readers and
classification from the process.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.catalogue.countries import country_name
from wpsdesk.catalogue.models import ServingLink
from wpsdesk.core.concurrency import Versioned
from wpsdesk.organisation.models import UnitRecord

#: Country codes as stored: two capitals, separated by commas ("CO,VE").
country_list = RegexValidator(
    r"^[A-Z]{2}(,[A-Z]{2})*$",
    _("List two-letter ISO country codes separated by commas, e.g. CO, VE."),
)


class Phase(models.TextChoices):
    EXPLORATORY = "exploratory", _("Exploratory")
    PRE_NEGOTIATION = "pre_negotiation", _("Pre-negotiation")
    NEGOTIATION = "negotiation", _("Negotiation")
    CEASEFIRE = "ceasefire", _("Ceasefire")
    AGREEMENT = "agreement", _("Agreement")
    IMPLEMENTATION = "implementation", _("Implementation")
    STALLED = "stalled", _("Stalled")
    ENDED = "ended", _("Ended")


class NorwayRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    GUARANTOR = "guarantor", _("Guarantor")
    OBSERVER = "observer", _("Observer")
    SUPPORTER = "supporter", _("Supporter")
    DONOR = "donor", _("Donor")
    OTHER = "other", _("Other")


class PeaceProcess(Versioned, UnitRecord):
    """A peace process Norway is involved in, owned by its lead unit."""

    #: Members of these units read the process (and what hangs from it) as if it were theirs.
    policy_reader_units_field = "contributing_units"

    name = models.CharField(_("name"), max_length=200)
    countries = models.CharField(
        _("countries"),
        max_length=200,
        blank=True,
        validators=[country_list],
        help_text=_("Two-letter ISO codes separated by commas, e.g. CO, VE."),
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.EXPLORATORY
    )
    norway_role = models.CharField(
        _("Norway's role"), max_length=20, choices=NorwayRole.choices, default=NorwayRole.OTHER
    )
    parties = models.TextField(_("parties"), blank=True, help_text=_("One party per line."))
    other_actors = models.TextField(
        _("other actors"),
        blank=True,
        help_text=_("Mediators, guarantors, observers, civil society: one per line."),
    )
    summary = models.TextField(_("summary"), blank=True)
    contributing_units = models.ManyToManyField(
        "organisation.Unit",
        blank=True,
        related_name="contributed_processes",
        verbose_name=_("contributing units"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[contributing_units])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("peace process")
        verbose_name_plural = _("peace processes")
        indexes = [models.Index(fields=["unit", "name"], name="process_unit_name")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="process_name_unique_in_unit")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", args=[self.pk])

    @property
    def country_codes(self) -> list[str]:
        return [c for c in self.countries.split(",") if c]

    @property
    def country_names(self) -> str:
        """The countries by name, in stored order."""
        return ", ".join(country_name(c) or c for c in self.country_codes)

    @property
    def party_list(self) -> list[str]:
        return [line.strip() for line in self.parties.splitlines() if line.strip()]

    @property
    def actor_list(self) -> list[str]:
        return [line.strip() for line in self.other_actors.splitlines() if line.strip()]


class PhaseChange(models.Model):
    """The process entered ``phase`` on ``since`` (its phase history, newest first)."""

    policy_unit_field = "process__unit"
    policy_classification_field = "process__classification"
    policy_reader_units_field = "process__contributing_units"

    process = models.ForeignKey(
        PeaceProcess, on_delete=models.CASCADE, related_name="phases", verbose_name=_("process")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    since = models.DateField(_("since"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["process", "-since", "-id"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase history")

    def __str__(self) -> str:
        return f"{self.process_id} {self.phase} {self.since}"


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class ConflictAnalysis(Versioned, UnitRecord):
    """A gender-sensitive conflict and actor analysis of a process or a country.

    Its content lives in numbered :class:`AnalysisVersion` rows; approving one keeps it and
    a later change starts a new draft, so earlier versions stay and can be compared.
    """

    #: The process's lead and contributing units read an analysis of it, whoever wrote it.
    policy_reader_units_field = ("process__unit", "process__contributing_units")

    title = models.CharField(_("title"), max_length=200)
    process = models.ForeignKey(
        PeaceProcess,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="analyses",
        verbose_name=_("peace process"),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter ISO code, e.g. CO."))],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("conflict and actor analysis")
        verbose_name_plural = _("conflict and actor analyses")
        constraints = [
            models.CheckConstraint(
                condition=Q(process__isnull=False) | ~Q(country=""),
                name="analysis_of_process_or_country",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:analysis", args=[self.pk])

    @property
    def country_label(self) -> str:
        """The country by name ("Colombia (CO)"), or empty for an analysis of a process."""
        if not self.country:
            return ""
        name = country_name(self.country)
        return f"{name} ({self.country})" if name else self.country


class AnalysisVersion(models.Model):
    """One version of an analysis: its answers, actors, sources, authors and use."""

    policy_unit_field = "analysis__unit"
    policy_classification_field = "analysis__classification"
    policy_reader_units_field = ("analysis__process__unit", "analysis__process__contributing_units")

    analysis = models.ForeignKey(
        ConflictAnalysis,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("analysis"),
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.DRAFT
    )
    analysed_on = models.DateField(_("date"), default=timezone.localdate)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    sources = models.TextField(_("sources"), blank=True)
    used_in = models.TextField(
        _("used in"),
        blank=True,
        help_text=_("The decisions, strategies and country strategies it informed."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["analysis", "-number"]
        verbose_name = _("analysis version")
        verbose_name_plural = _("analysis versions")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "number"], name="analysis_version_number_unique"
            ),
            # At most one draft at a time: it is the one being worked on.
            models.UniqueConstraint(
                fields=["analysis"],
                condition=Q(status="draft"),
                name="analysis_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.analysis_id} v{self.number}"


class AnalysisAnswer(models.Model):
    """The answer a version gives to one guideline question or checklist sub-point."""

    policy_unit_field = "version__analysis__unit"
    policy_classification_field = "version__analysis__classification"
    policy_reader_units_field = (
        "version__analysis__process__unit",
        "version__analysis__process__contributing_units",
    )

    version = models.ForeignKey(
        AnalysisVersion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("version")
    )
    item = models.ForeignKey(
        "catalogue.Item",
        on_delete=models.PROTECT,
        related_name="analysis_answers",
        verbose_name=_("question"),
    )
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["version", "item__position"]
        verbose_name = _("analysis answer")
        verbose_name_plural = _("analysis answers")
        constraints = [
            models.UniqueConstraint(fields=["version", "item"], name="analysis_answer_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.item_id}"


class ActorKind(models.TextChoices):
    PARTY = "party", _("Party")
    ARMED_GROUP = "armed_group", _("Armed group")
    AUTHORITY = "authority", _("Authority")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    WOMENS_GROUP = "womens_group", _("Women's group")
    OTHER = "other", _("Other")


class Stance(models.TextChoices):
    AGENT_OF_CHANGE = "agent", _("Agent of change")
    SPOILER = "spoiler", _("Spoiler")
    MIXED = "mixed", _("Mixed")
    UNKNOWN = "unknown", _("Not known")


class Actor(models.Model):
    """An actor in one analysis version: whom it represents and where it stands."""

    policy_unit_field = "version__analysis__unit"
    policy_classification_field = "version__analysis__classification"
    policy_reader_units_field = (
        "version__analysis__process__unit",
        "version__analysis__process__contributing_units",
    )

    version = models.ForeignKey(
        AnalysisVersion, on_delete=models.CASCADE, related_name="actors", verbose_name=_("version")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind.choices)
    represents = models.TextField(_("whom they represent"), blank=True)
    delegation_inclusiveness = models.TextField(_("how inclusive their delegation is"), blank=True)
    gender_standpoint = models.TextField(
        _("standpoint on gender equality and women's rights"), blank=True
    )
    stance = models.CharField(
        _("agent of change or spoiler"),
        max_length=10,
        choices=Stance.choices,
        default=Stance.UNKNOWN,
    )
    gendered_risks = models.TextField(_("gendered risks of violence"), blank=True)
    protection_needed = models.TextField(_("protection needed"), blank=True)

    class Meta:
        ordering = ["version", "name", "id"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self) -> str:
        return self.name


class InclusionGroup(models.TextChoices):
    GRASSROOTS_WOMEN = "grassroots_women", _("Grassroots women's organisations")
    MINORITIES = "minorities", _("Minorities and indigenous peoples")
    DISABILITIES = "disabilities", _("Persons with disabilities")
    DISPLACED_WOMEN = "displaced_women", _("Women refugees and IDPs")
    LBT_WOMEN = "lbt_women", _("Lesbian, bisexual and trans women")


#: The catalogue item of "No one represents everyone" that names each group.
INCLUSION_GROUP_ITEMS: dict[str, str] = {
    InclusionGroup.GRASSROOTS_WOMEN: "P1.BOX.REPRESENT.3.a",
    InclusionGroup.MINORITIES: "P1.BOX.REPRESENT.3.b",
    InclusionGroup.DISABILITIES: "P1.BOX.REPRESENT.3.c",
    InclusionGroup.DISPLACED_WOMEN: "P1.BOX.REPRESENT.3.d",
    InclusionGroup.LBT_WOMEN: "P1.BOX.REPRESENT.3.e",
}


class InclusionEntry(Versioned):
    """The inclusion assessment of one group in one process: how included, consulted, gaps."""

    policy_unit_field = "process__unit"
    policy_classification_field = "process__classification"
    policy_reader_units_field = "process__contributing_units"

    process = models.ForeignKey(
        PeaceProcess,
        on_delete=models.CASCADE,
        related_name="inclusion",
        verbose_name=_("peace process"),
    )
    group = models.CharField(_("group"), max_length=20, choices=InclusionGroup.choices)
    assessment = models.TextField(_("assessment"), blank=True)
    gaps = models.TextField(_("gaps"), blank=True)
    consultations = models.ManyToManyField(
        "engagements.Engagement",
        blank=True,
        related_name="inclusion_entries",
        verbose_name=_("consultations held"),
    )
    activity = models.ForeignKey(
        "planning.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inclusion_entries",
        verbose_name=_("activity"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[consultations])

    class Meta:
        ordering = ["process", "group"]
        verbose_name = _("inclusion assessment")
        verbose_name_plural = _("inclusion assessments")
        constraints = [
            models.UniqueConstraint(fields=["process", "group"], name="inclusion_one_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.process_id} {self.group}"


#: Actor fields in the order a page shows them, with their labels.
ACTOR_FIELDS_ORDER = (
    "represents",
    "delegation_inclusiveness",
    "gender_standpoint",
    "gendered_risks",
    "protection_needed",
)


class Approach(models.TextChoices):
    """The guidelines' approaches to women's influence in a process (P1.C.5.a–f)."""

    COMMITMENTS = "commitments", _("International commitments and their benefits")
    BENEFITS = "benefits", _("The benefits of inclusion")
    DELEGATIONS = "delegations", _("Women in the parties' delegations")
    WOMENS_GROUPS = "womens_groups", _("Women's groups to involve")
    MECHANISMS = "mechanisms", _("Inclusion mechanisms and consultations")
    SUPPORT = "support", _("Practical and logistical support")


#: The catalogue item each approach comes from.
APPROACH_ITEMS: dict[str, str] = {
    Approach.COMMITMENTS: "P1.C.5.a",
    Approach.BENEFITS: "P1.C.5.b",
    Approach.DELEGATIONS: "P1.C.5.c",
    Approach.WOMENS_GROUPS: "P1.C.5.d",
    Approach.MECHANISMS: "P1.C.5.e",
    Approach.SUPPORT: "P1.C.5.f",
}


class ObjectiveServesItem(ServingLink):
    """A strategy objective serving a catalogue item (the serving registry's link table)."""

    record = models.ForeignKey(
        "StrategyObjective",
        on_delete=models.CASCADE,
        related_name="serving_links",
        verbose_name=_("strategy objective"),
    )

    class Meta(ServingLink.Meta):
        verbose_name = _("commitment an objective serves")
        verbose_name_plural = _("commitments objectives serve")


class StrategyObjective(Versioned):
    """One objective of a process's WPS strategy: its approach, who answers, when reviewed."""

    policy_unit_field = "process__unit"
    policy_classification_field = "process__classification"
    policy_reader_units_field = "process__contributing_units"

    process = models.ForeignKey(
        PeaceProcess,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("peace process"),
    )
    # Empty: the process's strategy; set: the simple strategy for one agreement being
    # implemented (the agreement is always one of the process's).
    agreement = models.ForeignKey(
        "Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("agreement"),
    )
    objective = models.CharField(_("objective"), max_length=300)
    approach = models.CharField(_("approach"), max_length=20, choices=Approach.choices)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="process_objectives",
        verbose_name=_("responsible"),
    )
    review_on = models.DateField(_("next review"), null=True, blank=True)
    progress = models.TextField(_("progress"), blank=True)
    serves = models.ManyToManyField(
        "catalogue.Item",
        through=ObjectiveServesItem,
        blank=True,
        related_name="+",
        verbose_name=_("commitments it serves"),
    )
    history = HistoricalRecords(m2m_fields=[serves])

    class Meta:
        ordering = ["process", "approach", "id"]
        verbose_name = _("strategy objective")
        verbose_name_plural = _("strategy objectives")

    def __str__(self) -> str:
        return self.objective


# --- agreements and the clauses tracked in them ------------------------------------------


class Agreement(Versioned):
    """An agreement reached in a process, its text screened for WPS provisions."""

    policy_unit_field = "process__unit"
    policy_classification_field = "process__classification"
    policy_reader_units_field = "process__contributing_units"

    process = models.ForeignKey(
        PeaceProcess,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("peace process"),
    )
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("date"), null=True, blank=True)
    parties = models.TextField(_("parties"), blank=True, help_text=_("One party per line."))
    document = models.ForeignKey(
        "screening.ScreenedDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("text (screened document)"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["process", "-signed_on", "title", "id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "title"], name="agreement_title_unique_in_process"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:agreement", args=[self.pk])

    @property
    def party_list(self) -> list[str]:
        return [line.strip() for line in self.parties.splitlines() if line.strip()]


class ClauseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PARTLY = "partly", _("Partly implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    REVERSED = "reversed", _("Reversed")


class ClauseDecision(models.TextChoices):
    """What was decided about a provision the screening offered (or one added by hand)."""

    TRACKED = "tracked", _("Tracked")
    REJECTED = "rejected", _("Not tracked")


class Clause(Versioned):
    """A WPS clause of an agreement whose implementation is followed.

    A provision the screening found and someone turned down is kept as ``rejected`` so it
    is not offered again. ``status`` is the newest entry of the dated history.
    """

    policy_unit_field = "agreement__process__unit"
    policy_classification_field = "agreement__process__classification"
    policy_reader_units_field = "agreement__process__contributing_units"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("agreement")
    )
    provision = models.CharField(
        _("provision"),
        max_length=200,
        blank=True,
        help_text=_("Where it stands in the text, e.g. Article 12 › 3."),
    )
    text = models.TextField(_("text"))
    theme = models.CharField(_("theme"), max_length=40, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=ClauseDecision.choices, default=ClauseDecision.TRACKED
    )
    status = models.CharField(
        _("implementation"),
        max_length=12,
        choices=ClauseStatus.choices,
        default=ClauseStatus.NOT_STARTED,
    )
    responsible_body = models.CharField(
        _("body responsible"),
        max_length=200,
        blank=True,
        help_text=_("The institution or commission that must implement it."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "id"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            # A provision of the text is offered, tracked or turned down once.
            models.UniqueConstraint(
                fields=["agreement", "provision"],
                condition=~Q(provision=""),
                name="clause_one_per_provision",
            )
        ]

    def __str__(self) -> str:
        return self.provision or self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("processes:clause", args=[self.pk])


class ClauseStatusChange(models.Model):
    """The clause was at ``status`` from ``since``, and the evidence for it."""

    policy_unit_field = "clause__agreement__process__unit"
    policy_classification_field = "clause__agreement__process__classification"
    policy_reader_units_field = "clause__agreement__process__contributing_units"

    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, related_name="status_history", verbose_name=_("clause")
    )
    status = models.CharField(_("implementation"), max_length=12, choices=ClauseStatus.choices)
    since = models.DateField(_("since"), default=timezone.localdate)
    evidence = models.TextField(_("evidence"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["clause", "-since", "-id"]
        verbose_name = _("implementation status")
        verbose_name_plural = _("implementation history")

    def __str__(self) -> str:
        return f"{self.clause_id} {self.status} {self.since}"


class MechanismSeats(models.Model):
    """How many seats of a follow-up or monitoring mechanism women held on a date."""

    policy_unit_field = "agreement__process__unit"
    policy_classification_field = "agreement__process__classification"
    policy_reader_units_field = "agreement__process__contributing_units"

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="mechanism_seats",
        verbose_name=_("agreement"),
    )
    clause = models.ForeignKey(
        Clause,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mechanism_seats",
        verbose_name=_("clause"),
        help_text=_("The clause that sets the mechanism up, if any."),
    )
    mechanism = models.CharField(_("committee or mechanism"), max_length=200)
    seats_total = models.PositiveSmallIntegerField(_("seats"))
    seats_women = models.PositiveSmallIntegerField(_("seats held by women"))
    as_of = models.DateField(_("as of"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["agreement", "mechanism", "-as_of", "-id"]
        verbose_name = _("women's seats in a mechanism")
        verbose_name_plural = _("women's seats in mechanisms")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_women__lte=models.F("seats_total")),
                name="seats_women_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mechanism} {self.seats_women}/{self.seats_total} {self.as_of}"
