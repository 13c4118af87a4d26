"""Pages of the country pages: the list, one country, adding, changing and deleting a
record of any kind, and recording a recommendation's follow-up.

Every page reaches records through the policy layer (``visible_to`` /
``get_visible_or_404``: another unit's restricted record is 404), and every write goes
through :mod:`.services`, which checks :mod:`.rules` again.
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

from wpsdesk.catalogue.countries import COUNTRIES, country_label
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import get_visible_or_404

from . import rules, selectors, services
from .forms import FORMS, CountryFilterForm, FollowUpForm
from .kinds import KINDS, Kind
from .models import CountryRecord, Recommendation


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _code_or_404(code: str) -> str:
    if code not in COUNTRIES:
        raise Http404
    return code


def _kind_or_404(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _record_or_404(request: HttpRequest, kind: Kind, code: str, pk: int) -> CountryRecord:
    return get_visible_or_404(
        kind.model._default_manager.select_related("unit"), user=request.user, pk=pk, country=code
    )


@require_GET
def country_list(request: HttpRequest) -> HttpResponse:
    """Every country, searchable by name in either language, by region and priority."""
    form = CountryFilterForm(request.GET or None)
    filters = selectors.CountryFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.CountryFilters.from_cleaned(form.cleaned_data)
    rows = selectors.country_rows(user=request.user, filters=filters)
    query = urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "countries/country_list.html",
        {"form": form, "page": page_of(rows, request.GET.get("page")), "query": query},
    )


@require_GET
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One country: its commitments, women's groups, priority status, the units covering
    it and the service's work there, as far as the person may see them."""
    code = _code_or_404(code)
    page = selectors.country_page(user=request.user, code=code)
    keeps = rules.keeps_country(request.user, code, page.covering)
    follow_up_forms: dict[int, FollowUpForm] = {}
    if keeps:
        follow_up_forms = {
            rec.pk: FollowUpForm(prefix=f"fu-{rec.pk}") for rec in page.recommendations
        }
    may_add = keeps and bool(rules.units_to_record_in(request.user, code, page.covering))
    return render(
        request,
        "countries/country_detail.html",
        {
            "country": page,
            "keeps": keeps,
            "may_add": may_add,
            "kinds": KINDS,
            "follow_up_forms": follow_up_forms,
        },
    )


def _form_page(
    request: HttpRequest,
    form: Any,
    kind: Kind,
    code: str,
    record: CountryRecord | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "countries/record_form.html",
        {
            "form": form,
            "kind": kind,
            "code": code,
            "country_name": country_label(code),
            "record": record,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """Add a record of a kind about the country to one of the person's units."""
    code = _code_or_404(code)
    spec = _kind_or_404(kind)
    units = rules.units_to_record_in(request.user, code)
    if not units:
        raise PermissionDenied
    form_class = FORMS[spec.key]
    if request.method == "POST":
        form = form_class(request.POST, units=units)
        if form.is_valid():
            try:
                record, _changed = services.commitment_save(
                    actor=_person(request),
                    kind=spec.key,
                    unit=form.cleaned_data["unit"],
                    country=code,
                    values=form.values(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("It was added."))
                return redirect(record)
        return _form_page(request, form, spec, code, None, status=400)
    return _form_page(request, form_class(units=units), spec, code, None)


@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, code: str, kind: str, pk: int) -> HttpResponse:
    """Change a record; a change made after someone else saved is refused (409)."""
    code = _code_or_404(code)
    spec = _kind_or_404(kind)
    record = _record_or_404(request, spec, code, pk)
    if not rules.may_change(request.user, record):
        raise PermissionDenied
    form_class = FORMS[spec.key]
    if request.method == "POST":
        form = form_class(request.POST, instance=record)
        if form.is_valid():
            try:
                services.commitment_save(
                    actor=_person(request),
                    kind=spec.key,
                    record=record,
                    values=form.values(),
                    version=form.sent_version,
                    classification_reason=form.cleaned_data.get("classification_reason", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return _form_page(request, form, spec, code, record, status=409)
            except PermissionDenied as exc:
                form.add_error("classification", str(exc) or _("You may not do this."))
                return _form_page(request, form, spec, code, record, status=403)
            else:
                messages.success(request, _("It was saved."))
                return redirect(record)
        return _form_page(request, form, spec, code, record, status=400)
    return _form_page(request, form_class(instance=record), spec, code, record)


@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, code: str, kind: str, pk: int) -> HttpResponse:
    """Ask first; then delete the record (recorded in the security log)."""
    code = _code_or_404(code)
    spec = _kind_or_404(kind)
    record = _record_or_404(request, spec, code, pk)
    if not rules.may_change(request.user, record):
        raise PermissionDenied
    if request.method == "POST":
        services.commitment_delete(actor=_person(request), record=record)
        messages.success(request, _("It was deleted."))
        return redirect("countries:detail", code=code)
    return render(
        request,
        "countries/record_delete.html",
        {"record": record, "kind": spec, "code": code, "country_name": country_label(code)},
    )


@require_POST
def follow_up_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Record where a recommendation stands, with the evidence and who reports it."""
    code = _code_or_404(code)
    recommendation = cast(
        Recommendation, _record_or_404(request, KINDS["recommendations"], code, pk)
    )
    if not rules.may_change(request.user, recommendation):
        raise PermissionDenied
    form = FollowUpForm(request.POST, prefix=f"fu-{recommendation.pk}")
    if form.is_valid():
        try:
            services.follow_up_add(
                actor=_person(request), recommendation=recommendation, values=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The follow-up was recorded."))
            return redirect(
                recommendation.get_absolute_url().replace(
                    "#recommendations", f"#rec-{recommendation.pk}"
                )
            )
    return render(
        request,
        "countries/follow_up_form.html",
        {
            "form": form,
            "recommendation": recommendation,
            "code": code,
            "country_name": country_label(code),
        },
        status=400,
    )
