"""A logging filter that hides calendar feed tokens.

A feed's address (``/calendar/feed/<token>.ics``) is all a calendar program needs to read
the person's calendar, so it is treated as a password: any log line that carries it —
Django's request warnings (a 404 for a revoked address), the development server's access
lines, gunicorn's when sent through Python logging — has the token replaced.
"""

from __future__ import annotations

import logging
import re

FEED_PATH = re.compile(r"(/calendar/feed/)[^/\s\"'?]+?(\.ics)")
HIDDEN = r"\1…\2"


def hide_tokens(text: str) -> str:
    """``text`` with every feed token replaced by an ellipsis."""
    return FEED_PATH.sub(HIDDEN, text)


class HideFeedTokens(logging.Filter):
    """Rewrites a record whose message names a feed address; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is not ours to fix; let it through as it is
            return True
        if "/calendar/feed/" in message:
            record.msg = hide_tokens(message)
            record.args = ()
        return True
