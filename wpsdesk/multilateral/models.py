"""Norway's normative work in multilateral forums.

A :class:`Forum` (the Security Council, the General Assembly, CSW, NATO …) keeps its own WPS
action plans and mandates (:class:`ForumRecord`, short public records with a link). A unit
follows a text being negotiated in a forum in a :class:`NegotiationFile`: Norway's WPS
objectives with the language proposed and, at the end, the language adopted
(:class:`NegotiationObjective`), the drafts as screened documents in order
(:class:`Draft`) and the allies. A :class:`Statement` delivered in a forum carries its WPS
messages; a :class:`SideEvent` counts its speakers by gender (:class:`SpeakerCount`, the
shared gender codes of ``docs/disaggregation.md``). Files, statements and side events are
unit records with their own classification; objectives, drafts and speaker counts follow
their parent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.catalogue.models import ServingLink
from wpsdesk.core.concurrency import Versioned
from wpsdesk.engagements.models import Gender
from wpsdesk.organisation.models import UnitRecord

#: The years a file, statement or event may be dated in (a typo of 20266 is refused).
FIRST_YEAR = 1945
LAST_YEAR = 2100


class Forum(models.Model):
    """A multilateral forum Norway works in (seeded by migration from ``forums.py``)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return str(self.label)

    def get_absolute_url(self) -> str:
        return reverse("multilateral:forum", args=[self.code])

    @property
    def label(self) -> str:
        """The name in the person's language for a seeded forum, else the stored name."""
        from .forums import LABELS

        return str(LABELS.get(self.code, self.name))


class ForumRecordKind(models.TextChoices):
    ACTION_PLAN = "action_plan", _("WPS action plan")
    MANDATE = "mandate", _("WPS mandate")


