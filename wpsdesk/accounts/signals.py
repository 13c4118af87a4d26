"""Session bookkeeping that must happen on every log-in, whichever way it was made."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from wpsdesk.accounts import sessions


def start_session_clocks(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """Start the idle and absolute clocks (password, single sign-on, tests' force_login)."""
    if request is not None and hasattr(request, "session"):
        sessions.start(request.session)
