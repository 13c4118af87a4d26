"""The current unit's members: everyone in the unit sees them; the unit lead manages them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wpsdesk.core.units import current_unit

from . import services
from .forms import MembershipAddForm
from .models import Membership, Unit
from .policy import may_lead, memberships_visible_to


def _unit_or_404(request: HttpRequest) -> Unit:
    unit = current_unit(request)
    if unit is None:
        raise Http404
    return unit


def _members_page(
    request: HttpRequest, unit: Unit, form: MembershipAddForm, status: int = 200
) -> HttpResponse:
    members = (
        Membership.objects.current()
        .filter(unit=unit)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )
    return render(
        request,
        "organisation/unit_members.html",
        {"unit": unit, "members": members, "form": form, "is_lead": may_lead(request.user, unit)},
        status=status,
    )


@require_GET
def unit_members(request: HttpRequest) -> HttpResponse:
    """Members of the unit the person is working in."""
    return _members_page(request, _unit_or_404(request), MembershipAddForm())


@require_POST
def member_add(request: HttpRequest) -> HttpResponse:
    unit = _unit_or_404(request)
    if not may_lead(request.user, unit):
        raise PermissionDenied
    form = MembershipAddForm(request.POST)
    if form.is_valid():
        try:
            membership = services.membership_add(
                actor=request.user,  # type: ignore[arg-type]
                unit=unit,
                person=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
                restricted_clearance=form.cleaned_data["restricted_clearance"],
                valid_to=form.cleaned_data["valid_to"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(person)s was added.") % {"person": membership.user})
            return redirect("organisation:unit_members")
    return _members_page(request, unit, form, status=400)


@require_POST
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(request)
    try:
        membership = (
            memberships_visible_to(user=request.user).select_related("user").get(pk=pk, unit=unit)
        )
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
    if not may_lead(request.user, unit):
        raise PermissionDenied
    try:
        services.membership_end(actor=request.user, membership=membership)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(person)s's membership has ended.") % {"person": membership.user}
        )
    return redirect("organisation:unit_members")
