"""Grants: the money the service gives to partners, with the gender marker and WPS follow-up.

A :class:`Grant` is one agreement with a partner (an organisation on the civil-society map,
or a multilateral organisation named in text), managed by a unit (an HQ section, a mission
or Norad) and owned and classified like every unit record. Its agreed amounts per year and
currency are :class:`GrantAmount` rows with their NOK equivalents. It carries the OECD DAC
gender equality policy marker, the IASC Gender with Age Marker for humanitarian grants, the
catalogue items it serves (the shared "serves" links, ``docs/serving.md``) and whether the
grantee delivered an intersectional needs analysis.

A :class:`GrantReport` is a report the grantee owes on how WPS is integrated in planning,
implementation and evaluation, with the unit's assessment once received.
A :class:`BestPractice` note is readable across units and links grants and catalogue items.
Engagements are tied to a grant from the grant's side, so the engagements app needs no
knowledge of this one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.catalogue.countries import country_name
from wpsdesk.catalogue.models import ServingLink
from wpsdesk.core.concurrency import Versioned
from wpsdesk.organisation.models import UnitRecord

country_code = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter ISO country code in capitals, e.g. CO.")
)
currency_code = RegexValidator(
    r"^[A-Z]{3}$", _("Use the three-letter currency code in capitals, e.g. NOK or USD.")
)


class Channel(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    NORAD = "norad", _("Norad")
    MISSION = "mission", _("Mission")


class Priority(models.IntegerChoices):
    """The guidelines' thematic priorities (catalogue codes P1, P2, P3)."""

    PEACE_PROCESSES = 1, _("1 Peace processes and implementation of peace agreements")
    SECURITY = 2, _("2 Security policy and operations")
    HUMANITARIAN = (
        3,
        _("3 Humanitarian efforts, protection of civilians and protection of human rights"),
    )


class GenderMarker(models.IntegerChoices):
    """The OECD DAC gender equality policy marker."""

    NOT_TARGETED = 0, _("0 Not targeted")
    SIGNIFICANT = 1, _("1 Significant")
    PRINCIPAL = 2, _("2 Principal")


class AgeMarker(models.IntegerChoices):
    """The IASC Gender with Age Marker code (humanitarian grants)."""

    NO_LINK = 0, _("0 Does not systematically link programming actions")
    UNLIKELY_NO_AGE = 1, _("1 Unlikely to contribute to gender equality, no attention to age")
    UNLIKELY_AGE = 2, _("2 Unlikely to contribute to gender equality, with attention to age")
    LIKELY_NO_AGE = 3, _("3 Likely to contribute to gender equality, no attention to age")
    LIKELY_AGE = 4, _("4 Likely to contribute to gender equality, including across age groups")


class NeedsGroup(models.TextChoices):
    """The groups the guidelines ask an intersectional needs analysis to consider."""

    DISPLACED = "displaced", _("Refugees and internally displaced persons")
    REPRODUCTIVE_AGE = "reproductive", _("Women of reproductive age")
    CHILDREN_OF_WAR = "children_of_war", _("Children born of war")
    AGE = "age", _("Age")
    SEXUAL_ORIENTATION = "orientation", _("Sexual orientation")
    GENDER_IDENTITY = "identity", _("Gender identity and expression")
    ETHNICITY = "ethnicity", _("Ethnicity")
    RELIGION = "religion", _("Religion")
    SOCIO_ECONOMIC = "socio_economic", _("Socio-economic situation")
    DISABILITY = "disability", _("Disability")


class GrantServesItem(ServingLink):
    """A grant serving a catalogue item (the serving registry's link table for grants)."""

    record = models.ForeignKey(
        "Grant", on_delete=models.CASCADE, related_name="serving_links", verbose_name=_("grant")
    )

    class Meta(ServingLink.Meta):
        verbose_name = _("item a grant serves")
        verbose_name_plural = _("items grants serve")


