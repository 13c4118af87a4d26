"""Pages of the civil-society map: the list, one organisation, adding, changing, deleting,
its links, and the export.

Every page reaches organisations through the policy layer: lists through ``visible_to``,
one organisation through ``get_visible_or_404`` (another unit's restricted organisation is
404, as if it did not exist), and writes through the services, which check again.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.accounts.reauth import require_reauthentication
from wpsdesk.audit.services import record_event
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.core.tabular import streamed_export
from wpsdesk.core.units import current_unit, units_of
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import get_visible_or_404, may_create_in, may_edit

from . import selectors, services, tabular
from .forms import EngagementLinkForm, LinkForm, OrganisationFilterForm, OrganisationForm
from .models import Organisation, OrganisationLink

EXPORT_FORMATS = ("csv", "xlsx")


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _query_without_page(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _units_for_adding(request: HttpRequest) -> list[Unit]:
    """The person's own units in which they may add organisations (cached roles, no query)."""
    return [unit for unit in units_of(request) if may_create_in(request.user, unit)]


def filter_form(
    request: HttpRequest,
) -> tuple[OrganisationFilterForm, selectors.OrganisationFilters]:
    """The GET filters shared by the list and the export; bad filters narrow nothing."""
    form = OrganisationFilterForm(request.GET or None)
    filters = selectors.OrganisationFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.OrganisationFilters.from_cleaned(form.cleaned_data)
    return form, filters


