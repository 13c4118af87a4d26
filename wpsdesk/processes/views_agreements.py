"""Pages: a process's agreements, the clauses tracked in them, and analyses by country."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import get_visible_or_404, may_edit, visible_to

from . import agreements, selectors, services
from .forms import (
    AgreementForm,
    AnalysisFilterForm,
    ClauseForm,
    ClauseStatusForm,
    CountryAnalysisForm,
    SeatsForm,
)
from .models import Agreement, Clause, ClauseDecision, PeaceProcess, StrategyObjective
from .views import _process_or_404, _query_without_page


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _agreement_or_404(request: HttpRequest, pk: int) -> Agreement:
    return get_visible_or_404(selectors.agreement_detail_queryset(), user=request.user, pk=pk)


def _clause_or_404(request: HttpRequest, pk: int) -> Clause:
    return get_visible_or_404(
        Clause.objects.select_related("agreement", "agreement__process"),
        user=request.user,
        pk=pk,
    )


def _theme_choices() -> list[tuple[str, str]]:
    return sorted(agreements.theme_labels().items(), key=lambda item: item[1])


# --- agreements --------------------------------------------------------------------------


def _agreement_form_page(
    request: HttpRequest,
    process: PeaceProcess,
    agreement: Agreement | None,
) -> HttpResponse:
    documents = selectors.documents_to_choose(process=process, user=request.user)
    post = request.POST if request.method == "POST" else None
    form = AgreementForm(post, request.FILES or None, instance=agreement, documents=documents)
    status = 200
    if post is not None:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            text = data.get("text") or ""
            try:
                saved = agreements.agreement_save(
                    actor=_person(request),
                    process=process,
                    values=data,
                    agreement=agreement,
                    document=data.get("existing_document"),
                    text=text if text.strip() else None,
                    upload=data.get("file") or None,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The agreement was saved."))
                return redirect(saved.get_absolute_url())
    return render(
        request,
        "processes/agreement_form.html",
        {"form": form, "process": process, "agreement": agreement},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an agreement of the process, with its text to screen."""
    process = _process_or_404(request, pk)
    if not may_edit(request.user, process):
        raise PermissionDenied
    return _agreement_form_page(request, process, None)


@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an agreement: title, date, parties, its text."""
    agreement = _agreement_or_404(request, pk)
    if not may_edit(request.user, agreement):
        raise PermissionDenied
    return _agreement_form_page(request, agreement.process, agreement)


@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An agreement: its text's screening, the clauses offered, tracked and turned down,
    the women's seats in its mechanisms and its WPS strategy."""
    agreement = _agreement_or_404(request, pk)
    editable = may_edit(request.user, agreement)
    tracked, rejected = selectors.agreement_clauses(agreement)
    document = agreement.document
    # The text is named only to someone who may open the screened document.
    readable_document = (
        document
        if document is not None
        and visible_to(type(document).objects.filter(pk=document.pk), user=request.user).exists()
        else None
    )
    offers = (
        agreements.offers_for(agreement, [*tracked, *rejected])
        if editable and readable_document
        else []
    )
    labels = agreements.theme_labels()
    for offer in offers:
        offer.theme_labels = [labels.get(t, t) for t in offer.themes]
    for clause in (*tracked, *rejected):
        clause.theme_label = labels.get(clause.theme, clause.theme)  # type: ignore[attr-defined]
    seats = list(
        agreement.mechanism_seats.select_related("clause").order_by("mechanism", "-as_of", "-pk")
    )
    latest: dict[str, Any] = {}
    for row in seats:
        latest.setdefault(row.mechanism, row)
    objectives = list(
        visible_to(StrategyObjective.objects.filter(agreement=agreement), user=request.user)
        .select_related("responsible")
        .order_by("approach", "pk")
    )
    return render(
        request,
        "processes/agreement_detail.html",
        {
            "agreement": agreement,
            "process": agreement.process,
            "editable": editable,
            "document": readable_document,
            "offers": offers,
            "tracked": tracked,
            "rejected": rejected,
            "counts": selectors.clause_counts(tracked),
            "mechanisms": list(latest.values()),
            "seats": seats,
            "objectives": objectives,
        },
    )


