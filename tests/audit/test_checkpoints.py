"""The chain's head is keyed and anchored outside the database.

Each attack is what someone with write access to the database could do: lift the
append-only triggers, then cut, wipe or rewrite. ``audit verify --checkpoints FILE``
finds every one of them.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from wpsdesk.audit import checkpoints
from wpsdesk.audit.checkpoints import checkpoint_now, verify_checkpoints
from wpsdesk.audit.models import ChainHead, SecurityEvent
from wpsdesk.audit.services import GENESIS, head_mac, record_event, verify_chain
from wpsdesk.audit.triggers import triggers_lifted


@pytest.fixture
def checkpoint_path(settings, tmp_path: Path) -> Path:
    path = tmp_path / "sink" / "audit-checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_FILE = str(path)
    return path


@pytest.fixture
def anchored(db: None, checkpoint_path: Path) -> list[SecurityEvent]:
    """Eight events, anchored by a checkpoint after the fourth and after the eighth."""
    events = [record_event(kind="test.event", details={"n": i}) for i in range(4)]
    checkpoint_now()
    events += [record_event(kind="test.event", details={"n": i}) for i in range(4, 8)]
    checkpoint_now()
    return events


def chain_problems() -> list[str]:
    return [str(problem) for problem in verify_chain()]


def anchor_problems(path: Path) -> list[str]:
    return [str(problem) for problem in verify_checkpoints(path)]


def verify_with(path: Path) -> None:
    call_command("audit", "verify", "--checkpoints", str(path))


def checkpoint_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_an_untouched_chain_matches_its_checkpoints(anchored, checkpoint_path, capsys):
    assert chain_problems() == []
    assert anchor_problems(checkpoint_path) == []
    verify_with(checkpoint_path)
    assert "intact and matches its checkpoints: 8 events" in capsys.readouterr().out
    assert [line["sequence"] for line in checkpoint_lines(checkpoint_path)] == [4, 8]


def test_the_head_carries_a_mac_under_the_audit_key(anchored):
    head = ChainHead.objects.get(pk=1)
    assert head.mac == head_mac(8, anchored[-1].digest)
    assert head.mac not in {event.digest for event in anchored}


def test_a_cut_tail_with_the_head_rewritten_is_found(anchored, checkpoint_path):
    """Delete the last three events and copy the new last row's sequence and digest
    into the head: without the key the head's MAC cannot follow."""
    new_last = anchored[4]
    with triggers_lifted(connection):
        SecurityEvent.objects.filter(sequence__gt=new_last.sequence).delete()
    ChainHead.objects.filter(pk=1).update(sequence=new_last.sequence, digest=new_last.digest)

    assert any("MAC does not match" in p for p in chain_problems()), chain_problems()
    found = anchor_problems(checkpoint_path)
    assert any("head is at #5" in p and "#8" in p for p in found), found
    assert any(p.startswith("#8:") and "no longer holds" in p for p in found), found
    with pytest.raises(CommandError, match="NOT intact"):
        verify_with(checkpoint_path)


def test_a_cut_tail_with_an_old_genuine_head_is_found_by_the_checkpoints(anchored, checkpoint_path):
    """The head copied back from an older copy of the database has a valid MAC: only the
    checkpoints outside the database can tell."""
    new_last = anchored[4]
    with triggers_lifted(connection):
        SecurityEvent.objects.filter(sequence__gt=new_last.sequence).delete()
    ChainHead.objects.filter(pk=1).update(
        sequence=new_last.sequence,
        digest=new_last.digest,
        mac=head_mac(new_last.sequence, new_last.digest),
    )
    assert chain_problems() == []  # the database alone cannot see this
    assert anchor_problems(checkpoint_path)
    with pytest.raises(CommandError):
        verify_with(checkpoint_path)


def test_a_wiped_log_with_the_head_reset_is_found(anchored, checkpoint_path):
    with triggers_lifted(connection):
        SecurityEvent.objects.all().delete()
    ChainHead.objects.filter(pk=1).update(sequence=0, digest=GENESIS, mac="")

    assert any("MAC does not match" in p for p in chain_problems())
    found = anchor_problems(checkpoint_path)
    assert any("head is at #0" in p for p in found), found
    assert any(p.startswith("#4:") and "no longer holds" in p for p in found), found
    with pytest.raises(CommandError):
        verify_with(checkpoint_path)


def test_a_wiped_log_without_a_head_is_found(anchored, checkpoint_path):
    """Everything deleted looks like a new installation from inside the database."""
    with triggers_lifted(connection):
        SecurityEvent.objects.all().delete()
    ChainHead.objects.all().delete()

    assert chain_problems() == []
    found = anchor_problems(checkpoint_path)
    assert any("head row is missing" in p for p in found), found
    with pytest.raises(CommandError):
        verify_with(checkpoint_path)


def test_a_deleted_head_row_is_found(anchored, checkpoint_path):
    ChainHead.objects.all().delete()

    assert any("head row is missing" in p for p in chain_problems()), chain_problems()
    assert any("head row is missing" in p for p in anchor_problems(checkpoint_path))
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    with pytest.raises(CommandError):
        verify_with(checkpoint_path)


def test_a_rewritten_checkpointed_event_is_found(anchored, checkpoint_path):
    """Rewriting the whole chain would need the key; a row whose digest changed does not
    match the checkpoint that named it."""
    with triggers_lifted(connection):
        SecurityEvent.objects.filter(sequence=4).update(digest="e" * 64)
    found = anchor_problems(checkpoint_path)
    assert any(p.startswith("#4:") and "rewritten" in p for p in found), found


