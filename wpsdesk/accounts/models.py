"""Resets of another person's password or second factor: two administrators, then the person.

One administrator asks (with a reason), a second one approves. Only then is the old
password made unusable and/or the authenticator app and recovery codes removed, the
person's sessions ended and their API tokens revoked. A new password is set by the person
themself through a one-time link; a new app is set up by the person at their next log-in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ResetKind(models.TextChoices):
    PASSWORD = "password", _("Password")
    SECOND_FACTOR = "second_factor", _("Second factor")
    BOTH = "both", _("Password and second factor")


class ResetState(models.TextChoices):
    PENDING = "pending", _("Waiting for a second administrator")
    APPROVED = "approved", _("Approved")
    CANCELLED = "cancelled", _("Cancelled")


class CredentialReset(models.Model):
    """One request to reset a person's password and/or second factor."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="credential_resets",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("what to reset"), max_length=20, choices=ResetKind.choices)
    reason = models.CharField(
        _("reason"),
        max_length=300,
        help_text=_("E.g. 'lost phone, confirmed by a call to the embassy'. Goes to the log."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ResetState.choices, default=ResetState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved or cancelled by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The one-time link to set a new password: only a digest is kept.
    link_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    link_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    link_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("credential reset")
        verbose_name_plural = _("credential resets")
        constraints = [
            models.CheckConstraint(
                condition=~Q(requested_by=F("person")), name="reset_not_requested_for_oneself"
            ),
            models.CheckConstraint(
                condition=~Q(state="approved")
                | (~Q(decided_by=F("requested_by")) & ~Q(decided_by=F("person"))),
                name="reset_approved_by_a_second_administrator",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state="pending"),
                name="one_pending_reset_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"

    @property
    def resets_password(self) -> bool:
        return self.kind in (ResetKind.PASSWORD, ResetKind.BOTH)

    @property
    def resets_second_factor(self) -> bool:
        return self.kind in (ResetKind.SECOND_FACTOR, ResetKind.BOTH)