@require_POST
def clause_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or turn down a provision the screening offered."""
    agreement = _agreement_or_404(request, pk)
    if not may_edit(request.user, agreement):
        raise PermissionDenied
    provision = request.POST.get("provision", "")
    action = request.POST.get("action", "")
    service = {"accept": agreements.clause_accept, "reject": agreements.clause_reject}.get(action)
    if service is None:
        messages.error(request, _("Choose whether to track the clause or not."))
        return redirect(agreement.get_absolute_url() + "#offers")
    try:
        service(actor=_person(request), agreement=agreement, provision=provision)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The clause is tracked.")
            if action == "accept"
            else _("The provision will not be offered again."),
        )
    return redirect(agreement.get_absolute_url() + "#offers")


@require_http_methods(["GET", "POST"])
def clause_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Track a clause by hand."""
    agreement = _agreement_or_404(request, pk)
    if not may_edit(request.user, agreement):
        raise PermissionDenied
    form = ClauseForm(request.POST or None, themes=_theme_choices())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                agreements.clause_add(
                    actor=_person(request), agreement=agreement, values=form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The clause is tracked."))
                return redirect(agreement.get_absolute_url() + "#clauses")
    return render(
        request,
        "processes/clause_form.html",
        {"form": form, "agreement": agreement, "clause": None},
        status=status,
    )


@require_GET
def clause_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One clause: its text, the body responsible, its implementation history."""
    clause = _clause_or_404(request, pk)
    editable = may_edit(request.user, clause) and clause.decision == ClauseDecision.TRACKED
    return render(
        request,
        "processes/clause_detail.html",
        {
            "clause": clause,
            "agreement": clause.agreement,
            "editable": editable,
            "theme": agreements.theme_labels().get(clause.theme, clause.theme),
            "history": clause.status_history.select_related("recorded_by").order_by(
                "-since", "-id"
            ),
            "seats": clause.mechanism_seats.order_by("mechanism", "-as_of", "-pk"),
            "status_form": ClauseStatusForm(
                version=clause.version, initial={"since": timezone.localdate()}
            )
            if editable
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
def clause_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a tracked clause's wording, theme or the body responsible."""
    clause = _clause_or_404(request, pk)
    if not may_edit(request.user, clause):
        raise PermissionDenied
    form = ClauseForm(request.POST or None, instance=clause, themes=_theme_choices())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                agreements.clause_update(
                    actor=_person(request),
                    clause=clause,
                    values=form.cleaned_data,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The clause was saved."))
                return redirect(clause.get_absolute_url())
    return render(
        request,
        "processes/clause_form.html",
        {"form": form, "agreement": clause.agreement, "clause": clause},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def clause_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a dated implementation status, with its evidence, to a clause."""
    clause = _clause_or_404(request, pk)
    if not may_edit(request.user, clause):
        raise PermissionDenied
    form = ClauseStatusForm(
        request.POST or None, version=clause.version, initial={"since": timezone.localdate()}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                agreements.clause_status_record(
                    actor=_person(request),
                    clause=clause,
                    status=data["status"],
                    since=data["since"],
                    evidence=data["evidence"],
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The implementation status was recorded."))
                return redirect(clause.get_absolute_url())
    return render(
        request,
        "processes/clause_status_form.html",
        {"form": form, "clause": clause, "agreement": clause.agreement},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def seats_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the women's seats in a follow-up or monitoring mechanism."""
    agreement = _agreement_or_404(request, pk)
    if not may_edit(request.user, agreement):
        raise PermissionDenied
    clauses = agreement.clauses.filter(decision=ClauseDecision.TRACKED).order_by("pk")
    form = SeatsForm(
        request.POST or None,
        clauses=clauses,
        initial={"as_of": timezone.localdate(), "mechanism": request.GET.get("mechanism", "")},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                agreements.seats_record(
                    actor=_person(request),
                    agreement=agreement,
                    mechanism=data["mechanism"],
                    seats_total=data["seats_total"],
                    seats_women=data["seats_women"],
                    as_of=data["as_of"],
                    clause=data.get("clause"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The seats were recorded."))
                return redirect(agreement.get_absolute_url() + "#mechanisms")
    return render(
        request,
        "processes/seats_form.html",
        {"form": form, "agreement": agreement},
        status=status,
    )


# --- analyses of a process or a country --------------------------------------------------


@require_GET
def analysis_list(request: HttpRequest) -> HttpResponse:
    """Analyses the person may open, of processes and of countries, by country and words."""
    form = AnalysisFilterForm(request.GET or None)
    filters = selectors.AnalysisFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.AnalysisFilters(
            q=(form.cleaned_data.get("q") or "").strip(),
            country=form.cleaned_data.get("country") or "",
        )
    page = page_of(
        selectors.analysis_list_visible_to(user=request.user, filters=filters),
        request.GET.get("page"),
    )
    # A process is named only to someone who may read it (the analysis may be wider).
    process_ids = {a.process_id for a in page.object_list if a.process_id}
    readable = (
        set(
            visible_to(
                PeaceProcess.objects.filter(pk__in=process_ids), user=request.user
            ).values_list("pk", flat=True)
        )
        if process_ids
        else set()
    )
    return render(
        request,
        "processes/analysis_list.html",
        {
            "form": form,
            "page": page,
            "readable_processes": readable,
            "query": _query_without_page(request),
            "may_create": bool(selectors.units_to_lead(user=request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def analysis_create_country(request: HttpRequest) -> HttpResponse:
    """Start an analysis of a country rather than of one process."""
    units = selectors.units_to_lead(user=request.user)
    if not units:
        raise PermissionDenied
    form = CountryAnalysisForm(
        request.POST or None,
        units=units,
        initial={"unit": units[0].pk, "country": request.GET.get("country", "")},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                analysis = services.analysis_create(
                    actor=_person(request),
                    unit=form.cleaned_data["unit"] or units[0],
                    title=form.cleaned_data["title"],
                    country=form.cleaned_data["country"],
                    classification=form.cleaned_data["classification"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The analysis was started. Answer the questions."))
                return redirect("processes:analysis_edit", pk=analysis.pk)
    return render(
        request,
        "processes/analysis_create.html",
        {"form": form, "process": None},
        status=status,
    )