def _organisation_or_404(request: HttpRequest, pk: int) -> Organisation:
    return get_visible_or_404(selectors.organisation_detail_queryset(), user=request.user, pk=pk)


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Organisations the person may open, searchable and filtered, 25 to a page."""
    form, filters = filter_form(request)
    organisations = selectors.organisation_list_visible_to(user=request.user, filters=filters)
    page = page_of(organisations, request.GET.get("page"))
    return render(
        request,
        "civil_society/organisation_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "may_add": bool(_units_for_adding(request)),
        },
    )


def _form_page(
    request: HttpRequest,
    form: OrganisationForm,
    organisation: Organisation | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "civil_society/organisation_form.html",
        {"form": form, "organisation": organisation},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Add an organisation to the map of one of the person's units."""
    units = _units_for_adding(request)
    if not units:
        raise PermissionDenied
    unit = current_unit(request)
    if unit not in units:
        unit = units[0]
    if request.method == "POST":
        form = OrganisationForm(request.POST, units=units, default_unit=unit)
        if form.is_valid():
            try:
                organisation, _changed = services.organisation_save(
                    actor=_person(request),
                    unit=form.cleaned_data["unit"],
                    values=form.values(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The organisation was added."))
                return redirect(organisation)
        return _form_page(request, form, None, status=400)
    initial = {"country": unit.countries[0] if unit.countries else ""}
    return _form_page(
        request, OrganisationForm(units=units, default_unit=unit, initial=initial), None
    )


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One organisation: the checklist's answers, its links and the engagements with it."""
    organisation = _organisation_or_404(request, pk)
    editable = may_edit(request.user, organisation)
    engagements = selectors.engagements_of(user=request.user, organisation=organisation)
    shown = list(engagements[: selectors.ENGAGEMENTS_SHOWN])
    total = len(shown)
    if total == selectors.ENGAGEMENTS_SHOWN:
        total = engagements.count()
    context: dict[str, Any] = {
        "organisation": organisation,
        "editable": editable,
        "links": selectors.links_of(user=request.user, organisation=organisation),
        "engagements": shown,
        "engagement_total": total,
        "processes": selectors.processes_of(user=request.user, organisation=organisation),
        "grants": selectors.grants_of(user=request.user, organisation=organisation),
    }
    if editable:
        context["link_form"] = LinkForm(
            others=selectors.organisations_to_link(user=request.user, organisation=organisation)[
                : selectors.LINK_CHOICES
            ]
        )
        context["engagement_form"] = EngagementLinkForm(
            engagements=selectors.engagements_to_link(user=request.user, organisation=organisation)[
                : selectors.LINK_CHOICES
            ]
        )
    return render(request, "civil_society/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an organisation; a change made after someone else saved is refused (409)."""
    organisation = _organisation_or_404(request, pk)
    if not may_edit(request.user, organisation):
        raise PermissionDenied
    units = [organisation.unit]
    if request.method == "POST":
        form = OrganisationForm(request.POST, instance=organisation, units=units)
        if form.is_valid():
            try:
                services.organisation_save(
                    actor=_person(request),
                    organisation=organisation,
                    values=form.values(),
                    version=form.sent_version,
                    classification_reason=form.cleaned_data.get("classification_reason", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return _form_page(request, form, organisation, status=409)
            except PermissionDenied as exc:
                # The one left after may_edit: lowering the classification without being
                # the unit lead. The form stays, with the rule in plain words.
                form.add_error("classification", str(exc) or _("You may not do this."))
                return _form_page(request, form, organisation, status=403)
            else:
                messages.success(request, _("The organisation was saved."))
                return redirect(organisation)
        return _form_page(request, form, organisation, status=400)
    return _form_page(request, OrganisationForm(instance=organisation, units=units), organisation)


@require_http_methods(["GET", "POST"])
def organisation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; then delete the organisation and its links (recorded in the security log)."""
    organisation = _organisation_or_404(request, pk)
    if not may_edit(request.user, organisation):
        raise PermissionDenied
    if request.method == "POST":
        name = organisation.name
        services.organisation_delete(actor=_person(request), organisation=organisation)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect("civil_society:list")
    return render(request, "civil_society/organisation_delete.html", {"organisation": organisation})


@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a partner in the country or a member of this organisation."""
    organisation = _organisation_or_404(request, pk)
    if not may_edit(request.user, organisation):
        raise PermissionDenied
    form = LinkForm(
        request.POST,
        others=selectors.organisations_to_link(user=request.user, organisation=organisation),
    )
    if form.is_valid():
        try:
            services.link_add(
                actor=_person(request),
                organisation=organisation,
                other=form.cleaned_data["other"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The link was recorded."))
            return redirect(organisation.get_absolute_url() + "#links")
    return render(
        request,
        "civil_society/link_form.html",
        {"form": form, "organisation": organisation},
        status=400,
    )


@require_POST
def link_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """Remove one of this organisation's own links (partners and members it lists)."""
    organisation = _organisation_or_404(request, pk)
    link = (
        OrganisationLink.objects.select_related("organisation")
        .filter(pk=link_pk, organisation=organisation)
        .first()
    )
    if link is None:
        raise Http404
    if not may_edit(request.user, organisation):
        raise PermissionDenied
    services.link_remove(actor=_person(request), link=link)
    messages.success(request, _("The link was removed."))
    return redirect(organisation.get_absolute_url() + "#links")


@require_POST
def engagement_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link an engagement held with this organisation."""
    organisation = _organisation_or_404(request, pk)
    if not may_edit(request.user, organisation):
        raise PermissionDenied
    form = EngagementLinkForm(
        request.POST,
        engagements=selectors.engagements_to_link(user=request.user, organisation=organisation),
    )
    if form.is_valid():
        services.engagement_link(
            actor=_person(request),
            organisation=organisation,
            engagement=form.cleaned_data["engagement"],
        )
        messages.success(request, _("The engagement was linked."))
        return redirect(organisation.get_absolute_url() + "#engagements")
    return render(
        request,
        "civil_society/engagement_link_form.html",
        {"form": form, "organisation": organisation},
        status=400,
    )


@require_POST
def engagement_remove(request: HttpRequest, pk: int, engagement_pk: int) -> HttpResponse:
    """Remove the link to an engagement the person may open."""
    organisation = _organisation_or_404(request, pk)
    engagement = get_visible_or_404(
        Engagement.objects.filter(civil_society_organisations=organisation),
        user=request.user,
        pk=engagement_pk,
    )
    if not may_edit(request.user, organisation):
        raise PermissionDenied
    services.engagement_unlink(
        actor=_person(request), organisation=organisation, engagement=engagement
    )
    messages.success(request, _("The engagement is no longer linked."))
    return redirect(organisation.get_absolute_url() + "#engagements")


@require_GET
def organisation_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The organisations under the list's filters, one row each, as CSV or Excel; logged.

    An unknown format is 404. The file is sent only after a recent re-authentication; the
    rows are always those the person may open (restricted ones only with clearance).
    """
    if fmt not in EXPORT_FORMATS:
        raise Http404
    return require_reauthentication(_send_export)(request, fmt)


def _send_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The rows stream as they are read; the export is logged (with its row count) before
    the first row leaves."""
    _form, filters = filter_form(request)
    organisations = selectors.organisation_list_visible_to(user=request.user, filters=filters)
    record_event(
        kind="civil_society.exported",
        actor=request.user,
        details={
            "format": fmt,
            "rows": organisations.count(),
            "filters": sorted(k for k, v in request.GET.items() if v),
        },
    )
    stamp = timezone.localdate().isoformat()
    return streamed_export(
        fmt,
        tabular.HEADER,
        tabular.iter_rows(organisations),
        filename=f"civil-society-{stamp}.{fmt}",
        title="Civil society",
    )
