"""Checkpoints: the security log's head, signed, written where the database writer cannot reach.

Whoever can write to the database can lift the append-only triggers, cut events off the
end of the chain and copy an older head back from a copy of the database. Nothing inside
the database can show that. A checkpoint — sequence, digest, time and an HMAC under the
audit key — is therefore written outside it, to two sinks:

- the log stream (logger ``wpsdesk.audit.checkpoint``, to stdout, syslog or a SIEM), and
- an append-only file (``AUDIT_CHECKPOINT_FILE``, one JSON line per checkpoint), which the
  operator keeps where the database's owner cannot rewrite it.

A checkpoint is written after every ``AUDIT_CHECKPOINT_EVERY_EVENTS``-th event once it is
committed, and when the last one is older than ``AUDIT_CHECKPOINT_INTERVAL_SECONDS``:
there is no scheduler, so requests (see ``middleware``) and every new event look whether
one is due. ``wpsdesk audit checkpoint`` writes one at once. ``wpsdesk audit verify
--checkpoints FILE`` then finds a cut tail, a wiped log and a missing head.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction

from .models import ChainHead, SecurityEvent
from .services import GENESIS, ChainProblem, head_mac, verify_chain

logger = logging.getLogger("wpsdesk.audit.checkpoint")

# Per process: when a checkpoint was last written here, and when to look again.
_last_written = 0.0
_next_look = 0.0
# How often one process looks at most whether a timed checkpoint is due (seconds).
LOOK_EVERY_SECONDS = 30


class HeadNotGenuine(Exception):
    """The head's MAC does not match: it must not be anchored as if it were true."""


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at one moment, with an HMAC under the audit key."""

    sequence: int
    digest: str
    time: str
    mac: str

    def line(self) -> str:
        """The checkpoint as one JSON line."""
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    def genuine(self) -> bool:
        """Whether the MAC matches: only the holder of the audit key can make one."""
        return hmac.compare_digest(self.mac, checkpoint_mac(self.sequence, self.digest, self.time))


def checkpoint_mac(sequence: int, digest: str, when: str) -> str:
    """HMAC of a checkpoint's fields under the audit key (its own prefix, never a digest)."""
    key = settings.AUDIT_HMAC_KEY.encode()
    message = f"wpsdesk-audit-checkpoint:{sequence}:{digest}:{when}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def make_checkpoint(sequence: int, digest: str) -> Checkpoint:
    """A signed checkpoint of the given head, timed now."""
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return Checkpoint(sequence, digest, when, checkpoint_mac(sequence, digest, when))


def checkpoint_file() -> Path | None:
    """The append-only checkpoint file, or None when only the log stream is used."""
    value = getattr(settings, "AUDIT_CHECKPOINT_FILE", "")
    return Path(value) if value else None


