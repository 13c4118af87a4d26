"""The append-only, hash-chained security log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """One security-relevant event: log-ins, failures, permission changes, restricted reads.

    Rows are never updated or deleted (database triggers refuse it). Each row's ``digest``
    is an HMAC over its own fields and the previous row's digest, so ``wpsdesk audit
    verify`` finds any edited, deleted or inserted row. Details hold ids and field names,
    never sensitive values.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    ip_address = models.CharField(max_length=45, blank=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    previous_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.kind}"

    @property
    def detail_lines(self) -> list[tuple[str, str]]:
        """The details as (name, value) pairs for people to read, lists joined by commas."""
        details = self.details if isinstance(self.details, dict) else {"value": self.details}
        lines = []
        for name, value in details.items():
            if isinstance(value, list | tuple):
                text = ", ".join(str(part) for part in value)
            elif isinstance(value, dict):
                text = "; ".join(f"{key}: {part}" for key, part in value.items())
            elif value is None:
                text = "–"
            else:
                text = str(value)
            lines.append((str(name).replace("_", " "), text))
        return lines


class ChainHead(models.Model):
    """The chain's last sequence and digest: one row, locked while an event is appended.

    It serialises writers (``select_for_update``) and lets ``verify`` notice rows cut off
    the end of the chain. ``mac`` is an HMAC of sequence and digest under the audit key, so
    a head rewritten by someone with database access but without the key does not verify.
    A head copied back from an older copy of the database would; checkpoints kept outside
    the database (see ``wpsdesk.audit.checkpoints``) catch that.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    digest = models.CharField(max_length=64, default="0" * 64)
    mac = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"head #{self.sequence}"
