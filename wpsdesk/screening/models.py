"""Screened documents: a text a unit put through WPS screening, and what was found.

Only the extracted text is kept (encrypted), never the uploaded file: what a file carries
besides its text (authors, revision history, comments, embedded objects) is not stored. The
result is the engine's JSON (encrypted too: it quotes the text). Counts, the document type
and the themes found stay in plain columns so lists can be filtered and sorted without
decrypting anything.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.core.concurrency import Versioned
from wpsdesk.core.fields import EncryptedTextField
from wpsdesk.organisation.models import UnitRecord

#: A run silent for this long has stopped (the engine gives up after a minute).
STALLED_AFTER = dt.timedelta(minutes=10)


class DocumentType(models.TextChoices):
    """The gap-list templates of the taxonomy (``templates`` in the data file)."""

    PEACE_AGREEMENT = "peace_agreement", _("Peace agreement")
    CEASEFIRE = "ceasefire", _("Ceasefire agreement")
    MANDATE = "mandate", _("Peace-operation mandate")
    SPEAKING_POINTS = "speaking_points", _("Speaking points")


class Source(models.TextChoices):
    UPLOAD = "upload", _("Uploaded file")
    PASTE = "paste", _("Pasted text")


class Status(models.TextChoices):
    QUEUED = "queued", _("Waiting to be screened")
    RUNNING = "running", _("Being screened")
    DONE = "done", _("Screened")
    FAILED = "failed", _("Could not be screened")


class Stage(models.TextChoices):
    """What a running screening is doing, for the progress shown to the person."""

    WAITING = "", _("Waiting for a worker")
    READING = "reading", _("Reading the text")
    MATCHING = "matching", _("Finding provisions and WPS content")
    SAVING = "saving", _("Saving the findings")


class ScreenedDocumentQuerySet(models.QuerySet["ScreenedDocument"]):
    def with_theme(self, theme: str) -> ScreenedDocumentQuerySet:
        """Documents in which ``theme`` was found (themes are kept space-delimited)."""
        return self.filter(themes__contains=f" {theme} ")


class ScreenedDocument(Versioned, UnitRecord):
    """One agreement, mandate, draft or set of speaking points, screened for WPS content."""

    unversioned_fields = frozenset(
        {"status", "progress", "progress_at", "stage", "error", "error_code"}
    )

    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    chosen_type = models.CharField(
        _("document type"),
        max_length=20,
        choices=DocumentType.choices,
        blank=True,
        help_text=_("Leave empty to let wpsdesk recognise it."),
    )
    detected_type = models.CharField(
        _("screened as"), max_length=20, choices=DocumentType.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True, editable=False)
    error_code = models.CharField(max_length=40, blank=True, editable=False)
    error = models.CharField(_("why it could not be screened"), max_length=500, blank=True)
    upload_key = models.CharField(max_length=100, blank=True, editable=False)
    # The background job screening it (django-tasks result id) and how many runs it has
    # had: a job whose worker died is found by its silence and queued again a few times.
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    # The peace process the text belongs to (an agreement, a draft, a mandate), if any.
    process = models.ForeignKey(
        "processes.PeaceProcess",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screened_documents",
        verbose_name=_("peace process"),
    )
    text = EncryptedTextField(_("text"), blank=True)
    result = EncryptedTextField(_("result"), blank=True)
    taxonomy_version = models.PositiveSmallIntegerField(_("taxonomy version"), null=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    characters = models.PositiveIntegerField(_("characters"), default=0)
    findings_count = models.PositiveIntegerField(_("findings"), default=0)
    substantive_count = models.PositiveIntegerField(_("substantive findings"), default=0)
    provisions_count = models.PositiveIntegerField(_("WPS provisions"), default=0)
    gaps_count = models.PositiveIntegerField(_("gaps"), default=0)
    themes = models.CharField(_("themes found"), max_length=1000, blank=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    # Text and result are large and encrypted; progress changes often. History keeps who
    # added, renamed, reclassified or re-screened a document, not copies of its text.
    history = HistoricalRecords(
        excluded_fields=[
            "text",
            "result",
            "stage",
            "progress",
            "progress_at",
            "task_id",
            "attempts",
        ]
    )

    objects = ScreenedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("screened document")
        verbose_name_plural = _("screened documents")
        ordering = ["-added_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-added_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (Status.DONE, Status.FAILED)

    @property
    def stalled(self) -> bool:
        """Running, but silent for longer than any screening takes: its worker has died."""
        if self.status != Status.RUNNING or self.progress_at is None:
            return False
        return timezone.now() - self.progress_at > STALLED_AFTER

    @property
    def theme_ids(self) -> list[str]:
        return self.themes.split()

    def result_data(self) -> dict[str, Any]:
        """The engine's result as stored (empty until screened)."""
        return json.loads(self.result) if self.result else {}
