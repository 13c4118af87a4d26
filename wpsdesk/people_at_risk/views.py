"""Pages for people at risk. Thin: the selectors decide what opens, the services write.

Every record page answers 404 to anyone without a grant in force on the record ("not
yours" = "not there"). The list, the name search and the form for a new record open to
people with a unit role (showing only what their grants open), never to administrators
or auditors. There is deliberately no API (``docs/people-at-risk.md``).
"""

from __future__ import annotations

import os
from typing import Any, cast
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.accounts.reauth import require_reauthentication
from wpsdesk.core import sealed_files, tabular
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.core.units import units_of
from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import may_create_in, may_edit, may_lead, unit_access
from wpsdesk.planning import files as uploads

from . import selectors, services
from .forms import (
    AssessmentForm,
    EventForm,
    FileForm,
    MeasureForm,
    NameSearchForm,
    PersonFilterForm,
    PersonForm,
    ReviewForm,
)
from .models import Assessment, Attachment, MonitoringEvent, PersonAtRisk, ProtectionMeasure


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _require_use(request: HttpRequest) -> None:
    if not selectors.may_use(request.user):
        raise PermissionDenied


def _creatable_units(request: HttpRequest) -> list[Any]:
    return [unit for unit in units_of(request) if may_create_in(request.user, unit)]


def _list_page(
    request: HttpRequest,
    *,
    search: NameSearchForm,
    found: list[PersonAtRisk] | None = None,
    status: int = 200,
) -> HttpResponse:
    form = PersonFilterForm(request.GET or None)
    filters = selectors.PersonFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.PersonFilters(**form.cleaned_data)
    people = selectors.people_visible_to(user=request.user, filters=filters)
    page = page_of(people, request.GET.get("page"))
    query = urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "people_at_risk/person_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "search": search,
            "found": found,
            "may_add": bool(_creatable_units(request)),
            "figures": selectors.aggregate(unit_ids=list(unit_access(request.user))),
            "small_cell": selectors.SMALL_CELL,
        },
        status=status,
    )


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """The people at risk the person holds a grant on, searchable by code name, 25 a page."""
    _require_use(request)
    return _list_page(request, search=NameSearchForm())


@require_POST
def name_search(request: HttpRequest) -> HttpResponse:
    """Exact real-name search (POST: the name is never in an address); always logged."""
    _require_use(request)
    search = NameSearchForm(request.POST)
    if not search.is_valid():
        return _list_page(request, search=search, status=400)
    found = selectors.people_named(user=request.user, name=search.cleaned_data["name"])
    services.record_name_search(actor=_person(request), found=len(found))
    return _list_page(request, search=NameSearchForm(), found=found)


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    """Record a person at risk; strictly restricted from the first save."""
    _require_use(request)
    units = _creatable_units(request)
    if not units:
        raise PermissionDenied
    form = PersonForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=_person(request),
                unit=form.only_unit or form.cleaned_data["unit"],
                values=form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "%(code)s was recorded as person at risk #%(number)s. It opens only to "
                    "people a unit lead grants access and a second lead approves."
                )
                % {"code": person.code_name, "number": person.pk},
            )
            return redirect("people_at_risk:list")
    status = 400 if form.is_bound else 200
    return render(
        request, "people_at_risk/person_form.html", {"form": form, "person": None}, status=status
    )