class Grant(Versioned, UnitRecord):
    """One grant agreement with a partner, managed by a unit."""

    agreement_number = models.CharField(
        _("agreement number"),
        max_length=40,
        unique=True,
        help_text=_("The number in the grant-management system, e.g. COL-21/0042."),
    )
    title = models.CharField(_("title"), max_length=200)
    partner = models.ForeignKey(
        "civil_society.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("partner on the civil-society map"),
    )
    multilateral_partner = models.CharField(
        _("multilateral partner"),
        max_length=200,
        blank=True,
        help_text=_("A multilateral organisation not on the map, e.g. UN Women."),
    )
    budget_chapter = models.CharField(_("budget chapter"), max_length=10, blank=True)
    budget_item = models.CharField(_("budget item"), max_length=10, blank=True)
    start_date = models.DateField(_("agreement starts"))
    end_date = models.DateField(_("agreement ends"))
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[country_code],
        help_text=_("Two-letter ISO code, e.g. CO for Colombia; empty for a regional grant."),
    )
    region = models.CharField(
        _("region"),
        max_length=100,
        blank=True,
        help_text=_("For a regional or global grant, e.g. Middle East and North Africa."),
    )
    priority = models.PositiveSmallIntegerField(_("thematic priority"), choices=Priority.choices)
    gender_marker = models.PositiveSmallIntegerField(
        _("gender equality policy marker"),
        choices=GenderMarker.choices,
        help_text=_("OECD DAC: 0 not targeted, 1 significant, 2 principal."),
    )
    humanitarian = models.BooleanField(_("humanitarian grant"), default=False)
    age_marker = models.PositiveSmallIntegerField(
        _("Gender with Age Marker"),
        choices=AgeMarker.choices,
        null=True,
        blank=True,
        help_text=_("IASC Gender with Age Marker, for humanitarian grants."),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    wps_relevant = models.BooleanField(_("WPS relevant"), default=False)
    serves = models.ManyToManyField(
        "catalogue.Item",
        through=GrantServesItem,
        blank=True,
        related_name="grants",
        verbose_name=_("catalogue items served"),
    )
    engagements = models.ManyToManyField(
        "engagements.Engagement",
        blank=True,
        related_name="grants",
        verbose_name=_("dialogues with the grant recipient"),
    )
    needs_analysis_date = models.DateField(_("needs analysis received"), null=True, blank=True)
    needs_analysis_file_name = models.CharField(
        _("needs analysis file"), max_length=200, blank=True
    )
    needs_analysis_key = models.CharField(max_length=100, blank=True, editable=False)
    needs_analysis_groups = models.CharField(
        _("groups the needs analysis names"),
        max_length=200,
        blank=True,
        help_text=_("Space-separated group codes."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[serves, engagements])

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        indexes = [
            models.Index(fields=["start_date", "id"], name="grant_start_id"),
            models.Index(fields=["unit", "start_date"], name="grant_unit_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | ~Q(multilateral_partner=""),
                name="grant_has_partner",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="grant_period_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(country="", region=""), name="grant_has_country_or_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("grants:detail", args=[self.pk])

    @property
    def country_label(self) -> str:
        """The country's name (or its code when unknown), else the region."""
        if not self.country:
            return self.region
        return country_name(self.country) or self.country

    @property
    def partner_label(self) -> str:
        return self.partner.name if self.partner_id and self.partner else self.multilateral_partner

    @property
    def needs_group_codes(self) -> list[str]:
        return [code for code in self.needs_analysis_groups.split() if code]

    @property
    def needs_group_labels(self) -> list[str]:
        labels = dict(NeedsGroup.choices)
        return [str(labels.get(code, code)) for code in self.needs_group_codes]


class GrantAmount(models.Model):
    """The amount agreed for one year in one currency, with its NOK equivalent."""

    policy_unit_field = "grant__unit"
    policy_classification_field = "grant__classification"

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("grant")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, default="NOK", validators=[currency_code]
    )
    nok = models.DecimalField(_("NOK equivalent"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "currency", "id"]
        verbose_name = _("agreed amount")
        verbose_name_plural = _("agreed amounts")
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "year", "currency"], name="grant_amount_once_per_year_currency"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(nok__gte=0), name="grant_amount_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["year", "grant"], name="grant_amount_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.amount} {self.currency}"


class Integration(models.TextChoices):
    """How well a grantee's report shows WPS integrated in one stage."""

    INTEGRATED = "integrated", _("Integrated")
    PARTLY = "partly", _("Partly integrated")
    ABSENT = "absent", _("Not integrated")


class GrantReport(Versioned):
    """A report on WPS integration a grant owes, and once received, the unit's assessment."""

    policy_unit_field = "grant__unit"
    policy_classification_field = "grant__classification"

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="reports", verbose_name=_("grant")
    )
    title = models.CharField(_("report"), max_length=200, help_text=_("E.g. Annual report 2025."))
    due_date = models.DateField(_("due"))
    received_on = models.DateField(_("received"), null=True, blank=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    file_key = models.CharField(max_length=100, blank=True, editable=False)
    planning = models.CharField(
        _("WPS in planning"), max_length=10, choices=Integration.choices, blank=True
    )
    implementation = models.CharField(
        _("WPS in implementation"), max_length=10, choices=Integration.choices, blank=True
    )
    evaluation = models.CharField(
        _("WPS in evaluation"), max_length=10, choices=Integration.choices, blank=True
    )
    assessment = models.TextField(_("assessment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("grantee report")
        verbose_name_plural = _("grantee reports")
        indexes = [models.Index(fields=["received_on", "due_date"], name="grant_report_open_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def reports_on_wps(self) -> bool:
        """Received and assessed as integrating WPS, at least partly, in some stage."""
        stages = (self.planning, self.implementation, self.evaluation)
        return self.received_on is not None and any(
            stage in (Integration.INTEGRATED, Integration.PARTLY) for stage in stages
        )


class PracticeServesItem(ServingLink):
    """A best-practice note serving a catalogue item."""

    record = models.ForeignKey(
        "BestPractice",
        on_delete=models.CASCADE,
        related_name="serving_links",
        verbose_name=_("best practice"),
    )

    class Meta(ServingLink.Meta):
        verbose_name = _("item a best practice serves")
        verbose_name_plural = _("items best practice serves")


class PracticeSource(models.TextChoices):
    GRANTEE = "grantee", _("Grantee")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OWN = "own", _("Our own experience")


class BestPractice(Versioned, UnitRecord):
    """A best-practice note from grantees or civil society, shared across units."""

    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("from"), max_length=20, choices=PracticeSource.choices)
    summary = models.TextField(_("what worked"))
    grants = models.ManyToManyField(
        Grant, blank=True, related_name="practices", verbose_name=_("grants")
    )
    serves = models.ManyToManyField(
        "catalogue.Item",
        through=PracticeServesItem,
        blank=True,
        related_name="practices",
        verbose_name=_("catalogue items served"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[grants, serves])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("best practice")
        verbose_name_plural = _("best practice")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:practice", args=[self.pk])
