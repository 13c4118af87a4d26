"""Peace operations Norway takes part in or supports, and Norway's people in them.

An :class:`Operation` (UN, NATO, OSCE or EU) is followed by a unit: its mandate renewals
with the WPS tasks the mandate carries and how each fared at the renewal
(:class:`MandateRenewal`, :class:`MandatedTask`), women's share of its personnel by level
over time (:class:`ParticipationFigure`), the Norwegian women proposed for its posts (the
existing nominations) and the contact with its leadership (engagements that name the
operation, with their follow-ups). :class:`DeployedPerson` is the responsible mission's
restricted contact list of Norwegian personnel: names and contacts are encrypted, and the
record never leaves the policy layer's restricted rule (no API, no export).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.catalogue.countries import country_name
from wpsdesk.core.concurrency import Versioned
from wpsdesk.core.fields import EncryptedTextField
from wpsdesk.organisation.models import Classification, UnitRecord


class OrganisationKind(models.TextChoices):
    UN = "un", _("United Nations")
    NATO = "nato", _("NATO")
    OSCE = "osce", _("OSCE")
    EU = "eu", _("European Union")


class OperationKind(models.TextChoices):
    PEACEKEEPING = "peacekeeping", _("Peacekeeping operation")
    POLITICAL = "political", _("Political or peacebuilding mission")
    OBSERVER = "observer", _("Observer or monitoring mission")
    TRAINING = "training", _("Training or capacity-building mission")
    MILITARY = "military", _("Military operation")
    CIVILIAN = "civilian", _("Civilian crisis-management mission")


class Contribution(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel deployed")
    FUNDING = "funding", _("Funding")
    BOTH = "both", _("Personnel and funding")
    POLITICAL = "political", _("Political support")


class Operation(Versioned, UnitRecord):
    """One operation Norway takes part in or supports, followed by a unit."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("short name"), max_length=30, blank=True)
    organisation = models.CharField(
        _("organisation"), max_length=10, choices=OrganisationKind.choices
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OperationKind.choices)
    countries = models.CharField(
        _("countries"),
        max_length=60,
        blank=True,
        help_text=_("Two-letter ISO codes separated by spaces, e.g. SS SD."),
    )
    contribution = models.CharField(
        _("Norway's contribution"), max_length=20, choices=Contribution.choices
    )
    contribution_note = models.TextField(
        _("about Norway's contribution"),
        blank=True,
        help_text=_("How many people, which posts, how much money."),
    )
    started = models.DateField(_("started"), null=True, blank=True)
    ended = models.DateField(_("ended"), null=True, blank=True)
    nominations = models.ManyToManyField(
        "engagements.Nomination",
        blank=True,
        related_name="operations",
        verbose_name=_("Norwegian candidates proposed"),
    )
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
    history = HistoricalRecords(m2m_fields=[nominations])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        indexes = [models.Index(fields=["name", "id"], name="operation_name_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True)
                | Q(started__isnull=True)
                | Q(ended__gte=models.F("started")),
                name="operation_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    def get_absolute_url(self) -> str:
        return reverse("operations:detail", args=[self.pk])

    @property
    def country_codes(self) -> list[str]:
        return [code for code in self.countries.split() if code]

    @property
    def country_labels(self) -> list[str]:
        return [country_name(code) or code for code in self.country_codes]

    def clean(self) -> None:
        if self.started and self.ended and self.ended < self.started:
            raise ValidationError({"ended": _("An operation cannot end before it starts.")})


class MandateRenewal(models.Model):
    """The mandate as adopted or renewed on a date, by a resolution or decision."""

    policy_unit_field = "operation__unit"
    policy_classification_field = "operation__classification"

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="renewals", verbose_name=_("operation")
    )
    date = models.DateField(_("date"))
    resolution = models.CharField(
        _("resolution or decision"), max_length=100, help_text=_("E.g. S/RES/2729 (2024).")
    )
    until = models.DateField(_("mandate runs until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("mandate renewal")
        verbose_name_plural = _("mandate renewals")
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "resolution"], name="renewal_resolution_once"
            )
        ]

    def __str__(self) -> str:
        return self.resolution


class TaskOutcome(models.TextChoices):
    NEW = "new", _("New")
    KEPT = "kept", _("Kept")
    STRENGTHENED = "strengthened", _("Strengthened")
    WEAKENED = "weakened", _("Weakened")
    DROPPED = "dropped", _("Dropped")


class MandatedTask(models.Model):
    """One WPS task of the mandate and what the renewal did with it."""

    policy_unit_field = "renewal__operation__unit"
    policy_classification_field = "renewal__operation__classification"

    renewal = models.ForeignKey(
        MandateRenewal, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("renewal")
    )
    task = models.CharField(
        _("WPS task"),
        max_length=300,
        help_text=_("E.g. women protection advisers; CRSV monitoring; women's participation."),
    )
    outcome = models.CharField(_("at this renewal"), max_length=15, choices=TaskOutcome.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("mandated WPS task")
        verbose_name_plural = _("mandated WPS tasks")

    def __str__(self) -> str:
        return self.task


class Level(models.TextChoices):
    """Personnel levels used by the UN's gender parity figures."""

    TROOPS = "troops", _("Troops")
    STAFF_OFFICERS = "staff_officers", _("Staff officers and military observers")
    POLICE = "police", _("Police")
    CIVILIAN = "civilian", _("Civilian staff")
    LEADERSHIP = "leadership", _("Leadership")


class ParticipationFigure(models.Model):
    """How many of a level's personnel were women on a date."""

    policy_unit_field = "operation__unit"
    policy_classification_field = "operation__classification"

    operation = models.ForeignKey(
        Operation,
        on_delete=models.CASCADE,
        related_name="participation",
        verbose_name=_("operation"),
    )
    date = models.DateField(_("as of"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    women = models.PositiveIntegerField(_("women"))
    total = models.PositiveIntegerField(_("total"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "level"]
        verbose_name = _("participation figure")
        verbose_name_plural = _("participation figures")
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "date", "level"], name="participation_once_per_level_and_date"
            ),
            models.CheckConstraint(
                condition=Q(women__lte=models.F("total")), name="participation_women_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.level}: {self.women}/{self.total}"

    @property
    def share(self) -> float | None:
        return self.women / self.total if self.total else None


class DeployedPerson(Versioned, UnitRecord):
    """One Norwegian deployed to an operation, on the responsible mission's contact list.

    Restricted from the first save and never lower (``policy_minimum_classification``; a
    database constraint holds the same): the name, post and contact are encrypted.
    """

    policy_minimum_classification = Classification.RESTRICTED

    operation = models.ForeignKey(
        Operation,
        on_delete=models.PROTECT,
        related_name="personnel",
        verbose_name=_("operation"),
    )
    classification = models.CharField(
        _("classification"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.RESTRICTED,
    )
    name = EncryptedTextField(_("name"))
    post = EncryptedTextField(_("post"), blank=True)
    contact = EncryptedTextField(
        _("how to reach them"), blank=True, help_text=_("Telephone, e-mail, where they are based.")
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    deployed_from = models.DateField(_("deployed from"), null=True, blank=True)
    deployed_until = models.DateField(_("deployed until"), null=True, blank=True)
    review_due = models.DateField(
        _("review the entry by"), help_text=_("The unit checks the entry is still right.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_due", "id"]
        verbose_name = _("deployed person")
        verbose_name_plural = _("deployed personnel")
        constraints = [
            models.CheckConstraint(
                condition=Q(classification__in=["restricted", "strict"]),
                name="deployed_person_at_least_restricted",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("operations:personnel_edit", args=[self.pk])