def _detail(
    request: HttpRequest, person: PersonAtRisk, status: int = 200, **forms: Any
) -> HttpResponse:
    editable = person.anonymised_at is None and may_edit(request.user, person)
    if editable:
        forms.setdefault("event_form", EventForm())
        forms.setdefault("assessment_form", AssessmentForm())
        forms.setdefault("measure_form", MeasureForm())
        forms.setdefault("file_form", FileForm())
        forms.setdefault("review_form", ReviewForm())
    is_lead = may_lead(request.user, person.unit_id)
    return render(
        request,
        "people_at_risk/person_detail.html",
        {
            "person": person,
            "editable": editable,
            "events": list(MonitoringEvent.objects.filter(person=person)),
            "assessments": list(Assessment.objects.filter(person=person)),
            "measures": list(ProtectionMeasure.objects.filter(person=person)),
            "files": list(Attachment.objects.filter(person=person)),
            "reads": selectors.reads_of(person) if is_lead else None,
            "anonymise_on": services.anonymise_due_on(person),
            **forms,
        },
        status=status,
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's record, log, assessments, measures and files; to its lead, who read it."""
    person = selectors.person_for(user=request.user, pk=pk)
    return _detail(request, person)


def _editable(request: HttpRequest, pk: int) -> PersonAtRisk:
    person = selectors.person_for(user=request.user, pk=pk)
    if not may_edit(request.user, person) or person.anonymised_at is not None:
        raise PermissionDenied
    return person


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the record (code name, role, country, the encrypted details, consent)."""
    person = _editable(request, pk)
    form = PersonForm(request.POST or None, instance=person)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.person_update(
                    actor=_person(request),
                    person=person,
                    values=form.cleaned_data,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The record was saved."))
                return redirect(person)
    return render(
        request, "people_at_risk/person_form.html", {"form": form, "person": person}, status=status
    )


def _add(
    request: HttpRequest,
    pk: int,
    form_class: type[Any],
    form_name: str,
    service: Any,
    done: str,
) -> HttpResponse:
    person = _editable(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=_person(request), person=person, values=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect(person)
    return _detail(request, person, status=400, **{form_name: form})


@require_POST
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an entry to the monitoring log."""
    return _add(
        request, pk, EventForm, "event_form", services.event_add, _("The event was logged.")
    )


@require_POST
def assessment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an assessment of freedom of action and security."""
    return _add(
        request,
        pk,
        AssessmentForm,
        "assessment_form",
        services.assessment_add,
        _("The assessment was recorded."),
    )


@require_POST
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a measure (support, referral, forum participation)."""
    return _add(
        request, pk, MeasureForm, "measure_form", services.measure_add, _("The measure was added.")
    )


@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a measure: its status and, for a referral, its outcome."""
    measure = selectors.measure_for(user=request.user, pk=pk)
    person = measure.person
    if not may_edit(request.user, person) or person.anonymised_at is not None:
        raise PermissionDenied
    # A page of its own: no prefix (the record page's add form carries one).
    form = MeasureForm(request.POST or None, instance=measure, prefix="")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.measure_update(
                    actor=_person(request),
                    measure=measure,
                    values=form.cleaned_data,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The measure was saved."))
                return redirect(person)
    return render(
        request,
        "people_at_risk/measure_form.html",
        {"form": form, "measure": measure, "person": person},
        status=status,
    )


@require_POST
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep a file on the record: checked, stripped of metadata, sealed."""
    person = _editable(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            checked = uploads.check_upload(form.cleaned_data["upload"])
            services.attachment_add(
                actor=_person(request),
                person=person,
                name=checked.name,
                content_type=checked.content_type,
                data=checked.data,
            )
        except ValidationError as exc:
            form.add_error("upload", exc)
        else:
            messages.success(request, _("The file was added."))
            return redirect(person)
    return _detail(request, person, status=400, file_form=form)


@require_GET
def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A file, to people who may read its record: always as an attachment, never cached."""
    attachment = selectors.attachment_for(user=request.user, pk=pk)
    try:
        data = sealed_files.load(attachment.file_key)
    except Exception as exc:  # a missing or unreadable file: nothing to give
        raise Http404 from exc
    return _download(data, attachment.file_name)


def _download(
    data: bytes, name: str, content_type: str = "application/octet-stream"
) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response


@require_POST
def person_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the record reviewed and set the next review date."""
    person = _editable(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.person_review(
                actor=_person(request),
                person=person,
                next_review_on=form.cleaned_data["next_review_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect(person)
    return _detail(request, person, status=400, review_form=form)


@require_POST
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """One record, everything on it, as a CSV file: after a current code, and logged.

    Access first (404 for everyone else, as on the page), then the current code.
    """
    person = selectors.person_for(user=request.user, pk=pk)
    return _export(request, person)


@require_reauthentication
def _export(request: HttpRequest, person: PersonAtRisk) -> HttpResponse:
    services.record_export(actor=_person(request), person=person)
    rows: list[list[Any]] = [
        ["person", "", _("code name"), person.code_name],
        ["person", "", _("role"), person.get_role_display()],
        ["person", "", _("country"), person.country],
        ["person", "", _("real name"), person.real_name],
        ["person", "", _("contact details"), person.contact],
        ["person", "", _("notes"), person.notes],
        ["person", "", _("what the person agreed to"), person.consent_scope],
        [
            "person",
            person.consent_on or "",
            _("consent given how"),
            person.get_consent_how_display(),
        ],
        ["person", person.review_on, _("review by"), ""],
    ]
    for event in MonitoringEvent.objects.filter(person=person):
        summary = " / ".join(
            [
                str(event.get_kind_display()),
                str(event.get_severity_display()),
                str(event.get_source_display()),
                str(event.get_reliability_display()),
            ]
        )
        rows.append(["log", event.occurred_on, summary, event.description])
    for assessment in Assessment.objects.filter(person=person):
        summary = (
            f"{assessment.get_freedom_of_action_display()} / {assessment.get_security_display()}"
        )
        rows.append(["assessment", assessment.assessed_on, summary, assessment.note])
    for measure in ProtectionMeasure.objects.filter(person=person):
        summary = (
            f"{measure.get_kind_display()} / {measure.get_status_display()} / {measure.mechanism}"
        )
        rows.append(["measure", measure.started_on, summary, measure.outcome])
    data = tabular.csv_bytes([_("part"), _("date"), _("what"), _("text")], rows)
    name = f"person-at-risk-{person.pk}.csv"
    return _download(data, os.path.basename(name), content_type=tabular.CSV_TYPE)
