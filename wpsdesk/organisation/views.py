"""The current unit's members and the grants on its records.

Everyone in the unit sees its members; the unit lead manages them. Grants are made and
approved by the unit's authorisers (see ``services.may_authorise_grants``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wpsdesk.accounts.lockout import client_ip
from wpsdesk.accounts.reauth import require_reauthentication
from wpsdesk.core.units import current_unit

from . import services
from .forms import GrantProposeForm, GrantRevokeForm, MembershipAddForm
from .models import AccessGrant, GrantState, Membership, Unit
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
        {
            "unit": unit,
            "members": members,
            "form": form,
            "is_lead": may_lead(request.user, unit),
            "may_grant": services.may_authorise_grants(request.user, unit),  # type: ignore[arg-type]
        },
        status=status,
    )


@require_GET
def unit_members(request: HttpRequest) -> HttpResponse:
    """Members of the unit the person is working in."""
    return _members_page(request, _unit_or_404(request), MembershipAddForm())


@require_POST
def member_add(request: HttpRequest) -> HttpResponse:
    """Add a member with a role and clearance: a change of power, so after a current code."""
    unit = _unit_or_404(request)
    if not may_lead(request.user, unit):
        raise PermissionDenied
    return require_reauthentication(_member_add)(request)


def _member_add(request: HttpRequest) -> HttpResponse:
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
                reason=form.cleaned_data["reason"],
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


# --- access grants on the unit's records -------------------------------------------------

GRANTS_PER_PAGE = 25


def _authorised_unit(request: HttpRequest) -> Unit:
    unit = _unit_or_404(request)
    if not services.may_authorise_grants(request.user, unit):  # type: ignore[arg-type]
        raise PermissionDenied
    return unit


def _grants_page(
    request: HttpRequest,
    unit: Unit,
    form: GrantProposeForm,
    status: int = 200,
) -> HttpResponse:
    grants = services.grants_of_unit(unit=unit).select_related(
        "user", "granted_by", "approved_by", "revoked_by", "content_type"
    )
    search = request.GET.get("q", "").strip()[:100]
    if search:
        grants = grants.filter(
            Q(user__username__icontains=search)
            | Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search)
        )
    state = request.GET.get("state", "")
    if state in GrantState.values:
        grants = grants.filter(state=state)
    page = Paginator(grants.order_by("-granted_at", "-pk"), GRANTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for grant in page:
        # The record's type and number only: never its content (the lead may not read it).
        model = grant.content_type.model_class()
        kind = model._meta.verbose_name if model else grant.content_type.model
        grant.record_label = f"{str(kind).capitalize()} #{grant.object_id}"  # type: ignore[attr-defined]
    query = urlencode({key: value for key, value in (("q", search), ("state", state)) if value})
    return render(
        request,
        "organisation/unit_grants.html",
        {
            "unit": unit,
            "page": page,
            "query": query,
            "search": search,
            "state": state,
            "states": GrantState.choices,
            "form": form,
            "revoke_form": GrantRevokeForm(),
            "now": timezone.now(),
        },
        status=status,
    )


@require_GET
def unit_grants(request: HttpRequest) -> HttpResponse:
    """Grants on the unit's records, for the people who make and approve them."""
    unit = _authorised_unit(request)
    return _grants_page(request, unit, GrantProposeForm())


@require_POST
def grant_propose(request: HttpRequest) -> HttpResponse:
    """Propose (or, for a record that is not strictly restricted, make) a grant."""
    _authorised_unit(request)
    return require_reauthentication(_grant_propose)(request)


def _grant_propose(request: HttpRequest) -> HttpResponse:
    unit = _authorised_unit(request)
    form = GrantProposeForm(request.POST)
    if form.is_valid():
        record = services.grantable_record(
            record_type=form.cleaned_data["record_type"],
            record_id=form.cleaned_data["record_id"],
            unit=unit,
        )
        if record is None:
            form.add_error("record_id", _("This unit has no such record."))
        else:
            try:
                grant = services.grant_propose(
                    actor=request.user,  # type: ignore[arg-type]
                    record=record,
                    person=form.cleaned_data["username"],
                    reason=form.cleaned_data["reason"],
                    ends_on=form.cleaned_data["ends_on"],
                    may_edit=form.cleaned_data["may_edit"],
                    ip_address=client_ip(request),
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", None) or [str(exc)]))
            else:
                if grant.state == GrantState.PENDING:
                    messages.success(
                        request,
                        _("The grant waits for a second person's approval; it opens nothing yet."),
                    )
                else:
                    messages.success(request, _("The grant is in force."))
                return redirect("organisation:unit_grants")
    return _grants_page(request, unit, form, status=400)


def _unit_grant_or_404(unit: Unit, pk: int) -> AccessGrant:
    grant = services.grants_of_unit(unit=unit).filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant


@require_POST
def grant_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """A second authoriser approves a pending grant (after a current code)."""
    unit = _authorised_unit(request)
    _unit_grant_or_404(unit, pk)
    return require_reauthentication(_grant_approve)(request, pk)


def _grant_approve(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _authorised_unit(request)
    grant = _unit_grant_or_404(unit, pk)
    try:
        services.grant_approve(
            actor=request.user,  # type: ignore[arg-type]
            grant=grant,
            ip_address=client_ip(request),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The grant is approved and in force."))
    return redirect("organisation:unit_grants")


@require_POST
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """End a grant, or decline a pending one, with a reason."""
    unit = _authorised_unit(request)
    grant = _unit_grant_or_404(unit, pk)
    form = GrantRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking."))
        return redirect("organisation:unit_grants")
    try:
        services.grant_revoke(
            actor=request.user,  # type: ignore[arg-type]
            grant=grant,
            reason=form.cleaned_data["reason"],
            ip_address=client_ip(request),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The grant is revoked."))
    return redirect("organisation:unit_grants")
