"""Pages of the Network of Women Mediators: roster, requests, deployments, funding."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.core.units import current_unit, units_of
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import unit_access
from wpsdesk.processes.selectors import processes_to_choose

from . import selectors, services
from .forms import (
    AllocationForm,
    ContactForm,
    DecideForm,
    DeploymentForm,
    MediatorForm,
    RequestFilterForm,
    RequestForm,
    RosterFilterForm,
)
from .models import NEXT_STATUS, Allocation, Deployment, Mediator, MediatorRequest


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _query_without_page(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _requesting_units(request: HttpRequest) -> list[Unit]:
    """Units where the person may send requests (editor or lead), the current one first."""
    access = unit_access(request.user)
    ids = {a.unit_id for a in access.values() if a.at_least("editor")}
    if not ids:
        return []
    return [u for u in _units(request) if u.pk in ids]


def _units(request: HttpRequest) -> list[Unit]:
    units = units_of(request)
    unit = current_unit(request)
    return sorted(units, key=lambda u: (u != unit, u.name))


def _mediator_or_404(request: HttpRequest, pk: int) -> Mediator:
    mediator = selectors.roster_visible_to(user=request.user).select_related("unit").filter(pk=pk)
    found = mediator.first()
    if found is None:
        raise Http404
    return found


def _request_or_404(request: HttpRequest, pk: int) -> MediatorRequest:
    found = (
        selectors.requests_visible_to(user=request.user)
        .select_related("unit", "mediator", "requested_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@require_GET
def roster(request: HttpRequest) -> HttpResponse:
    """The roster, searchable and filtered, 25 to a page; contact data only where allowed."""
    form = RosterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = page_of(
        selectors.roster_search(user=request.user, filters=filters), request.GET.get("page")
    )
    mediators = list(page.object_list)
    contacts = selectors.contacts_for(user=request.user, mediators=mediators)
    rows = [{"mediator": m, "contact": contacts.get(m.pk)} for m in mediators]
    return render(
        request,
        "mediators/roster.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "shows_contact": bool(contacts),
            "query": _query_without_page(request),
            "may_add": bool(selectors.keeper_units(user=request.user)),
            "may_request": bool(_requesting_units(request)),
        },
    )


@require_GET
def mediator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One mediator: profile for every member; contact data, consent and review for keepers."""
    mediator = _mediator_or_404(request, pk)
    contact = selectors.contacts_for(user=request.user, mediators=[mediator]).get(mediator.pk)
    keeps = selectors.may_keep(request.user, mediator)
    recent = list(
        selectors.requests_visible_to(user=request.user)
        .filter(mediator=mediator)
        .select_related("unit")
        .order_by("-created_at", "-id")[:10]
    )
    return render(
        request,
        "mediators/mediator_detail.html",
        {
            "mediator": mediator,
            "contact": contact,
            "keeps": keeps,
            "own": mediator.user_id == request.user.pk,
            "recent": recent,
            "may_request": bool(_requesting_units(request)),
        },
    )


