"""The WPS calendar: recurring global events, each unit's own events, reminders and feeds.

:class:`GlobalEvent` is a date of the WPS year every person sees (CSW in March, the
Security Council's open debate on WPS in October, the anniversary of resolution 1325 on
31 October): either a fixed day each year (``month`` and ``day``) or the dates set for
each year (:class:`GlobalEventDate`), which win over the rule. HQ coordinators keep them.

:class:`UnitEvent` is a unit's own date, owned and classified like every unit record.
Other apps put their dates on the calendar through :mod:`wpsdesk.calendar.sources`.

:class:`Reminder` is one person's "remind me N days before" for one entry or a kind of
entries; :class:`ReminderSent` marks each reminder sent once. :class:`FeedToken` is the
person's secret iCal address, kept only as a hash.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.catalogue.countries import country_name
from wpsdesk.core.concurrency import Versioned
from wpsdesk.organisation.models import UnitRecord

#: Reminders are set at most this many days before an entry.
MAX_DAYS_BEFORE = 90


class Forum(models.TextChoices):
    """Forums whose debates and sessions are on the WPS calendar."""

    UN_SECURITY_COUNCIL = "UNSC", _("UN Security Council")
    UN_GENERAL_ASSEMBLY = "UNGA", _("UN General Assembly")
    CSW = "CSW", _("Commission on the Status of Women")
    HUMAN_RIGHTS_COUNCIL = "HRC", _("Human Rights Council")
    OSCE = "OSCE", _("OSCE")
    AFRICAN_UNION = "AU", _("African Union")
    NATO = "NATO", _("NATO")
    EU = "EU", _("European Union")
    OTHER = "other", _("Other")


class GlobalEvent(Versioned):
    """A recurring date of the WPS year that every person sees."""

    name = models.CharField(_("name"), max_length=200)
    forum = models.CharField(_("forum"), max_length=10, choices=Forum.choices)
    description = models.TextField(_("description"), blank=True)
    month = models.PositiveSmallIntegerField(
        _("month (fixed date)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("With the day: the event falls on the same date every year."),
    )
    day = models.PositiveSmallIntegerField(
        _("day (fixed date)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    url = models.URLField(_("web page"), blank=True)
    is_active = models.BooleanField(_("shown"), default=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "day", "name", "id"]
        verbose_name = _("global event")
        verbose_name_plural = _("global events")
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True, day__isnull=True)
                | Q(month__isnull=False, day__isnull=False),
                name="calendar_global_month_and_day_together",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("calendar:global_edit", args=[self.pk])

    def dates_between(
        self, start: dt.date, end: dt.date, set_dates: list[dt.date] | None = None
    ) -> list[dt.date]:
        """The event's dates from ``start`` to ``end``: the dates set for a year, else the rule.

        ``set_dates`` are the event's :class:`GlobalEventDate` dates when already read.
        """
        dates = set_dates if set_dates is not None else [d.date for d in self.dates.all()]
        years_set = {d.year for d in dates}
        found = [d for d in dates if start <= d <= end]
        if self.month and self.day:
            for year in range(start.year, end.year + 1):
                if year in years_set:
                    continue
                try:
                    day = dt.date(year, self.month, self.day)
                except ValueError:  # 29 February in a common year
                    continue
                if start <= day <= end:
                    found.append(day)
        return sorted(found)


class GlobalEventDate(models.Model):
    """A date set for a global event in one year (e.g. this year's open debate)."""

    event = models.ForeignKey(
        GlobalEvent, on_delete=models.CASCADE, related_name="dates", verbose_name=_("event")
    )
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("global event date")
        verbose_name_plural = _("global event dates")
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="calendar_global_date_once")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.date}"


class EventKind(models.TextChoices):
    MEETING = "meeting", _("Meeting or consultation")
    DEBATE = "debate", _("Debate or session")
    DEADLINE = "deadline", _("Deadline")
    VISIT = "visit", _("Visit")
    DAY = "day", _("Commemoration or campaign day")
    OTHER = "other", _("Other")


class UnitEvent(Versioned, UnitRecord):
    """A date of one unit's WPS year, owned and classified like every unit record."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("Two-letter ISO code, e.g. CO for Colombia; empty when none."),
    )
    forum = models.CharField(_("forum"), max_length=10, choices=Forum.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "title", "id"]
        verbose_name = _("unit event")
        verbose_name_plural = _("unit events")
        indexes = [
            models.Index(fields=["date", "id"], name="calendar_event_date"),
            models.Index(fields=["unit", "date"], name="calendar_event_unit_date"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calendar:event_detail", args=[self.pk])

    @property
    def country_label(self) -> str:
        return (country_name(self.country) or self.country) if self.country else ""


class Reminder(models.Model):
    """One person's "remind me N days before": for one entry (``entry_key``) or a kind.

    A reminder for a kind (``entry_key`` empty) covers every entry of that kind the person
    may see. Never shared: a person reads and changes only their own.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_reminders",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind of date"), max_length=60)
    entry_key = models.CharField(_("entry"), max_length=120, blank=True)
    entry_title = models.CharField(
        _("entry title"),
        max_length=200,
        blank=True,
        help_text=_("The entry's title when the reminder was set, as the person saw it."),
    )
    days_before = models.PositiveSmallIntegerField(
        _("days before"), validators=[MaxValueValidator(MAX_DAYS_BEFORE)]
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "entry_key", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "entry_key"], name="calendar_one_reminder_per_target"
            ),
            models.CheckConstraint(
                condition=Q(days_before__lte=MAX_DAYS_BEFORE),
                name="calendar_reminder_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.entry_key} -{self.days_before}"


class ReminderSent(models.Model):
    """A reminder e-mailed for one entry on one date: each is sent once."""

    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, related_name="sent", verbose_name=_("reminder")
    )
    entry_key = models.CharField(_("entry"), max_length=120)
    entry_date = models.DateField(_("entry date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "id"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "entry_key", "entry_date"], name="calendar_reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reminder_id} {self.entry_key} {self.entry_date}"


class FeedToken(models.Model):
    """A person's secret iCal address: only the SHA-256 of its token is kept.

    One per person; making a new one replaces the old, revoking deletes it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self) -> str:
        return f"feed of {self.user_id}"
