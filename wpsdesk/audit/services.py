"""Writing to and verifying the security log."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .models import ChainHead, SecurityEvent

GENESIS = "0" * 64
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def clean_text(value: object, limit: int = 150) -> str:
    """Text safe for one log field: control characters and line breaks become spaces."""
    return _CONTROL.sub(" ", str(value))[:limit]


def _canonical(event: SecurityEvent) -> bytes:
    payload = {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "kind": event.kind,
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "ip": event.ip_address,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "details": event.details,
        "previous": event.previous_digest,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def compute_digest(event: SecurityEvent) -> str:
    """HMAC-SHA256 of the event's fields and its predecessor's digest."""
    key = settings.AUDIT_HMAC_KEY.encode()
    return hmac.new(key, _canonical(event), hashlib.sha256).hexdigest()


def head_mac(sequence: int, digest: str) -> str:
    """HMAC of the chain head's sequence and digest under the audit key.

    The prefix keeps it from ever equalling an event's digest, so no value stored in the
    database can be copied into the head to forge it.
    """
    key = settings.AUDIT_HMAC_KEY.encode()
    message = f"wpsdesk-audit-head:{sequence}:{digest}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _clean_details(details: dict[str, Any] | None) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in (details or {}).items():
        if isinstance(value, bool | int | float) or value is None:
            cleaned[clean_text(key, 60)] = value
        elif isinstance(value, list | tuple):
            cleaned[clean_text(key, 60)] = [clean_text(v, 100) for v in value][:50]
        else:
            cleaned[clean_text(key, 60)] = clean_text(value, 200)
    return cleaned


def record_event(
    *,
    kind: str,
    actor: Any = None,
    actor_label: str = "",
    ip_address: str = "",
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Append one event to the chain, inside the caller's transaction if there is one.

    Runs in the same transaction as what it records: if that rolls back, so does the event.
    """
    with transaction.atomic():
        head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
        actor_id = getattr(actor, "pk", None) if actor is not None else None
        label = actor_label or (getattr(actor, "username", "") if actor is not None else "")
        event = SecurityEvent(
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            kind=clean_text(kind, 60),
            actor_id=actor_id,
            actor_label=clean_text(label),
            ip_address=clean_text(ip_address, 45),
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            details=_clean_details(details),
            previous_digest=head.digest,
        )
        event.digest = compute_digest(event)
        event.save(force_insert=True)
        head.sequence = event.sequence
        head.digest = event.digest
        head.mac = head_mac(head.sequence, head.digest)
        head.save(update_fields=["sequence", "digest", "mac"])
    # Imported here: checkpoints builds on this module's head_mac and ChainProblem.
    from .checkpoints import after_append

    after_append(event)
    return event


@dataclass(frozen=True)
class ChainProblem:
    """One place where the chain does not hold."""

    sequence: int
    problem: str

    def __str__(self) -> str:
        return f"#{self.sequence}: {self.problem}"


def verify_chain(batch_size: int = 2000) -> Iterator[ChainProblem]:
    """Walk the whole chain and yield every problem found; nothing yielded means intact."""
    expected_previous = GENESIS
    expected_sequence = 1
    last_sequence = 0
    for event in SecurityEvent.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if event.sequence != expected_sequence:
            yield ChainProblem(
                event.sequence,
                f"sequence jumps from {expected_sequence - 1} to {event.sequence} "
                "(rows deleted or renumbered)",
            )
        if event.previous_digest != expected_previous:
            yield ChainProblem(
                event.sequence, "does not follow the row before it (a row was inserted or removed)"
            )
        if not hmac.compare_digest(event.digest, compute_digest(event)):
            yield ChainProblem(event.sequence, "contents do not match the digest (row edited)")
        expected_previous = event.digest
        expected_sequence = event.sequence + 1
        last_sequence = event.sequence
    head = ChainHead.objects.filter(pk=1).first()
    if head is None and last_sequence:
        yield ChainProblem(
            last_sequence, f"the chain's head row is missing (the log holds #{last_sequence})"
        )
    if head is not None and not hmac.compare_digest(head.mac, head_mac(head.sequence, head.digest)):
        yield ChainProblem(
            head.sequence, "the head's MAC does not match: it was rewritten without the audit key"
        )
    if head is not None and head.sequence != last_sequence:
        yield ChainProblem(
            head.sequence, f"the chain ends at #{last_sequence} but its head says #{head.sequence}"
        )
    if head is not None and head.sequence and head.digest != expected_previous:
        yield ChainProblem(head.sequence, "the head's digest does not match the last row")