@require_http_methods(["GET", "POST"])
def mediator_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a mediator to the roster, or change her profile, consent and review date."""
    mediator: Mediator | None = None
    unit: Unit | None = None
    if pk is not None:
        mediator = _mediator_or_404(request, pk)
        if not selectors.may_keep(request.user, mediator):
            raise PermissionDenied
    else:
        keepers = selectors.keeper_units(user=request.user)
        if not keepers:
            raise PermissionDenied
        chosen = current_unit(request)
        unit = chosen if chosen in keepers else keepers[0]
    form = MediatorForm(request.POST or None, instance=mediator)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = services.mediator_save(
                    actor=_person(request),
                    values=form.values(),
                    unit=unit,
                    mediator=mediator,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The roster record was saved."))
                return redirect("mediators:detail", pk=saved.pk)
    return render(
        request,
        "mediators/mediator_form.html",
        {"form": form, "mediator": mediator},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a mediator's contact data: her section's cleared editors, or she herself."""
    contact = (
        selectors.contacts_visible_to(user=request.user)
        .select_related("mediator")
        .filter(mediator_id=pk)
        .first()
    )
    if contact is None:
        raise Http404
    if not services.may_edit_contact(request.user, contact):
        raise PermissionDenied
    form = ContactForm(request.POST or None, instance=contact)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.CONTACT_FIELDS}
            try:
                services.contact_save(
                    actor=_person(request),
                    contact=contact,
                    values=values,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The contact data was saved."))
                return redirect("mediators:detail", pk=pk)
    return render(
        request,
        "mediators/contact_form.html",
        {"form": form, "mediator": contact.mediator},
        status=status,
    )


@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """Requests of the person's units, and to their section's roster; 25 to a page."""
    form = RequestFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = page_of(
        selectors.request_list(user=request.user, filters=filters), request.GET.get("page")
    )
    rows = list(page.object_list)
    names = selectors.process_names_visible_to(
        user=request.user, ids={r.process_id for r in rows if r.process_id}
    )
    return render(
        request,
        "mediators/request_list.html",
        {
            "form": form,
            "page": page,
            "rows": [{"request": r, "process_name": names.get(r.process_id or 0)} for r in rows],
            "query": _query_without_page(request),
            "may_request": bool(_requesting_units(request)),
        },
    )


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    """A mission's editor asks the Section for a mediator."""
    units = _requesting_units(request)
    if not units:
        raise PermissionDenied
    roster_rows = selectors.roster_visible_to(user=request.user).order_by("name", "id")
    initial: dict[str, Any] = {"unit": units[0].pk}
    wanted = request.GET.get("mediator", "")
    if wanted.isdigit():
        initial["mediator"] = int(wanted)
    form = RequestForm(
        request.POST or None,
        units=units,
        mediators=roster_rows,
        processes=processes_to_choose(user=request.user),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.request_create(
                    actor=_person(request),
                    unit=data["unit"],
                    mediator=data["mediator"],
                    purpose=data["purpose"],
                    peace_process=data["peace_process"],
                    process=data["process"],
                    start=data["start"],
                    end=data["end"],
                    classification=data["classification"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The request was sent to the Section."))
                return redirect("mediators:request_detail", pk=created.pk)
    return render(request, "mediators/request_form.html", {"form": form}, status=status)


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: what was asked, its status history, the deployment and its cost."""
    mediator_request = _request_or_404(request, pk)
    return _request_page(request, mediator_request, DecideForm(version=mediator_request.version))


def _request_page(
    request: HttpRequest, mediator_request: MediatorRequest, form: DecideForm, status: int = 200
) -> HttpResponse:
    deciding = selectors.may_decide(request.user, mediator_request)
    choices = NEXT_STATUS.get(mediator_request.status, ()) if deciding else ()
    deployment = Deployment.objects.filter(request=mediator_request).first()
    names = selectors.process_names_visible_to(
        user=request.user, ids={mediator_request.process_id or 0}
    )
    return render(
        request,
        "mediators/request_detail.html",
        {
            "item": mediator_request,
            "process_name": names.get(mediator_request.process_id or 0),
            "changes": list(mediator_request.changes.select_related("by")),
            "deployment": deployment,
            "deciding": deciding,
            "choices": choices,
            "form": form,
        },
        status=status,
    )


@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The Section agrees, declines or closes a request."""
    mediator_request = _request_or_404(request, pk)
    if not selectors.may_decide(request.user, mediator_request):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the request."))
        return redirect("mediators:request_detail", pk=pk)
    try:
        services.request_decide(
            actor=_person(request),
            request=mediator_request,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            version=form.sent_version,
        )
    except StaleEdit as exc:
        # The page again, with who changed what and the person's note kept; deciding now
        # is deliberate (the form carries the current version).
        form.refuse_stale(exc)
        mediator_request.refresh_from_db()
        return _request_page(request, mediator_request, form, status=409)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("mediators:request_detail", pk=pk)
    messages.success(
        request,
        _("The request is now “%(status)s”.") % {"status": mediator_request.get_status_display()},
    )
    return redirect("mediators:request_detail", pk=pk)


@require_http_methods(["GET", "POST"])
def deployment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The Section records the deployment of an agreed request and what it cost."""
    mediator_request = _request_or_404(request, pk)
    if not selectors.may_decide(request.user, mediator_request):
        raise PermissionDenied
    deployment = Deployment.objects.filter(request=mediator_request).first()
    if deployment is None:
        deployment = Deployment(
            request=mediator_request, start=mediator_request.start, end=mediator_request.end
        )
    form = DeploymentForm(request.POST or None, instance=deployment)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in DeploymentForm.Meta.fields}
            try:
                services.deployment_save(
                    actor=_person(request),
                    request=mediator_request,
                    values=values,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The deployment was saved."))
                return redirect("mediators:request_detail", pk=pk)
    return render(
        request,
        "mediators/deployment_form.html",
        {"form": form, "item": mediator_request},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def funding(request: HttpRequest) -> HttpResponse:
    """The central allocation per year, what it paid, what missions paid, and the balance."""
    sections = selectors.section_units(user=request.user)
    if not sections:
        raise PermissionDenied
    keepers = selectors.keeper_units(user=request.user)
    form = AllocationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not keepers:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                services.allocation_save(
                    actor=_person(request),
                    unit=keepers[0],
                    year=form.cleaned_data["year"],
                    amount=form.cleaned_data["amount"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The allocation was saved."))
                return redirect("mediators:funding")
    return render(
        request,
        "mediators/funding.html",
        {"years": selectors.balances(unit_ids=sections), "form": form, "may_edit": bool(keepers)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def allocation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a year's allocation."""
    sections = selectors.section_units(user=request.user)
    allocation = (
        Allocation.objects.filter(pk=pk, unit_id__in=sections).select_related("unit").first()
    )
    if allocation is None:
        raise Http404
    if allocation.unit not in selectors.keeper_units(user=request.user):
        raise PermissionDenied
    form = AllocationForm(request.POST or None, instance=allocation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.allocation_save(
                    actor=_person(request),
                    unit=allocation.unit,
                    year=allocation.year,
                    amount=form.cleaned_data["amount"],
                    allocation=allocation,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The allocation was saved."))
                return redirect("mediators:funding")
    return render(
        request,
        "mediators/allocation_form.html",
        {"form": form, "allocation": allocation},
        status=status,
    )
