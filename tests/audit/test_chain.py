"""The security log's hash chain finds any edited, deleted or inserted row."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from wpsdesk.audit.models import ChainHead, SecurityEvent
from wpsdesk.audit.services import record_event, verify_chain
from wpsdesk.audit.triggers import triggers_lifted


@pytest.fixture
def chain(db: None) -> list[SecurityEvent]:
    return [
        record_event(kind="test.event", actor_label=f"person{i}", details={"n": i})
        for i in range(5)
    ]


def triggers_off():
    """What an attacker with database access could do: lift the append-only triggers."""
    return triggers_lifted(connection)


def problems() -> list[str]:
    return [str(problem) for problem in verify_chain()]


def test_an_untouched_chain_verifies(chain):
    assert problems() == []
    call_command("audit", "verify")


def test_the_database_refuses_updates_and_deletes(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=chain[1].pk).update(kind="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=chain[1].pk).delete()
    assert SecurityEvent.objects.get(pk=chain[1].pk).kind == "test.event"


def test_an_edited_row_is_found(chain):
    with triggers_off():
        SecurityEvent.objects.filter(pk=chain[2].pk).update(actor_label="someone else")
    found = problems()
    assert any(p.startswith("#3:") and "edited" in p for p in found), found
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_a_deleted_row_is_found(chain):
    with triggers_off():
        SecurityEvent.objects.filter(pk=chain[2].pk).delete()
    found = problems()
    assert any("#4" in p and ("jumps" in p or "follow" in p) for p in found), found


def test_a_deleted_last_row_is_found_through_the_head(chain):
    with triggers_off():
        SecurityEvent.objects.filter(pk=chain[-1].pk).delete()
    assert any("head" in p for p in problems())


def test_an_inserted_row_is_found(chain):
    forged = SecurityEvent(
        sequence=3,
        occurred_at=chain[2].occurred_at,
        kind="login.success",
        actor_label="intruder",
        previous_digest=chain[1].digest,
        digest="f" * 64,
    )
    with triggers_off():
        SecurityEvent.objects.filter(sequence__gte=3).order_by("-sequence")
        # Shift the later rows up by one, as an attacker would, then slip the forged row in.
        for event in SecurityEvent.objects.filter(sequence__gte=3).order_by("-sequence"):
            SecurityEvent.objects.filter(pk=event.pk).update(sequence=event.sequence + 1)
        forged.save(force_insert=True)
    found = problems()
    assert found, "an inserted row went unnoticed"


def test_line_breaks_cannot_forge_a_log_entry(db):
    event = record_event(kind="login.failure\nlogin.success", actor_label="eve\r\nadmin")
    assert "\n" not in event.kind and "\r" not in event.actor_label
    assert event.actor_label == "eve  admin"


def test_events_roll_back_with_the_change_they_record(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(kind="test.rolled_back")
        raise RuntimeError
    assert not SecurityEvent.objects.filter(kind="test.rolled_back").exists()
    head = ChainHead.objects.filter(pk=1).first()
    assert head is None or head.sequence == SecurityEvent.objects.count()
    assert problems() == []


def test_flush_cannot_empty_the_security_log_outside_tests(chain, settings):
    settings.AUDIT_ALLOW_FLUSH = False
    with pytest.raises(CommandError):
        call_command("flush", interactive=False, verbosity=0)
    assert SecurityEvent.objects.count() == len(chain)
