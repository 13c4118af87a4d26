"""Pages: the screened documents, adding one, its results with the text, and changing it.

Every page reaches documents through the policy layer: lists and counts through
``visible_to``, one document through ``get_visible_or_404`` (another unit's document is
404), and writes through the services, which check ``may_edit`` / ``may_create_in`` again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.htmx import is_htmx
from wpsdesk.core.units import current_unit, units_of
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import (
    get_visible_or_404,
    may_create_in,
    may_edit,
    units_visible_to,
    visible_to,
)
from wpsdesk.processes.selectors import processes_to_choose

from . import recovery, services
from .engine import load_taxonomy
from .forms import DocumentEditForm, DocumentFilterForm, DocumentForm, FindingFilterForm
from .highlight import Segment, Span, highlight
from .models import DocumentType, ScreenedDocument, ScreenedDocumentQuerySet, Status
from .reasons import failure_reason

PAGE_SIZE = 25
PROVISIONS_PER_PAGE = 50
# What the list shows; the text and the result are large, encrypted and not needed there.
LIST_DEFERRED = ("text", "result")
# What the progress fragment needs (and the policy layer's unit and classification).
PROGRESS_FIELDS = (
    "title",
    "unit",
    "classification",
    "status",
    "stage",
    "progress",
    "progress_at",
    "error",
)


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def label_of(label: dict[str, str]) -> str:
    """The bokmål label when the page is in Norwegian, the English one otherwise."""
    language = "nb" if (get_language() or "").startswith("nb") else "en"
    return label.get(language) or label.get("en") or ""


def theme_labels() -> dict[str, str]:
    """Every theme of the current taxonomy, id to label in the page's language."""
    return {theme.id: label_of(theme.label) for theme in load_taxonomy().themes}


def _query_without_page(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _units_for_adding(request: HttpRequest) -> list[Unit]:
    """The person's own units in which they may add documents (cached roles, no query)."""
    return [unit for unit in units_of(request) if may_create_in(request.user, unit)]


def _filtered(
    documents: ScreenedDocumentQuerySet, data: dict[str, Any]
) -> ScreenedDocumentQuerySet:
    if data.get("q"):
        documents = documents.filter(title__icontains=data["q"])
    if data.get("unit"):
        documents = documents.filter(unit=data["unit"])
    if data.get("doc_type"):
        kind = data["doc_type"]
        documents = documents.filter(Q(detected_type=kind) | Q(detected_type="", chosen_type=kind))
    if data.get("status"):
        documents = documents.filter(status=data["status"])
    if data.get("theme"):
        documents = documents.with_theme(data["theme"])
    return documents


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """Documents the person may read, searchable and filtered, 25 to a page."""
    labels = theme_labels()
    form = DocumentFilterForm(
        request.GET or None,
        units=units_visible_to(user=request.user).order_by("name"),
        themes=sorted(labels.items(), key=lambda item: item[1]),
    )
    documents = cast(
        ScreenedDocumentQuerySet,
        visible_to(
            ScreenedDocument.objects.select_related("unit").defer(*LIST_DEFERRED),
            user=request.user,
        ),
    )
    if form.is_bound and form.is_valid():
        documents = _filtered(documents, form.cleaned_data)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "screening/document_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "may_add": bool(_units_for_adding(request)),
        },
    )