def test_a_forged_checkpoint_line_is_not_genuine(anchored, checkpoint_path):
    forged = {"sequence": 2, "digest": anchored[1].digest, "time": "2030-01-01T00:00:00+00:00"}
    with checkpoint_path.open("a") as sink:
        sink.write(json.dumps({**forged, "mac": "0" * 64}) + "\n")
        sink.write("not json\n")
    found = anchor_problems(checkpoint_path)
    assert any("line 3 is not genuine" in p for p in found), found
    assert any("line 4 cannot be read" in p for p in found), found


def test_verify_needs_the_checkpoint_file_it_is_given(db, tmp_path):
    with pytest.raises(CommandError, match="No checkpoint file"):
        verify_with(tmp_path / "missing.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(CommandError):
        verify_with(empty)


def test_the_checkpoint_command_writes_to_the_file_and_the_log_stream(
    db, checkpoint_path, caplog, capsys
):
    record_event(kind="test.event")
    with caplog.at_level(logging.INFO, logger="wpsdesk.audit.checkpoint"):
        call_command("audit", "checkpoint")
    (line,) = checkpoint_lines(checkpoint_path)
    assert line["sequence"] == 1
    assert line["digest"] == SecurityEvent.objects.get().digest
    assert any(
        json.dumps(line, sort_keys=True, separators=(",", ":")) in r.message for r in caplog.records
    )
    assert "Checkpoint written" in capsys.readouterr().out


def test_the_checkpoint_command_refuses_a_rewritten_head(db, checkpoint_path):
    record_event(kind="test.event")
    ChainHead.objects.filter(pk=1).update(sequence=7)
    with pytest.raises(CommandError, match="MAC does not match"):
        call_command("audit", "checkpoint")
    assert not checkpoint_path.exists()


def test_every_nth_committed_event_is_checkpointed(
    db, checkpoint_path, settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_EVERY_EVENTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(7):
            record_event(kind="test.event", details={"n": i})
    assert [line["sequence"] for line in checkpoint_lines(checkpoint_path)] == [3, 6]
    assert anchor_problems(checkpoint_path) == []


def test_a_rolled_back_event_is_never_checkpointed(
    db, checkpoint_path, settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_EVERY_EVENTS = 1
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        record_event(kind="test.rolled_back")
        raise RuntimeError
    assert not checkpoint_path.exists()


@pytest.fixture
def timed(settings, monkeypatch) -> None:
    """Timed checkpoints every five minutes, as in production; no look taken yet."""
    settings.AUDIT_CHECKPOINT_INTERVAL_SECONDS = 300
    monkeypatch.setattr(checkpoints, "_next_look", 0.0)
    monkeypatch.setattr(checkpoints, "_last_written", 0.0)


def test_a_request_writes_a_checkpoint_when_the_last_is_too_old(db, checkpoint_path, timed):
    record_event(kind="test.event")
    checkpoint_path.parent.mkdir(parents=True)
    checkpoint_path.write_text("")
    old = time.time() - 600
    os.utime(checkpoint_path, (old, old))

    Client().get("/healthz")
    assert [line["sequence"] for line in checkpoint_lines(checkpoint_path)] == [1]
    # The next request within the interval looks no further and writes nothing.
    Client().get("/healthz")
    assert len(checkpoint_lines(checkpoint_path)) == 1


def test_no_timed_checkpoint_while_the_last_is_recent(db, checkpoint_path, timed):
    record_event(kind="test.event")
    checkpoint_now()
    checkpoints._next_look = 0.0
    Client().get("/healthz")
    assert len(checkpoint_lines(checkpoint_path)) == 1


def test_a_timed_checkpoint_refuses_a_rewritten_head(db, checkpoint_path, timed, caplog):
    record_event(kind="test.event")
    ChainHead.objects.filter(pk=1).update(sequence=9)
    with caplog.at_level(logging.ERROR, logger="wpsdesk.audit.checkpoint"):
        checkpoints.checkpoint_when_due()
    assert not checkpoint_path.exists()
    assert "refused" in caplog.text


def test_the_auditors_page_compares_with_the_local_checkpoint_file(anchored, checkpoint_path, cast):
    from tests.personas import verified_client

    client = verified_client(cast.auditor)
    url = reverse("audit:events") + "?verify=1"
    assert "does not hold" not in client.get(url).content.decode()
    # Cut the tail and put back an older head with a genuine MAC: only the file knows.
    with triggers_lifted(connection):
        SecurityEvent.objects.filter(sequence__gt=5).delete()
    ChainHead.objects.filter(pk=1).update(
        sequence=5, digest=anchored[4].digest, mac=head_mac(5, anchored[4].digest)
    )
    body = client.get(url).content.decode()
    assert "does not hold" in body
    assert "no longer holds" in body


def test_checkpoints_recovered_from_the_log_stream_verify_as_they_are(
    anchored, checkpoint_path, tmp_path, caplog
):
    with caplog.at_level(logging.INFO, logger="wpsdesk.audit.checkpoint"):
        checkpoint_now()
    recovered = tmp_path / "from-siem.log"
    recovered.write_text(
        "".join(f"2026-12-06 07:00:00 INFO {r.name} {r.getMessage()}\n" for r in caplog.records)
    )
    assert anchor_problems(recovered) == []
    with triggers_lifted(connection):
        SecurityEvent.objects.filter(sequence__gt=5).delete()
    assert any("no longer holds" in p for p in anchor_problems(recovered))