class ForumRecord(models.Model):
    """One of a forum's own WPS action plans or mandates: a short public record with a link."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="records", verbose_name=_("forum")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ForumRecordKind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    runs_until = models.DateField(_("runs until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["forum", "kind", "-adopted_on", "title"]
        verbose_name = _("forum action plan or mandate")
        verbose_name_plural = _("forum action plans and mandates")

    def __str__(self) -> str:
        return self.title


class FileKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    MANDATE_RENEWAL = "mandate_renewal", _("Mandate renewal")
    BUDGET = "budget", _("Budget")
    DECLARATION = "declaration", _("Declaration")
    CONCLUSIONS = "conclusions", _("Agreed conclusions")
    OTHER = "other", _("Other text")


class FileStatus(models.TextChoices):
    OPEN = "open", _("Under negotiation")
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NegotiationFile(Versioned, UnitRecord):
    """A text negotiated in a forum and what Norway sought in it, owned by one unit."""

    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)
    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, related_name="files", verbose_name=_("forum")
    )
    title = models.CharField(_("title"), max_length=200)
    session = models.CharField(
        _("session"), max_length=60, blank=True, help_text=_("E.g. CSW68 or the 80th session.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FileStatus.choices, default=FileStatus.OPEN
    )
    allies = models.TextField(
        _("allies"), blank=True, help_text=_("States and groups, one per line.")
    )
    summary = models.TextField(_("summary"), blank=True)
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
        ordering = ["-year", "title", "id"]
        verbose_name = _("negotiation file")
        verbose_name_plural = _("negotiation files")
        indexes = [models.Index(fields=["unit", "-year"], name="negotiation_unit_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("multilateral:detail", args=[self.pk])

    @property
    def ally_list(self) -> list[str]:
        return [line.strip() for line in self.allies.splitlines() if line.strip()]


class Outcome(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    IN_FULL = "in_full", _("Adopted in full")
    IN_PART = "in_part", _("Adopted in part")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class ObjectiveServesItem(ServingLink):
    """A negotiation objective serving a catalogue item (the serving registry's link table)."""

    record = models.ForeignKey(
        "NegotiationObjective",
        on_delete=models.CASCADE,
        related_name="serving_links",
        verbose_name=_("negotiation objective"),
    )

    class Meta(ServingLink.Meta):
        verbose_name = _("commitment a negotiation objective serves")
        verbose_name_plural = _("commitments negotiation objectives serve")


class NegotiationObjective(Versioned):
    """One of Norway's WPS objectives in a file: the language proposed and the outcome."""

    policy_unit_field = "file__unit"
    policy_classification_field = "file__classification"

    file = models.ForeignKey(
        NegotiationFile,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("negotiation file"),
    )
    objective = models.CharField(_("objective"), max_length=300)
    proposed = models.TextField(_("language proposed"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    adopted = models.TextField(_("language adopted"), blank=True)
    serves = models.ManyToManyField(
        "catalogue.Item",
        through=ObjectiveServesItem,
        blank=True,
        related_name="+",
        verbose_name=_("commitments it serves"),
    )
    history = HistoricalRecords(m2m_fields=[serves])

    class Meta:
        ordering = ["file", "id"]
        verbose_name = _("negotiation objective")
        verbose_name_plural = _("negotiation objectives")

    def __str__(self) -> str:
        return self.objective


class Draft(models.Model):
    """One draft of a file's text: a screened document of the file's unit, in order."""

    policy_unit_field = "file__unit"
    policy_classification_field = "file__classification"

    file = models.ForeignKey(
        NegotiationFile,
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("negotiation file"),
    )
    document = models.ForeignKey(
        "screening.ScreenedDocument",
        # A document deleted in screening (a recorded act) leaves the file's list of drafts.
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("screened document"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("E.g. zero draft, rev. 1.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["file", "position", "id"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(fields=["file", "document"], name="draft_document_once"),
            models.UniqueConstraint(fields=["file", "position"], name="draft_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.file_id} #{self.position}"


class MessageServesItem(ServingLink):
    """A statement's WPS message: the catalogue item it carries (the registry's link table)."""

    record = models.ForeignKey(
        "Statement",
        on_delete=models.CASCADE,
        related_name="serving_links",
        verbose_name=_("statement"),
    )

    class Meta(ServingLink.Meta):
        verbose_name = _("WPS message of a statement")
        verbose_name_plural = _("WPS messages of statements")


class Statement(Versioned, UnitRecord):
    """A statement Norway delivered in a forum, with the WPS messages it carried."""

    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, related_name="statements", verbose_name=_("forum")
    )
    delivered_on = models.DateField(_("delivered on"))
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200)
    file = models.ForeignKey(
        NegotiationFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("negotiation file"),
    )
    url = models.URLField(_("link"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    messages = models.ManyToManyField(
        "catalogue.Item",
        through=MessageServesItem,
        blank=True,
        related_name="+",
        verbose_name=_("WPS messages"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[messages])

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [models.Index(fields=["unit", "-delivered_on"], name="statement_unit_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("multilateral:statement", args=[self.pk])


class EventRole(models.TextChoices):
    ORGANISED = "organised", _("Organised")
    CO_ORGANISED = "co_organised", _("Co-organised")
    ATTENDED = "attended", _("Attended")


class SideEvent(Versioned, UnitRecord):
    """A side event at a forum that Norway organised or attended, and who spoke."""

    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, related_name="side_events", verbose_name=_("forum")
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    role = models.CharField(_("Norway's part"), max_length=20, choices=EventRole.choices)
    file = models.ForeignKey(
        NegotiationFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="side_events",
        verbose_name=_("negotiation file"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("side event")
        verbose_name_plural = _("side events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("multilateral:event", args=[self.pk])


class SpeakerCount(models.Model):
    """How many of a side event's speakers were of one gender (the shared gender codes)."""

    policy_unit_field = "event__unit"
    policy_classification_field = "event__classification"

    event = models.ForeignKey(
        SideEvent, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("side event")
    )
    gender = models.CharField(_("gender"), max_length=30, choices=Gender.choices)
    count = models.PositiveIntegerField(_("count"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "gender"]
        verbose_name = _("speakers by gender")
        verbose_name_plural = _("speakers by gender")
        constraints = [
            models.UniqueConstraint(fields=["event", "gender"], name="speaker_count_one_per_gender")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.gender} {self.count}"
