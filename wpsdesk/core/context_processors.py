"""What every page's shell needs: the service's name and logo, the person's units and the
current unit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from wpsdesk.core.units import current_unit, units_of
from wpsdesk.organisation.breakglass import eligible_units
from wpsdesk.organisation.services import may_authorise_grants


def shell(request: HttpRequest) -> dict[str, Any]:
    """Units for the unit switcher, the current unit, the session timings and which of
    the unit's access pages (grants, break-glass) the navigation offers the person.

    Costs no query beyond the units: roles are cached on the user and the current unit
    says its kind.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell_units": [], "current_unit": None}
    unit = current_unit(request)
    return {
        "shell_units": units_of(request),
        "current_unit": unit,
        "nav_may_grant": unit is not None and may_authorise_grants(user, unit),
        "nav_may_break_glass": eligible_units(user) != [],
        "session_idle_seconds": settings.SESSION_IDLE_TIMEOUT_SECONDS,
        "session_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
    }


def theme(request: HttpRequest) -> dict[str, Any]:
    """The installation's name and logo for the header and the page title (no query)."""
    return {
        "service_name": settings.WPSDESK_SERVICE_NAME,
        "service_logo": settings.WPSDESK_LOGO,
    }
