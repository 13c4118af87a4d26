"""Reports of sexual exploitation, abuse and harassment (SEAH) involving grant recipients.

Survivor-centred and minimal: a report holds what the managing unit needs to follow the
case up with the partner, never a survivor's name, and every free-text field is encrypted
at rest. A report is always strictly restricted (a database constraint holds it): the
generic policy layer opens it only through an access grant approved by a second person, and
the app's own selectors (:mod:`.selectors`) add the unit's designated SEAH handlers and its
leads. Break-glass never opens a strictly restricted record.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.core.concurrency import Versioned
from wpsdesk.core.fields import EncryptedTextField
from wpsdesk.organisation.models import Classification, UnitRecord


class Channel(models.TextChoices):
    PARTNER = "partner", _("Reported by the grant recipient")
    WHISTLEBLOWER = "whistleblower", _("Whistleblower or survivor's representative")
    MISSION_STAFF = "staff", _("Our own staff")
    OTHER_DONOR = "donor", _("Another donor or the UN")
    MEDIA = "media", _("Media or public sources")
    OTHER = "other", _("Other channel")


class Category(models.TextChoices):
    EXPLOITATION = "exploitation", _("Sexual exploitation")
    ABUSE = "abuse", _("Sexual abuse")
    HARASSMENT = "harassment", _("Sexual harassment")


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated: the partner took measures")
    NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")
    INCONCLUSIVE = "inconclusive", _("Inconclusive")
    FUNDS_RECLAIMED = "reclaimed", _("Substantiated: funds withheld or reclaimed")
    REFERRED = "referred", _("Referred to another body")


class SeahReportQuerySet(models.QuerySet["SeahReport"]):
    def open(self) -> SeahReportQuerySet:
        return self.filter(closed_on__isnull=True)


class SeahReport(Versioned, UnitRecord):
    """One report, handled by its managing unit (``unit``) with the grant recipient."""

    classification = models.CharField(
        _("classification"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.STRICTLY_RESTRICTED,
        editable=False,
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    channel = models.CharField(_("received through"), max_length=20, choices=Channel.choices)
    # SET_NULL, not PROTECT: deleting an organisation must not reveal that a report names it.
    organisation = models.ForeignKey(
        "civil_society.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation concerned"),
    )
    # SET_NULL for the same reason; the free-text reference below keeps what it was.
    grant = models.ForeignKey(
        "grants.Grant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grant concerned"),
    )
    grant_reference = EncryptedTextField(
        _("grant reference"),
        blank=True,
        help_text=_(
            "The agreement number or title, for a grant not (yet) in wpsdesk or to keep "
            "the reference if the grant is removed."
        ),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    summary = EncryptedTextField(
        _("what was reported"),
        help_text=_("Only what is needed to follow the case up. Do not enter names of survivors."),
    )
    partner_request = EncryptedTextField(_("what the partner was asked to do"), blank=True)
    partner_deadline = models.DateField(_("partner to answer by"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = EncryptedTextField(_("outcome in words"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = SeahReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("SEAH report")
        verbose_name_plural = _("SEAH reports")
        indexes = [models.Index(fields=["unit", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(classification=Classification.STRICTLY_RESTRICTED),
                name="seah_report_always_strictly_restricted",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(outcome=""),
                name="seah_report_closed_with_an_outcome",
            ),
        ]

    def __str__(self) -> str:
        # Type and number only: a title could say more than the reader may know.
        return f"SEAH report #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("seah:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class FollowUpStep(models.Model):
    """One step the unit or the partner must take, with its deadline."""

    policy_unit_field = "report__unit"
    policy_classification_field = "report__classification"

    report = models.ForeignKey(
        SeahReport, on_delete=models.CASCADE, related_name="steps", verbose_name=_("SEAH report")
    )
    description = EncryptedTextField(_("step"))
    due_on = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up step")
        verbose_name_plural = _("follow-up steps")
        indexes = [models.Index(fields=["report", "done_on", "due_on"])]

    def __str__(self) -> str:
        return f"Step #{self.pk} of SEAH report #{self.report_id}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.done_on is None and self.due_on < (today or timezone.localdate())
