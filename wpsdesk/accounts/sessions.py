"""How long a session has left: an idle timeout and an absolute lifetime.

Both clocks live in the session itself (seconds since the epoch), set at log-in. Only a
request that is not the status poll counts as activity.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

STARTED = "wpsdesk_started"
LAST_SEEN = "wpsdesk_last_seen"
# Activity is written to the session at most this often, to spare a write per request.
TOUCH_GRANULARITY_SECONDS = 10


@dataclass(frozen=True)
class Remaining:
    """Seconds left before the session ends, and which limit ends it."""

    seconds: int
    limited_by_lifetime: bool

    @property
    def expired(self) -> bool:
        return self.seconds <= 0

    @property
    def reason(self) -> str:
        return "absolute_lifetime" if self.limited_by_lifetime else "idle_timeout"


def now() -> int:
    """The current time in whole seconds."""
    return int(time.time())


def start(session: SessionBase) -> None:
    """Start both clocks: called whenever someone logs in."""
    moment = now()
    session[STARTED] = moment
    session[LAST_SEEN] = moment


def remaining(session: SessionBase, at: int | None = None) -> Remaining:
    """Seconds left in a logged-in session; a session without clocks starts them now."""
    moment = now() if at is None else at
    started = int(session.setdefault(STARTED, moment))
    last_seen = int(session.setdefault(LAST_SEEN, moment))
    idle_left = last_seen + settings.SESSION_IDLE_TIMEOUT_SECONDS - moment
    lifetime_left = started + settings.SESSION_ABSOLUTE_LIFETIME_SECONDS - moment
    if lifetime_left <= idle_left:
        return Remaining(max(lifetime_left, 0), limited_by_lifetime=True)
    return Remaining(max(idle_left, 0), limited_by_lifetime=False)


def touch(session: SessionBase, *, force: bool = False) -> None:
    """Record activity now (a page, a form, the "stay logged in" button)."""
    moment = now()
    last_seen = int(session.get(LAST_SEEN, 0))
    if force or moment - last_seen >= TOUCH_GRANULARITY_SECONDS:
        session[LAST_SEEN] = moment
