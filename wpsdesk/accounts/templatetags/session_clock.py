"""``{% session_remaining as left %}``: the session clock for the warning dialog."""

from __future__ import annotations

from typing import Any

from django import template

from wpsdesk.accounts import sessions

register = template.Library()


@register.simple_tag(takes_context=True)
def session_remaining(context: dict[str, Any]) -> sessions.Remaining | None:
    """Seconds left in the current session, or None outside a logged-in request."""
    request = context.get("request")
    if request is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return None
    return sessions.remaining(request.session)
