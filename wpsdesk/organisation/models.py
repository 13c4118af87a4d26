"""Units, people, memberships, record classification and per-person access grants."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who may log in. Capabilities beyond unit roles are explicit flags.

    ``is_staff`` marks an administrator: they manage people and units in the admin, and
    gain no access to any unit's content by that.
    """

    is_hq_coordinator = models.BooleanField(
        _("HQ coordinator"),
        default=False,
        help_text=_("Reads non-restricted records of all units and sees service-wide figures."),
    )
    is_auditor = models.BooleanField(
        _("auditor"), default=False, help_text=_("Reads the security log; no content.")
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class UnitKind(models.TextChoices):
    MISSION = "mission", _("Embassy or mission")
    SECTION = "section", _("HQ section")
    DELEGATION = "delegation", _("Multilateral delegation")


class Unit(models.Model):
    """An embassy, HQ section or multilateral delegation: the owner of records."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    countries = models.JSONField(
        _("countries covered"),
        default=list,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2 codes."),
    )
    forums = models.JSONField(
        _("forums covered"), default=list, blank=True, help_text=_("E.g. UN, NATO, OSCE.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    READER = "reader", _("Reader")
    EDITOR = "editor", _("Editor")
    LEAD = "lead", _("Unit lead")


ROLE_RANK = {Role.READER: 1, Role.EDITOR: 2, Role.LEAD: 3}


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: dt.date | None = None) -> MembershipQuerySet:
        """Memberships valid on the day (today by default) of active people in active units."""
        day = on or timezone.localdate()
        return self.filter(
            Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            unit__is_active=True,
            user__is_active=True,
        )


class Membership(models.Model):
    """A person's role in a unit for a period; an expired membership grants nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    restricted_clearance = models.BooleanField(
        _("restricted clearance"),
        default=False,
        help_text=_("May read the unit's restricted records."),
    )
    seah_handler = models.BooleanField(
        _("SEAH handler"),
        default=False,
        help_text=_(
            "Designated by the unit lead to handle the unit's reports of sexual "
            "exploitation, abuse and harassment (set on the SEAH handlers page)."
        ),
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["unit__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_to_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"


class Classification(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted")
    STRICTLY_RESTRICTED = "strict", _("Strictly restricted")


class UnitRecord(models.Model):
    """Abstract base for every record owned by a unit and guarded by the policy layer."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    classification = models.CharField(
        _("classification"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.INTERNAL,
    )

    class Meta:
        abstract = True


class GrantState(models.TextChoices):
    PENDING = "pending", _("Waiting for a second approval")
    ACTIVE = "active", _("In force")
    REVOKED = "revoked", _("Revoked")


class AccessGrantQuerySet(models.QuerySet["AccessGrant"]):
    def in_force(self, at: dt.datetime | None = None) -> AccessGrantQuerySet:
        """Grants that open their record now: approved, not revoked, not yet ended."""
        return self.filter(state=GrantState.ACTIVE, expires_at__gt=at or timezone.now())


class AccessGrant(models.Model):
    """An explicit grant for one person to read (and optionally edit) one record.

    Made in the app by an authoriser of the record's unit (see
    ``organisation.services.grant_propose``), always with a reason and an end. A grant on
    a strictly restricted record stays ``pending`` until a second authoriser approves it;
    only grants :meth:`AccessGrantQuerySet.in_force` open anything.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_grants",
        verbose_name=_("person"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    may_edit = models.BooleanField(_("may edit"), default=False)
    reason = models.CharField(_("reason"), max_length=300)
    state = models.CharField(
        _("state"), max_length=10, choices=GrantState.choices, default=GrantState.PENDING
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("ends at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("revoked by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            # Revoked grants stay on record; only one open grant per person and record.
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"],
                condition=Q(state__in=["pending", "active"]),
                name="one_open_grant_per_person_record",
            ),
            models.CheckConstraint(
                condition=~Q(state="active")
                | Q(approved_by__isnull=True)
                | (~Q(approved_by=models.F("granted_by")) & ~Q(approved_by=models.F("user"))),
                name="grant_approver_is_a_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.content_type.model} #{self.object_id}"

    @property
    def is_in_force(self) -> bool:
        return self.state == GrantState.ACTIVE and self.expires_at > timezone.now()


class BreakGlassQuerySet(models.QuerySet["BreakGlass"]):
    def in_force(self) -> BreakGlassQuerySet:
        """Openings that have not yet run out."""
        return self.filter(expires_at__gt=timezone.now())

    def awaiting_review(self) -> BreakGlassQuerySet:
        """Openings no auditor has marked reviewed yet."""
        return self.filter(reviewed_at__isnull=True)


class BreakGlass(models.Model):
    """A person opened one restricted record they could not read, for a few hours.

    Made only by :func:`wpsdesk.organisation.breakglass.open_record` (with a stated reason
    and a current second-factor code); the policy layer's filter honours it while it is in
    force, and only while the record is restricted — never strictly restricted.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="break_glass_openings",
        verbose_name=_("person"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    reason = models.CharField(_("reason"), max_length=300)
    ip_address = models.CharField(_("address"), max_length=45, blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("open until"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("break-glass opening")
        verbose_name_plural = _("break-glass openings")
        indexes = [
            models.Index(fields=["user", "content_type", "expires_at"]),
            models.Index(fields=["reviewed_at", "unit"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} ↯ {self.content_type.model} #{self.object_id}"

    @property
    def reference(self) -> str:
        """The record's reference as people give it: ``app.model #id``."""
        return f"{self.content_type.app_label}.{self.content_type.model} #{self.object_id}"
