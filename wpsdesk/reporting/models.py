"""Reports home, background notes and speaking points, and the WPS messages they carry.

A :class:`Report` belongs to a unit and is classified like every unit record. Its text is
always stored encrypted (``EncryptedTextField``: restricted reports need it, and one rule
for every report keeps a lowered report from leaving plain text behind). The WPS messages
it carries are the shared "serves" links (``docs/serving.md``). On every save the text is
screened with the screening engine; the counts and themes found are plain columns, so the
list and the share per unit and year need no decryption. A report *carries a WPS message*
when it links at least one guideline item or the screening finds a substantive mention.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.catalogue.models import ServingLink
from wpsdesk.core.concurrency import Versioned
from wpsdesk.core.fields import EncryptedTextField
from wpsdesk.organisation.models import UnitRecord


class ReportKind(models.TextChoices):
    REPORT_HOME = "report_home", _("Report home")
    BACKGROUND = "background", _("Background note")
    SPEAKING_POINTS = "speaking_points", _("Speaking points")


class ReportServesItem(ServingLink):
    """A WPS message a report carries: the guideline item it serves."""

    record = models.ForeignKey("Report", on_delete=models.CASCADE, related_name="serving_links")

    class Meta(ServingLink.Meta):
        verbose_name = _("WPS message a report carries")
        verbose_name_plural = _("WPS messages reports carry")


class Report(Versioned, UnitRecord):
    """One report home, background note or set of speaking points."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("title"), max_length=200)
    text = EncryptedTextField(_("text"), blank=True)
    messages = models.ManyToManyField(
        "catalogue.Item",
        through=ReportServesItem,
        blank=True,
        related_name="reports",
        verbose_name=_("WPS messages carried"),
    )
    findings = models.PositiveIntegerField(_("WPS findings in the text"), default=0)
    substantive = models.PositiveIntegerField(_("substantive WPS findings"), default=0)
    themes = models.CharField(_("themes found"), max_length=300, blank=True)
    carries_wps_message = models.BooleanField(_("carries a WPS message"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    # Who changed what, not copies of the text (as for screened documents).
    history = HistoricalRecords(m2m_fields=[messages], excluded_fields=["text"])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["date", "id"], name="report_date_id"),
            models.Index(fields=["unit", "date"], name="report_unit_date"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:detail", args=[self.pk])

    @property
    def theme_list(self) -> list[str]:
        return [theme for theme in self.themes.split() if theme]
