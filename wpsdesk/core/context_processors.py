"""What every page's shell needs: the person's units and the current unit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from wpsdesk.core.units import current_unit, units_of


def shell(request: HttpRequest) -> dict[str, Any]:
    """Units for the unit switcher, the current unit and the session timings."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell_units": [], "current_unit": None}
    return {
        "shell_units": units_of(request),
        "current_unit": current_unit(request),
        "session_idle_seconds": settings.SESSION_IDLE_TIMEOUT_SECONDS,
        "session_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
    }
