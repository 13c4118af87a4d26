"""The unit a person is working in: chosen with the unit switcher, kept in the session."""

from __future__ import annotations

from django.http import HttpRequest

from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import unit_access

SESSION_KEY = "wpsdesk_unit_id"


def units_of(request: HttpRequest) -> list[Unit]:
    """The units the person is a current member of (cached for the request)."""
    cached: list[Unit] | None = getattr(request, "_wpsdesk_units", None)
    if cached is None:
        ids = list(unit_access(request.user))
        cached = list(Unit.objects.filter(pk__in=ids).order_by("name")) if ids else []
        request._wpsdesk_units = cached  # type: ignore[attr-defined]
    return cached


def current_unit(request: HttpRequest) -> Unit | None:
    """The unit chosen in the switcher, or the person's first unit."""
    units = units_of(request)
    chosen = request.session.get(SESSION_KEY)
    for unit in units:
        if unit.pk == chosen:
            return unit
    return units[0] if units else None


def switch_unit(request: HttpRequest, unit_id: int) -> Unit | None:
    """Make one of the person's own units current; any other id changes nothing."""
    for unit in units_of(request):
        if unit.pk == unit_id:
            request.session[SESSION_KEY] = unit.pk
            return unit
    return None