def write_checkpoint(checkpoint: Checkpoint) -> None:
    """Send the checkpoint to the log stream and append it to the checkpoint file."""
    global _last_written
    logger.info("audit checkpoint %s", checkpoint.line())
    path = checkpoint_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: every write lands at the end, even with several processes writing.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(descriptor, (checkpoint.line() + "\n").encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    _last_written = time.time()


def checkpoint_now() -> Checkpoint:
    """Anchor the committed head now; refuse a head whose MAC does not match."""
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        if SecurityEvent.objects.exists():
            raise HeadNotGenuine("the chain's head row is missing")
        checkpoint = make_checkpoint(0, GENESIS)
    elif not hmac.compare_digest(head.mac, head_mac(head.sequence, head.digest)):
        raise HeadNotGenuine("the head's MAC does not match")
    else:
        checkpoint = make_checkpoint(head.sequence, head.digest)
    write_checkpoint(checkpoint)
    return checkpoint


def _last_checkpoint_time() -> float:
    """When the last checkpoint was written by any process (file) or by this one."""
    path = checkpoint_file()
    try:
        return max(_last_written, path.stat().st_mtime if path is not None else 0.0)
    except OSError:
        return _last_written


def checkpoint_when_due() -> None:
    """Write a checkpoint if the last one is older than the interval; cheap when not due.

    Called after requests and after new events. Looks at most every
    ``LOOK_EVERY_SECONDS`` per process, so most calls cost nothing; errors are logged,
    never raised, because the request it rides on has already been answered.
    """
    global _next_look
    interval = getattr(settings, "AUDIT_CHECKPOINT_INTERVAL_SECONDS", 0)
    now = time.time()
    if not interval or now < _next_look:
        return
    _next_look = now + min(LOOK_EVERY_SECONDS, interval)
    if now - _last_checkpoint_time() < interval:
        return
    try:
        checkpoint_now()
    except HeadNotGenuine as exc:
        logger.error("audit checkpoint refused: %s; run wpsdesk audit verify", exc)
    except (DatabaseError, OSError):
        logger.exception("audit checkpoint could not be written")


def after_append(event: SecurityEvent) -> None:
    """After an event is committed: checkpoint every N-th event, or when one is due.

    Waits for the commit so no checkpoint ever names an event that was rolled back.
    """
    every = getattr(settings, "AUDIT_CHECKPOINT_EVERY_EVENTS", 0)
    if every and event.sequence % every == 0:
        sequence, digest = event.sequence, event.digest

        def anchor() -> None:
            try:
                write_checkpoint(make_checkpoint(sequence, digest))
            except OSError:
                logger.exception("audit checkpoint could not be written")

        transaction.on_commit(anchor)
    elif getattr(settings, "AUDIT_CHECKPOINT_INTERVAL_SECONDS", 0):
        transaction.on_commit(checkpoint_when_due)


def read_checkpoints(path: Path) -> tuple[list[Checkpoint], list[ChainProblem]]:
    """The genuine checkpoints in a file, and a problem for every line that is not one.

    A line may also be a log line with the checkpoint's JSON at its end, as the log stream
    carries it, so lines recovered from syslog or the SIEM can be checked as they are.
    """
    checkpoints: list[Checkpoint] = []
    problems: list[ChainProblem] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                fields = json.loads(line[line.find("{") :])
                checkpoint = Checkpoint(
                    sequence=int(fields["sequence"]),
                    digest=str(fields["digest"]),
                    time=str(fields["time"]),
                    mac=str(fields["mac"]),
                )
            except (ValueError, KeyError, TypeError):
                problems.append(ChainProblem(0, f"checkpoint line {number} cannot be read"))
                continue
            if not checkpoint.genuine():
                problems.append(
                    ChainProblem(
                        checkpoint.sequence,
                        f"checkpoint line {number} is not genuine (its MAC does not match)",
                    )
                )
                continue
            checkpoints.append(checkpoint)
    return checkpoints, problems


def verify_checkpoints(path: Path, batch_size: int = 1000) -> Iterator[ChainProblem]:
    """Compare the database's chain with the checkpoints written outside it.

    Every checkpointed event must still be there with the same digest, and the head must
    not be behind the latest checkpoint. Raises ``FileNotFoundError`` without the file.
    """
    checkpoints, problems = read_checkpoints(path)
    yield from problems
    if not checkpoints:
        yield ChainProblem(0, "the checkpoint file holds no genuine checkpoint")
        return
    latest = max(checkpoints, key=lambda checkpoint: checkpoint.sequence)
    head = ChainHead.objects.filter(pk=1).first()
    if head is None and latest.sequence:
        yield ChainProblem(
            latest.sequence,
            f"the chain's head row is missing, but a checkpoint at {latest.time} "
            f"recorded #{latest.sequence}",
        )
    elif head is not None and head.sequence < latest.sequence:
        yield ChainProblem(
            latest.sequence,
            f"the chain's head is at #{head.sequence}, but a checkpoint at {latest.time} "
            f"recorded #{latest.sequence} (events cut off the end or wiped)",
        )
    anchored = [checkpoint for checkpoint in checkpoints if checkpoint.sequence]
    for start in range(0, len(anchored), batch_size):
        batch = anchored[start : start + batch_size]
        digests = dict(
            SecurityEvent.objects.filter(
                sequence__in={checkpoint.sequence for checkpoint in batch}
            ).values_list("sequence", "digest")
        )
        for checkpoint in batch:
            digest = digests.get(checkpoint.sequence)
            if digest is None:
                yield ChainProblem(
                    checkpoint.sequence,
                    f"a checkpoint at {checkpoint.time} recorded this event; "
                    "the log no longer holds it (deleted)",
                )
            elif not hmac.compare_digest(digest, checkpoint.digest):
                yield ChainProblem(
                    checkpoint.sequence,
                    f"differs from the checkpoint at {checkpoint.time} (the chain was rewritten)",
                )


def verify_with_local_checkpoints() -> Iterator[ChainProblem]:
    """The chain's own check, and the comparison with the configured checkpoint file when
    it is on this machine (the auditors' page uses this)."""
    yield from verify_chain()
    path = checkpoint_file()
    if path is not None and path.exists():
        yield from verify_checkpoints(path)
