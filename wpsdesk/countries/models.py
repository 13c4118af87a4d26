"""What each country has committed to, and how it follows up.

Every record here is a unit's record about one country (``country``, an ISO 3166-1
alpha-2 code): the conventions it has ratified (:class:`Ratification`), its national
action plan on women, peace and security (:class:`ActionPlan`), relevant legislation
(:class:`Legislation`), its CEDAW and UPR review cycles (:class:`ReviewCycle`), the
recommendations it received (:class:`Recommendation`) and their follow-up over time
(:class:`FollowUp`), and what other monitors say (:class:`MonitorEntry`). The unit that
records one owns it; records are internal unless marked restricted, like every unit
record. Who may change them is in :mod:`.rules`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.catalogue.countries import country_label
from wpsdesk.core.concurrency import Versioned
from wpsdesk.organisation.models import UnitRecord

country_code = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter ISO country code in capitals, e.g. CO.")
)
YEAR = [MinValueValidator(1945), MaxValueValidator(2100)]


class CountryRecord(Versioned, UnitRecord):
    """What every country record carries: the country, who added it and when."""

    country = models.CharField(_("country"), max_length=2, validators=[country_code])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    #: The page section (and URL part) of the kind, e.g. ``ratifications``.
    section: str = ""

    class Meta:
        abstract = True

    @property
    def country_name(self) -> str:
        return country_label(self.country)

    def get_absolute_url(self) -> str:
        return reverse("countries:detail", args=[self.country]) + f"#{self.section}"


class Instrument(models.TextChoices):
    CEDAW = (
        "cedaw",
        _("CEDAW (Convention on the Elimination of All Forms of Discrimination against Women)"),
    )
    CEDAW_OP = "cedaw_op", _("Optional Protocol to CEDAW")
    MAPUTO = "maputo", _("Maputo Protocol (rights of women in Africa)")
    ISTANBUL = "istanbul", _("Istanbul Convention (Council of Europe)")
    BELEM = "belem", _("Convention of Belém do Pará (Inter-American)")
    ARAB_CHARTER = "arab_charter", _("Arab Charter on Human Rights")
    OTHER = "other", _("Another instrument")


class Ratification(CountryRecord):
    """A convention or protocol the country has signed or ratified, with its reservations."""

    section = "conventions"

    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    instrument_name = models.CharField(
        _("name of the instrument"),
        max_length=200,
        blank=True,
        help_text=_("Only for another instrument."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    ratified_on = models.DateField(_("ratified or acceded on"), null=True, blank=True)
    reservations = models.TextField(_("reservations"), blank=True)

    class Meta:
        ordering = ["country", "instrument", "id"]
        verbose_name = _("ratification")
        verbose_name_plural = _("ratifications")
        indexes = [models.Index(fields=["country", "instrument"], name="ctry_ratif_country")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.instrument == Instrument.OTHER and self.instrument_name:
            return self.instrument_name
        return str(self.get_instrument_display())

    def clean(self) -> None:
        if self.instrument == Instrument.OTHER and not self.instrument_name.strip():
            raise ValidationError({"instrument_name": _("Name the instrument.")})
        if self.signed_on and self.ratified_on and self.ratified_on < self.signed_on:
            raise ValidationError(
                {"ratified_on": _("Ratification cannot come before the signature.")}
            )


class PlanStatus(models.TextChoices):
    IN_PREPARATION = "preparing", _("Being prepared")
    IN_FORCE = "in_force", _("In force")
    UNDER_REVIEW = "review", _("Under review")
    EXPIRED = "expired", _("Expired")


class ActionPlan(CountryRecord):
    """The country's own national action plan on women, peace and security."""

    section = "nap"

    title = models.CharField(_("title"), max_length=300)
    starts = models.PositiveSmallIntegerField(_("first year"), validators=YEAR)
    ends = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True, validators=YEAR)
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices)
    link = models.URLField(_("link"), blank=True, max_length=500)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["country", "-starts", "id"]
        verbose_name = _("national action plan")
        verbose_name_plural = _("national action plans")
        indexes = [models.Index(fields=["country", "starts"], name="ctry_nap_country")]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        return f"{self.starts}–{self.ends or ''}"

    def clean(self) -> None:
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("The last year cannot come before the first.")})


class LawKind(models.TextChoices):
    PROTECTIVE = "protective", _("Protects women's rights")
    DISCRIMINATORY = "discriminatory", _("Discriminates against women")
    OTHER = "other", _("Other relevant law")


class LawStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_FORCE = "in_force", _("In force")
    BEING_AMENDED = "amending", _("Being amended")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class Legislation(CountryRecord):
    """A law that matters for women's rights, including discriminatory laws being amended."""

    section = "legislation"

    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=YEAR)
    kind = models.CharField(_("kind"), max_length=20, choices=LawKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=LawStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["country", "-year", "id"]
        verbose_name = _("law")
        verbose_name_plural = _("legislation")
        indexes = [models.Index(fields=["country", "year"], name="ctry_law_country")]

    def __str__(self) -> str:
        return self.title


class Body(models.TextChoices):
    CEDAW = "cedaw", _("CEDAW Committee")
    UPR = "upr", _("Universal Periodic Review")


class ReviewCycle(CountryRecord):
    """One CEDAW or UPR review of the country: when the report is due, the review, the
    concluding observations (CEDAW) or the outcome's adoption (UPR)."""

    section = "reviews"

    body = models.CharField(_("body"), max_length=10, choices=Body.choices)
    cycle = models.PositiveSmallIntegerField(
        _("cycle"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    report_due = models.DateField(_("report due"), null=True, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    observations_date = models.DateField(
        _("concluding observations or outcome"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["country", "body", "-cycle", "id"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "country", "body", "cycle"], name="ctry_cycle_once_per_unit"
            )
        ]
        indexes = [
            models.Index(fields=["country", "body", "cycle"], name="ctry_cycle_country"),
            models.Index(fields=["review_date"], name="ctry_cycle_review"),
            models.Index(fields=["report_due"], name="ctry_cycle_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.cycle}"


class RecTheme(models.TextChoices):
    PARTICIPATION = "participation", _("Women's participation")
    PROTECTION = "protection", _("Protection and gender-based violence")
    CRSV = "crsv", _("Conflict-related sexual violence")
    LAWS = "laws", _("Discriminatory laws and equality")
    DEFENDERS = "defenders", _("Women human rights defenders")
    NAP = "nap", _("National action plan on WPS")
    OTHER = "other", _("Other")


class Response(models.TextChoices):
    PENDING = "pending", _("No response yet")
    ACCEPTED = "accepted", _("Accepted (supported)")
    NOTED = "noted", _("Noted")


class Recommendation(CountryRecord):
    """A recommendation made to the country in a CEDAW or UPR cycle; for the UPR, by a
    state (Norway's own are ``recommending_state == "NO"``)."""

    section = "recommendations"

    body = models.CharField(_("body"), max_length=10, choices=Body.choices)
    cycle = models.PositiveSmallIntegerField(
        _("cycle"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    text = models.TextField(_("recommendation"))
    theme = models.CharField(_("theme"), max_length=20, choices=RecTheme.choices)
    recommending_state = models.CharField(
        _("recommending state"),
        max_length=2,
        blank=True,
        validators=[country_code],
        help_text=_("UPR only: the state that made it."),
    )
    response = models.CharField(
        _("response"), max_length=10, choices=Response.choices, default=Response.PENDING
    )

    class Meta:
        ordering = ["country", "body", "-cycle", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [
            models.Index(fields=["country", "body", "cycle"], name="ctry_rec_country"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(body="upr") | Q(recommending_state=""),
                name="ctry_rec_state_only_upr",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def made_by_norway(self) -> bool:
        return self.recommending_state == "NO"

    @property
    def recommending_state_name(self) -> str:
        return country_label(self.recommending_state) if self.recommending_state else ""

    def clean(self) -> None:
        if self.body != Body.UPR and self.recommending_state:
            raise ValidationError(
                {"recommending_state": _("Only UPR recommendations come from a state.")}
            )


class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTLY = "partly", _("Partly implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    REVERSED = "reversed", _("Set back")


class FollowUp(models.Model):
    """Where a recommendation stands on a day, with the evidence and who says so.

    Follow-ups are added, never edited: the list is the recommendation's history. They are
    read and written under the recommendation's unit and classification.
    """

    policy_unit_field = "recommendation__unit"
    policy_classification_field = "recommendation__classification"

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("recommendation"),
    )
    on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus.choices)
    evidence = models.TextField(_("evidence"))
    source = models.CharField(
        _("by whom"),
        max_length=200,
        help_text=_("Who reports it: the government, a women's organisation, the embassy …"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "-on", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.on} {self.status}"


class MonitorEntry(CountryRecord):
    """A short record of another monitor's work on the country (a shadow report, an index,
    a UN Women or OHCHR assessment)."""

    section = "monitors"

    monitor = models.CharField(_("monitor"), max_length=200)
    on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    link = models.URLField(_("link"), blank=True, max_length=500)

    class Meta:
        ordering = ["country", "-on", "id"]
        verbose_name = _("monitor's entry")
        verbose_name_plural = _("monitors' entries")
        indexes = [models.Index(fields=["country", "on"], name="ctry_monitor_country")]

    def __str__(self) -> str:
        return self.title
