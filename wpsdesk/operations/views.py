"""Pages of operations: the list, one operation, adding and changing it, its renewals,
participation figures and nominations, and the restricted personnel list.

Every page reaches records through the policy layer: lists through ``visible_to``, one
record through ``get_visible_or_404`` (another unit's restricted record is 404, as if it
did not exist), and writes through the services, which check again.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.core.units import current_unit, units_of
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import get_visible_or_404, may_create_in, may_edit

from . import selectors, services
from .forms import (
    FigureForm,
    NominationLinkForm,
    OperationFilterForm,
    OperationForm,
    PersonForm,
    RenewalForm,
)
from .models import DeployedPerson, MandateRenewal, Operation


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _query_without_page(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _units_for_adding(request: HttpRequest) -> list[Unit]:
    """The person's own units in which they may add operations (cached roles, no query)."""
    return [unit for unit in units_of(request) if may_create_in(request.user, unit)]


def _operation_or_404(request: HttpRequest, pk: int) -> Operation:
    return get_visible_or_404(Operation.objects.select_related("unit"), user=request.user, pk=pk)


def _editable_operation(request: HttpRequest, pk: int) -> Operation:
    operation = _operation_or_404(request, pk)
    if not may_edit(request.user, operation):
        raise PermissionDenied
    return operation


@require_GET
def operation_list(request: HttpRequest) -> HttpResponse:
    """Operations the person may open, searchable and filtered, 25 to a page."""
    form = OperationFilterForm(request.GET or None)
    filters = selectors.OperationFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.OperationFilters.from_cleaned(form.cleaned_data)
    operations = selectors.operation_list_visible_to(user=request.user, filters=filters)
    page = page_of(operations, request.GET.get("page"))
    return render(
        request,
        "operations/operation_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "may_add": bool(_units_for_adding(request)),
        },
    )


