"""People at risk: the women human rights defenders, peacebuilders, politicians and activists
a mission follows, what happens to them and what the mission does about it.

The most dangerous data wpsdesk holds, so minimal by design:

* a :class:`PersonAtRisk` is always **strictly restricted** (a database constraint and the
  reclassification rule's floor, ``policy_minimum_classification``): only named people with
  a grant approved by a second authoriser open it; break-glass never does;
* it is known by a **code name**; the real name, contact details, notes, the consent text
  and every narrative are encrypted at rest (:class:`~wpsdesk.core.fields.EncryptedTextField`)
  and left out of the change history; the real name is found only by exact match through
  a keyed blind index (:attr:`PersonAtRisk.real_name_index`);
* every record has a **review date**; a record left unreviewed is anonymised after
  ``PEOPLE_AT_RISK_ANONYMISE_DAYS`` (see :mod:`.services`).

Records below a person (log entries, assessments, measures, files) are guarded through it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.core.concurrency import Versioned
from wpsdesk.core.fields import EncryptedTextField
from wpsdesk.organisation.models import Classification, UnitRecord

country_code = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter ISO country code in capitals, e.g. CO.")
)


class PersonRole(models.TextChoices):
    DEFENDER = "defender", _("Woman human rights defender")
    PEACEBUILDER = "peacebuilder", _("Peacebuilder")
    POLITICIAN = "politician", _("Politician")
    ACTIVIST = "activist", _("Activist")
    JOURNALIST = "journalist", _("Journalist")
    OTHER = "other", _("Other")


class ConsentWay(models.TextChoices):
    IN_PERSON = "in_person", _("In person, orally")
    WRITING = "writing", _("In writing")
    SECURE_MESSAGE = "secure_message", _("By secure message")
    INTERMEDIARY = "intermediary", _("Through a trusted intermediary")


class PersonAtRiskQuerySet(models.QuerySet["PersonAtRisk"]):
    def active(self) -> PersonAtRiskQuerySet:
        """Records not yet anonymised."""
        return self.filter(anonymised_at__isnull=True)


class PersonAtRisk(Versioned, UnitRecord):
    """One person the mission follows. Always strictly restricted; see the module docstring."""

    #: The reclassification rule refuses to go below this, for everyone.
    policy_minimum_classification = Classification.STRICTLY_RESTRICTED

    classification = models.CharField(
        _("classification"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.STRICTLY_RESTRICTED,
        editable=False,
    )
    code_name = models.CharField(
        _("code name"),
        max_length=60,
        help_text=_("How the record is named everywhere. Never a real name or a nickname."),
    )
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[country_code],
        help_text=_("Two-letter ISO code, e.g. CO for Colombia."),
    )
    real_name = EncryptedTextField(
        _("real name"), blank=True, help_text=_("Optional. Encrypted; found only by exact match.")
    )
    real_name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    contact = EncryptedTextField(
        _("contact details"), blank=True, help_text=_("Optional. Encrypted.")
    )
    notes = EncryptedTextField(_("notes"), blank=True, help_text=_("Encrypted."))
    consent_scope = EncryptedTextField(
        _("what the person agreed to"),
        blank=True,
        help_text=_("E.g. that we keep these notes and may raise the case with the UN."),
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_how = models.CharField(
        _("consent given how"), max_length=20, choices=ConsentWay.choices, blank=True
    )
    review_on = models.DateField(
        _("review by"),
        help_text=_("Unreviewed records are anonymised a set time after this date."),
    )
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Encrypted values stay out of the history (and so out of anonymisation's way).
    history = HistoricalRecords(
        excluded_fields=["real_name", "real_name_index", "contact", "notes", "consent_scope"]
    )

    objects = PersonAtRiskQuerySet.as_manager()

    class Meta:
        ordering = ["code_name", "pk"]
        verbose_name = _("person at risk")
        verbose_name_plural = _("people at risk")
        constraints = [
            models.CheckConstraint(
                condition=Q(classification="strict"), name="person_at_risk_always_strict"
            ),
            models.UniqueConstraint(fields=["unit", "code_name"], name="one_code_name_per_unit"),
        ]

    def __str__(self) -> str:
        return self.code_name

    def get_absolute_url(self) -> str:
        return reverse("people_at_risk:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """How the security log names the record."""
        return f"{self._meta.label_lower}#{self.pk}"


class _Below(models.Model):
    """A record below a person at risk: guarded through the person."""

    policy_unit_field = "person__unit"
    policy_classification_field = "person__classification"

    person = models.ForeignKey(
        PersonAtRisk, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )

    class Meta:
        abstract = True


class EventKind(models.TextChoices):
    THREAT = "threat", _("Threat")
    HARASSMENT = "harassment", _("Harassment")
    ONLINE_ABUSE = "online_abuse", _("Online abuse")
    DETENTION = "detention", _("Arrest or detention")
    REPRISAL_FORUM = "reprisal_forum", _("Reprisal after taking part in a forum")
    REPRISAL_PEACE = "reprisal_peace", _("Reprisal after taking part in a peace process")
    VIOLENCE = "violence", _("Violence")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Source(models.TextChoices):
    PERSON = "person", _("The person")
    CIVIL_SOCIETY = "civil_society", _("A civil-society organisation")
    UN = "un", _("The UN")
    MEDIA = "media", _("Media")
    MISSION = "mission", _("Our own staff")
    OTHER = "other", _("Other")


class Reliability(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    LIKELY = "likely", _("Likely")
    POSSIBLE = "possible", _("Possible")
    DOUBTFUL = "doubtful", _("Doubtful")
    UNKNOWN = "unknown", _("Cannot be judged")


class MonitoringEvent(_Below):
    """One dated event in the monitoring log."""

    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    reliability = models.CharField(
        _("reliability of the source"), max_length=10, choices=Reliability.choices
    )
    description = EncryptedTextField(_("description"), blank=True, help_text=_("Encrypted."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["description"])

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("monitoring log entry")
        verbose_name_plural = _("monitoring log")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class FreedomOfAction(models.TextChoices):
    FREE = "free", _("Acts freely")
    CONSTRAINED = "constrained", _("Constrained")
    SEVERELY = "severely", _("Severely constrained")
    UNABLE = "unable", _("Unable to act")


class SecurityLevel(models.TextChoices):
    LOW = "low", _("Low risk")
    MODERATE = "moderate", _("Moderate risk")
    HIGH = "high", _("High risk")
    IMMINENT = "imminent", _("Imminent danger")


class Assessment(_Below):
    """The mission's assessment of the person's freedom of action and security on a day."""

    assessed_on = models.DateField(_("assessed on"))
    freedom_of_action = models.CharField(
        _("freedom of action"), max_length=12, choices=FreedomOfAction.choices
    )
    security = models.CharField(_("security"), max_length=10, choices=SecurityLevel.choices)
    note = EncryptedTextField(_("reasoning"), blank=True, help_text=_("Encrypted."))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["note"])

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.get_security_display()} {self.assessed_on}"


class MeasureKind(models.TextChoices):
    POLITICAL = "political", _("Political support")
    FINANCIAL = "financial", _("Financial support considered")
    REFERRAL_UN = "referral_un", _("Referral to a UN protection mechanism")
    REFERRAL_CS = "referral_cs", _("Referral to a civil-society protection mechanism")
    FORUM = "forum", _("Support to take part in a multilateral forum")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined or not possible")


class ProtectionMeasure(Versioned, _Below):
    """What the mission does: support, referral (with its outcome), forum participation."""

    kind = models.CharField(_("measure"), max_length=20, choices=MeasureKind.choices)
    started_on = models.DateField(_("date"))
    mechanism = models.CharField(
        _("mechanism or forum"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the UN Special Rapporteur on human rights defenders, a forum's name."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    outcome = EncryptedTextField(_("outcome"), blank=True, help_text=_("Encrypted."))
    reprisal_prevention = EncryptedTextField(
        _("reprisal prevention"),
        blank=True,
        help_text=_("For forums: what was done to prevent reprisals. Encrypted."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["outcome", "reprisal_prevention"])

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"

    def get_absolute_url(self) -> str:
        return reverse("people_at_risk:measure_edit", args=[self.pk])


class Attachment(_Below):
    """A file on a person's record (a photo of a threat letter, a PDF): stripped, sealed."""

    file_key = models.CharField(max_length=200, editable=False)
    file_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["file_name"])

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return f"file #{self.pk}"  # never the name: it is encrypted for a reason