def _form_page(request: HttpRequest, form: DocumentForm, status: int = 200) -> HttpResponse:
    return render(request, "screening/document_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    """Upload a file or paste a text; small ones are screened at once, long ones queued."""
    units = _units_for_adding(request)
    if not units:
        raise PermissionDenied
    choices = Unit.objects.filter(pk__in=[unit.pk for unit in units]).order_by("name")
    chosen = current_unit(request)
    unit = next((u for u in units if u == chosen), units[0])
    processes = processes_to_choose(user=request.user)
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, units=choices, processes=processes)
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("file") or None
            try:
                document = services.add_document(
                    actor=_person(request),
                    unit=data["unit"] or unit,
                    title=data["title"],
                    classification=data["classification"],
                    chosen_type=data["chosen_type"],
                    upload=upload,
                    text=None if upload else data["text"],
                    process=data.get("process"),
                )
            except ValidationError as exc:
                form.add_error("file" if upload else "text", exc)
            else:
                if document.status == Status.DONE:
                    messages.success(request, _("The document was screened."))
                elif document.status != Status.FAILED:
                    messages.info(
                        request,
                        _("The document is long: it is being screened. This page shows how far."),
                    )
                return redirect("screening:detail", pk=document.pk)
        return _form_page(request, form, status=400)
    initial: dict[str, Any] = {"unit": unit.pk}
    if request.GET.get("process", "").isdigit():
        initial["process"] = int(request.GET["process"])
    return _form_page(request, DocumentForm(units=choices, processes=processes, initial=initial))


@dataclass
class ProvisionView:
    """One provision holding findings, ready for the page."""

    id: str
    page: int
    preamble: bool
    segments: list[Segment]
    findings: list[dict[str, Any]]


GAP_REASONS = {
    "nothing": gettext_lazy("Nothing found."),
    "passing_only": gettext_lazy("Only passing mentions; no provision commits to it."),
    "preamble_only": gettext_lazy("Only in the preamble, which commits to nothing."),
    "not_established": gettext_lazy("No provision establishes what this point names."),
}


def _gap_detail(gap: dict[str, Any]) -> str:
    """Why a gap-list point is met or not, in the reader's language where the engine says why."""
    why = gap.get("why", "")
    if why == "found" and gap.get("where"):
        return _("Found in %(provisions)s.") % {"provisions": ", ".join(gap["where"])}
    if why in GAP_REASONS:
        return str(GAP_REASONS[why])
    return str(gap.get("detail", ""))  # results screened before the engine said why


def _results(request: HttpRequest, document: ScreenedDocument) -> dict[str, Any]:
    """What the results part of the page shows: summary, gaps, and the marked text."""
    data = document.result_data()
    summary = data.get("summary", {})
    labels = theme_labels()
    present = [
        {
            "id": row["theme"],
            "label": labels.get(row["theme"]) or label_of(row.get("label", {})),
            "findings": row.get("findings", 0),
            "substantive": row.get("substantive", 0),
            "provisions": row.get("provisions", 0),
            "resolutions": list(row.get("resolutions", [])),
            "guidelines": list(row.get("guidelines", [])),
        }
        for row in summary.get("themes", [])
    ]
    absent = [labels.get(theme, theme) for theme in summary.get("absent", [])]
    severities = {"required": _("Required"), "recommended": _("Recommended")}
    gaps = [
        {
            "label": label_of(gap.get("label", {})),
            "met": bool(gap.get("met")),
            "severity": severities.get(gap.get("severity", ""), gap.get("severity", "")),
            "detail": _gap_detail(gap),
            "guidelines": gap.get("guidelines", []),
            "resolutions": gap.get("resolutions", []),
        }
        for gap in summary.get("gaps", [])
    ]
    red_flags = [
        {
            "flag": flag.get("flag", ""),
            "label": label_of(flag.get("label", {})),
            "explanation": label_of(flag.get("explanation", {})),
            "provision": flag.get("provision", ""),
            "page": flag.get("page", 1),
            "excerpt": flag.get("excerpt", ""),
            "names_theme": bool(flag.get("names_theme")),
            "guidelines": flag.get("guidelines", []),
        }
        for flag in summary.get("red_flags", [])
    ]
    strongest = [
        {**row, "theme_labels": [labels.get(t, t) for t in row.get("themes", [])]}
        for row in summary.get("strongest_provisions", [])
    ]

    filters = FindingFilterForm(
        request.GET or None, themes=[(t["id"], t["label"]) for t in present]
    )
    wanted: dict[str, Any] = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    findings = [
        finding
        for finding in data.get("findings", [])
        if (not wanted.get("theme") or finding["theme"] == wanted["theme"])
        and (not wanted.get("weight") or finding["weight"] == wanted["weight"])
        and (not wanted.get("on_page") or finding["page"] == wanted["on_page"])
    ]
    by_provision: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in findings:
        by_provision[finding["provision"]].append(
            {**finding, "theme_label": labels.get(finding["theme"], finding["theme"])}
        )
    provisions = [p for p in data.get("provisions", []) if p["id"] in by_provision]
    page = Paginator(provisions, PROVISIONS_PER_PAGE).get_page(request.GET.get("page"))
    # A page break inside a provision shows as a line break; same length, same offsets.
    text = document.text.replace("\f", "\n")
    shown = [
        ProvisionView(
            id=p["id"],
            page=p["page"],
            preamble=bool(p.get("preamble")),
            segments=highlight(
                text,
                (Span(f["start"], f["end"], f["theme_label"]) for f in by_provision[p["id"]]),
                start=p["start"],
                end=p["end"],
            ),
            findings=sorted(by_provision[p["id"]], key=lambda f: f["start"]),
        )
        for p in page.object_list
    ]
    return {
        "summary": summary,
        "present": present,
        "absent": absent,
        "gaps": gaps,
        "gaps_open": sum(1 for gap in gaps if not gap["met"]),
        "red_flags": red_flags,
        # The summary counts the list it shows: one source of truth for both.
        "finding_total": len(data.get("findings", [])),
        "substantive_total": sum(
            1 for f in data.get("findings", []) if f.get("weight") == "substantive"
        ),
        "strongest": strongest,
        "filters": filters,
        "filtered": bool(wanted and any(wanted.values())),
        "shown_findings": len(findings),
        "provisions": shown,
        "page": page,
        "query": _query_without_page(request),
        "warnings": data.get("document", {}).get("warnings", []),
    }


def _document_or_404(request: HttpRequest, pk: int) -> ScreenedDocument:
    return get_visible_or_404(
        ScreenedDocument.objects.select_related("unit", "added_by"), user=request.user, pk=pk
    )


def _type_label(document: ScreenedDocument) -> str:
    kind = document.detected_type or document.chosen_type
    return str(DocumentType(kind).label) if kind in DocumentType.values else ""


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's status while it is screened; then its summary, gaps and marked text."""
    document = _document_or_404(request, pk)
    context: dict[str, Any] = {
        "document": document,
        "failure_reason": failure_reason(document),
        "editable": may_edit(request.user, document),
        "type_label": _type_label(document),
    }
    if document.status == Status.DONE:
        context.update(_results(request, document))
    return render(request, "screening/document_detail.html", context)


@require_GET
def document_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the detail page polls; once finished it asks for a reload.

    Read through ``visible_to`` rather than ``get_visible_or_404``: the page itself logged
    the reading of a restricted document, and a poll every two seconds is not a new read.
    """
    visible = visible_to(ScreenedDocument.objects.only(*PROGRESS_FIELDS), user=request.user)
    document = visible.filter(pk=pk).first()
    if document is None:
        raise Http404
    # The poll is also a look-out: a job whose worker died is queued again (or stopped).
    if not document.finished and recovery.recover_lost(document_id=pk):
        document = visible.get(pk=pk)
    response = render(request, "screening/document_detail.html#progress", {"document": document})
    if (document.finished or document.stalled) and is_htmx(request):
        response["HX-Refresh"] = "true"
    return response


@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename, reclassify or retype; a new type screens the text again."""
    document = _document_or_404(request, pk)
    if not may_edit(request.user, document):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = DocumentEditForm(request.POST, version=document.version)
        status = 400
        if form.is_valid():
            try:
                retyped = services.update_document(
                    actor=_person(request),
                    document=document,
                    version=form.sent_version,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied:
                form.add_error(None, _("Only the unit lead may lower a classification."))
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                if retyped:
                    messages.success(request, _("The document was saved and screened again."))
                else:
                    messages.success(request, _("The document was saved."))
                return redirect("screening:detail", pk=document.pk)
    else:
        form = DocumentEditForm(
            version=document.version,
            initial={
                "title": document.title,
                "classification": document.classification,
                "chosen_type": document.chosen_type,
            },
        )
    return render(
        request,
        "screening/document_edit.html",
        {"form": form, "document": document},
        status=status,
    )


@require_POST
def document_rescreen(request: HttpRequest, pk: int) -> HttpResponse:
    """Screen the kept text again (after a taxonomy update, or when it failed)."""
    document = _document_or_404(request, pk)
    if not may_edit(request.user, document):
        raise PermissionDenied
    try:
        services.rescreen(actor=_person(request), document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The document is being screened again."))
    return redirect("screening:detail", pk=document.pk)


@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; then delete the document and its findings (recorded in the security log)."""
    document = _document_or_404(request, pk)
    if not may_edit(request.user, document):
        raise PermissionDenied
    if request.method == "POST":
        title = document.title
        services.delete_document(actor=_person(request), document=document)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("screening:list")
    return render(request, "screening/document_delete.html", {"document": document})