def _form_page(
    request: HttpRequest, form: OperationForm, operation: Operation | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "operations/operation_form.html",
        {"form": form, "operation": operation},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def operation_create(request: HttpRequest) -> HttpResponse:
    """Add an operation followed by one of the person's units."""
    units = _units_for_adding(request)
    if not units:
        raise PermissionDenied
    unit = current_unit(request)
    if unit not in units:
        unit = units[0]
    if request.method == "POST":
        form = OperationForm(request.POST, units=units, default_unit=unit)
        if form.is_valid():
            try:
                operation, _changed = services.operation_save(
                    actor=_person(request), unit=form.cleaned_data["unit"], values=form.values()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The operation was added."))
                return redirect(operation)
        return _form_page(request, form, None, status=400)
    initial = {"countries": " ".join(unit.countries)}
    return _form_page(request, OperationForm(units=units, default_unit=unit, initial=initial), None)


@require_GET
def operation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One operation: mandate and its WPS tasks, women's participation, leadership contacts
    with their follow-ups, nominations, and the personnel list for those who keep it."""
    operation = get_visible_or_404(selectors.operation_detail_queryset(), user=request.user, pk=pk)
    editable = may_edit(request.user, operation)
    contacts = selectors.contacts_of(user=request.user, operation=operation)
    shown = list(contacts[: selectors.ENGAGEMENTS_SHOWN])
    total = len(shown)
    if total == selectors.ENGAGEMENTS_SHOWN:
        total = contacts.count()
    figures = list(operation.participation.all())
    keeps = selectors.units_for_personnel(units_of(request), request.user)
    context: dict[str, Any] = {
        "operation": operation,
        "editable": editable,
        "renewals": list(operation.renewals.all()),
        "figures": figures,
        "chart": selectors.participation_chart(figures),
        "contacts": shown,
        "contact_total": total,
        "nominations": selectors.nominations_of(user=request.user, operation=operation),
        "personnel": selectors.personnel_of(user=request.user, operation=operation),
        "may_keep_personnel": bool(keeps),
    }
    if editable:
        context["renewal_form"] = RenewalForm()
        context["figure_form"] = FigureForm()
        context["nomination_form"] = NominationLinkForm(
            nominations=selectors.nominations_to_link(user=request.user, operation=operation)[
                : selectors.LINK_CHOICES
            ]
        )
    return render(request, "operations/operation_detail.html", context)


@require_http_methods(["GET", "POST"])
def operation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an operation; a change made after someone else saved is refused (409)."""
    operation = _editable_operation(request, pk)
    units = [operation.unit]
    if request.method == "POST":
        form = OperationForm(request.POST, instance=operation, units=units)
        if form.is_valid():
            try:
                services.operation_save(
                    actor=_person(request),
                    operation=operation,
                    values=form.values(),
                    version=form.sent_version,
                    classification_reason=form.cleaned_data.get("classification_reason", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return _form_page(request, form, operation, status=409)
            except PermissionDenied as exc:
                # Lowering the classification without being the unit lead.
                form.add_error("classification", str(exc) or _("You may not do this."))
                return _form_page(request, form, operation, status=403)
            else:
                messages.success(request, _("The operation was saved."))
                return redirect(operation)
        return _form_page(request, form, operation, status=400)
    return _form_page(request, OperationForm(instance=operation, units=units), operation)


def _part_page(
    request: HttpRequest, operation: Operation, form: Any, title: str, action: str
) -> HttpResponse:
    return render(
        request,
        "operations/part_form.html",
        {"operation": operation, "form": form, "title": title, "action": action},
        status=400,
    )


@require_POST
def renewal_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a mandate renewal and what it did with each WPS task."""
    operation = _editable_operation(request, pk)
    form = RenewalForm(request.POST)
    if form.is_valid():
        try:
            services.renewal_add(
                actor=_person(request),
                operation=operation,
                date=form.cleaned_data["date"],
                resolution=form.cleaned_data["resolution"],
                until=form.cleaned_data["until"],
                note=form.cleaned_data["note"],
                tasks=form.tasks(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The mandate renewal was recorded."))
            return redirect(operation.get_absolute_url() + "#mandate")
    return _part_page(
        request, operation, form, _("Record a mandate renewal"), "operations:renewal_add"
    )


@require_http_methods(["GET", "POST"])
def renewal_delete(request: HttpRequest, pk: int, renewal_pk: int) -> HttpResponse:
    """Ask first; then remove a renewal recorded by mistake (recorded in the security log)."""
    operation = _operation_or_404(request, pk)
    renewal = MandateRenewal.objects.filter(pk=renewal_pk, operation=operation).first()
    if renewal is None:
        raise Http404
    if not may_edit(request.user, operation):
        raise PermissionDenied
    if request.method == "POST":
        services.renewal_delete(actor=_person(request), renewal=renewal)
        messages.success(request, _("The renewal was removed."))
        return redirect(operation.get_absolute_url() + "#mandate")
    return render(
        request, "operations/renewal_delete.html", {"operation": operation, "renewal": renewal}
    )


@require_POST
def figure_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record women's numbers at one level on one date."""
    operation = _editable_operation(request, pk)
    form = FigureForm(request.POST)
    if form.is_valid():
        try:
            services.figure_save(actor=_person(request), operation=operation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The figures were recorded."))
            return redirect(operation.get_absolute_url() + "#participation")
    return _part_page(
        request, operation, form, _("Record participation figures"), "operations:figure_add"
    )


@require_POST
def nomination_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a Norwegian candidate proposed for a post in the operation."""
    operation = _editable_operation(request, pk)
    form = NominationLinkForm(
        request.POST,
        nominations=selectors.nominations_to_link(user=request.user, operation=operation),
    )
    if form.is_valid():
        services.nomination_link(
            actor=_person(request),
            operation=operation,
            nomination=form.cleaned_data["nomination"],
        )
        messages.success(request, _("The nomination was linked."))
        return redirect(operation.get_absolute_url() + "#nominations")
    return _part_page(request, operation, form, _("Link a nomination"), "operations:nomination_add")


def _person_page(
    request: HttpRequest,
    form: PersonForm,
    operation: Operation,
    person: DeployedPerson | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "operations/person_form.html",
        {"form": form, "operation": operation, "person": person},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a Norwegian deployed to the operation to a unit's restricted list."""
    operation = _operation_or_404(request, pk)
    units = selectors.units_for_personnel(units_of(request), request.user)
    if not units:
        raise PermissionDenied
    if request.method == "POST":
        form = PersonForm(request.POST, units=units)
        if form.is_valid():
            try:
                services.person_save(
                    actor=_person(request),
                    unit=form.cleaned_data["unit"],
                    operation=operation,
                    values=form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The person was added to the list."))
                return redirect(operation.get_absolute_url() + "#personnel")
        return _person_page(request, form, operation, None, status=400)
    return _person_page(request, PersonForm(units=units), operation, None)


def _person_or_404(request: HttpRequest, pk: int) -> DeployedPerson:
    return get_visible_or_404(
        DeployedPerson.objects.select_related("operation", "unit"), user=request.user, pk=pk
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an entry (a review is a save with a new review date); 409 when stale."""
    person = _person_or_404(request, pk)
    if not may_edit(request.user, person):
        raise PermissionDenied
    operation = person.operation
    if request.method == "POST":
        form = PersonForm(request.POST, instance=person, units=[person.unit])
        if form.is_valid():
            try:
                services.person_save(
                    actor=_person(request),
                    person=person,
                    values=form.cleaned_data,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return _person_page(request, form, operation, person, status=409)
            else:
                messages.success(request, _("The entry was saved."))
                return redirect(operation.get_absolute_url() + "#personnel")
        return _person_page(request, form, operation, person, status=400)
    return _person_page(
        request, PersonForm(instance=person, units=[person.unit]), operation, person
    )


@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; then remove the entry (recorded, without its content, in the log)."""
    person = _person_or_404(request, pk)
    if not may_edit(request.user, person):
        raise PermissionDenied
    operation = person.operation
    if request.method == "POST":
        services.person_delete(actor=_person(request), person=person)
        messages.success(request, _("The entry was removed from the list."))
        return redirect(operation.get_absolute_url() + "#personnel")
    return render(
        request, "operations/person_delete.html", {"person": person, "operation": operation}
    )
