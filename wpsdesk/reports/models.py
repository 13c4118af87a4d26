"""Annual WPS reports: a unit's (or the whole service's) report for a year, its narrative
sections, the snapshot frozen when it is submitted, and the files made from it.

A report's figures are never stored while it is a draft: every reading assembles them
from live data for the reader (:mod:`.assemble`). Only the narrative, which people write,
is kept. Submitting freezes the assembled content and the narrative in a
:class:`Snapshot`; what was sent never changes afterwards, and a later change to the data
shows as a difference on the report's page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.core.concurrency import Versioned
from wpsdesk.organisation.models import Unit

#: The first year of the guidelines (2023–2030): the trend for the 2027 review starts here.
FIRST_YEAR = 2023
MIN_YEAR = 2000
MAX_YEAR = 2100


class Language(models.TextChoices):
    NB = "nb", _("Norwegian (bokmål)")
    EN = "en", _("English")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUBMITTED = "submitted", _("Submitted")


class AnnualReport(Versioned):
    """A unit's annual WPS report for one year, or the service-wide one (``unit`` empty).

    Not a unit record of the policy layer (the service-wide report has no unit): who may
    open, edit, approve and submit it is decided in :mod:`.rules`.
    """

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("Empty for the service-wide report HQ compiles."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "unit__name", "pk"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="reports_one_report_per_unit_year",
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(unit__isnull=True),
                name="reports_one_service_report_per_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                name="reports_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(approved_at__isnull=False),
                name="reports_approved_report_has_approval_time",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="reports_year_status")]

    def __str__(self) -> str:
        if self.unit_id is None:
            return str(_("Service-wide report %(year)s") % {"year": self.year})
        return str(_("Annual report %(year)s — %(unit)s") % {"year": self.year, "unit": self.unit})

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_service_wide(self) -> bool:
        return self.unit_id is None

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class NarrativeSection(Versioned):
    """The text people write for one narrative section of a report (efforts, results…).

    ``section`` is the narrative block's id in the assembled content (e.g. ``p1-efforts``);
    until someone writes it the report shows the text assembled from the data.
    """

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.CASCADE,
        related_name="narratives",
        verbose_name=_("report"),
    )
    section = models.SlugField(_("section"), max_length=60)
    text = models.TextField(_("text"), blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "section"]
        verbose_name = _("narrative section")
        verbose_name_plural = _("narrative sections")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section"], name="reports_one_text_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.section}"


class Snapshot(models.Model):
    """What was submitted: the assembled content with the narrative in it, frozen.

    ``checksum`` is the SHA-256 of the content's canonical JSON: a changed row no longer
    matches it.
    """

    report = models.OneToOneField(
        AnnualReport, on_delete=models.PROTECT, related_name="snapshot", verbose_name=_("report")
    )
    content = models.JSONField(_("content"))
    narrative = models.JSONField(_("narrative"), default=dict)
    figures = models.JSONField(
        _("figures"),
        default=dict,
        help_text=_("The counts HQ compiles from (work per guideline item, totals)."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    checksum = models.CharField(_("checksum"), max_length=64)

    class Meta:
        verbose_name = _("submitted snapshot")
        verbose_name_plural = _("submitted snapshots")

    def __str__(self) -> str:
        return f"{self.report_id} {self.submitted_at:%Y-%m-%d}"


class FileFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")
    HTML = "html", _("Web page (HTML)")


class FileStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportFile(models.Model):
    """A DOCX, PDF or HTML file of a report, made in the background for one person.

    The file holds what that person may read, so only they download it. It is sealed like
    every stored file (``core.sealed_files``); progress is written by the job as it works.
    """

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    fmt = models.CharField(_("format"), max_length=4, choices=FileFormat.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=8, choices=FileStatus.choices, default=FileStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    file_key = models.CharField(_("stored as"), max_length=100, blank=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    error = models.CharField(_("what went wrong"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")

    def __str__(self) -> str:
        return f"{self.report_id} {self.fmt} {self.status}"

    @property
    def is_ready(self) -> bool:
        return self.status == FileStatus.DONE and bool(self.file_key)

    @property
    def is_working(self) -> bool:
        return self.status in (FileStatus.QUEUED, FileStatus.RUNNING)
