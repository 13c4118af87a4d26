"""Pages: negotiation files, their objectives and drafts, statements, side events, forums."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.core.units import current_unit
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import get_visible_or_404, may_edit, visible_to

from . import selectors, services
from .forms import (
    DraftForm,
    FileFilterForm,
    FileForm,
    ForumRecordForm,
    ObjectiveForm,
    SideEventForm,
    StatementForm,
)
from .models import Forum, NegotiationFile, NegotiationObjective, SideEvent, Statement


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _query_without_page(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _file_or_404(request: HttpRequest, pk: int) -> NegotiationFile:
    return get_visible_or_404(selectors.file_detail_queryset(), user=request.user, pk=pk)


def _units_or_403(request: HttpRequest) -> list[Unit]:
    units = selectors.units_to_write(user=request.user)
    if not units:
        raise PermissionDenied
    return units


def _default_unit(request: HttpRequest, units: list[Unit]) -> Unit:
    chosen = current_unit(request)
    return chosen if chosen in units else units[0]


def _save(form: BaseForm, write: Any) -> tuple[Any, int]:
    """Run ``write()`` for a valid form: (the record, 200) or (None, 400/409) with the errors."""
    try:
        return write(), 200
    except ValidationError as exc:
        form.add_error(None, exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You may not make this change."))
    except StaleEdit as exc:
        form.refuse_stale(exc)  # type: ignore[attr-defined]
        return None, 409
    return None, 400


def _values(form: BaseForm, *drop: str) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k not in drop}


# --- negotiation files -------------------------------------------------------------------


@require_GET
def file_list(request: HttpRequest) -> HttpResponse:
    """Negotiation files the person may open, searchable and filtered, 25 to a page."""
    form = FileFilterForm(request.GET or None)
    filters = selectors.FileFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.FileFilters.from_cleaned(form.cleaned_data)
    files = selectors.file_list_visible_to(user=request.user, filters=filters)
    return render(
        request,
        "multilateral/file_list.html",
        {
            "form": form,
            "page": page_of(files, request.GET.get("page")),
            "query": _query_without_page(request),
            "may_create": bool(selectors.units_to_write(user=request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def file_create(request: HttpRequest) -> HttpResponse:
    units = _units_or_403(request)
    form = FileForm(
        request.POST or None, units=units, initial={"unit": _default_unit(request, units).pk}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            file, status = _save(
                form,
                lambda: services.file_save(
                    actor=_person(request),
                    unit=form.cleaned_data["unit"] or _default_unit(request, units),
                    values=_values(form, "unit", "classification_reason"),
                ),
            )
            if file is not None:
                messages.success(request, _("The negotiation file was opened."))
                return redirect(file.get_absolute_url())
    return render(
        request, "multilateral/file_form.html", {"form": form, "file": None}, status=status
    )


@require_GET
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One file: objectives with proposed and adopted language, drafts, allies, statements."""
    file = _file_or_404(request, pk)
    return render(
        request,
        "multilateral/file_detail.html",
        {
            "file": file,
            "overview": selectors.file_overview(file=file, user=request.user),
            "editable": may_edit(request.user, file),
        },
    )


@require_http_methods(["GET", "POST"])
def file_edit(request: HttpRequest, pk: int) -> HttpResponse:
    file = _file_or_404(request, pk)
    if not may_edit(request.user, file):
        raise PermissionDenied
    form = FileForm(request.POST or None, instance=file, units=[file.unit])
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            saved, status = _save(
                form,
                lambda: services.file_save(
                    actor=_person(request),
                    file=file,
                    values=_values(form, "unit", "classification_reason"),
                    version=form.sent_version,
                    classification_reason=form.cleaned_data.get("classification_reason", ""),
                ),
            )
            if saved is not None:
                messages.success(request, _("The negotiation file was saved."))
                return redirect(file.get_absolute_url())
    return render(
        request, "multilateral/file_form.html", {"form": form, "file": file}, status=status
    )


# --- objectives --------------------------------------------------------------------------


def _objective_page(
    request: HttpRequest, file: NegotiationFile, objective: NegotiationObjective | None
) -> HttpResponse:
    if not may_edit(request.user, file):
        raise PermissionDenied
    form = ObjectiveForm(request.POST or None, instance=objective)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = _values(form, "serves_codes")
            values["serves"] = form.cleaned_data["serves_codes"]
            saved, status = _save(
                form,
                lambda: services.objective_save(
                    actor=_person(request),
                    file=file,
                    values=values,
                    objective=objective,
                    version=form.sent_version,
                ),
            )
            if saved is not None:
                messages.success(request, _("The objective was saved."))
                return redirect(file.get_absolute_url() + "#objectives")
    return render(
        request,
        "multilateral/objective_form.html",
        {"form": form, "file": file, "objective": objective},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def objective_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one of Norway's WPS objectives to a file."""
    return _objective_page(request, _file_or_404(request, pk), None)


@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an objective: its language, the outcome and the language adopted."""
    objective = get_visible_or_404(
        NegotiationObjective.objects.select_related("file", "file__unit", "file__forum"),
        user=request.user,
        pk=pk,
    )
    return _objective_page(request, objective.file, objective)


# --- drafts ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def draft_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a screened document of the file's unit as the next draft."""
    file = _file_or_404(request, pk)
    if not may_edit(request.user, file):
        raise PermissionDenied
    form = DraftForm(
        request.POST or None, documents=selectors.documents_to_add(file=file, user=request.user)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            draft, status = _save(
                form,
                lambda: services.draft_add(
                    actor=_person(request),
                    file=file,
                    document=form.cleaned_data["document"],
                    label=form.cleaned_data["label"],
                ),
            )
            if draft is not None:
                messages.success(request, _("The draft was added."))
                return redirect(file.get_absolute_url() + "#drafts")
    return render(
        request, "multilateral/draft_form.html", {"form": form, "file": file}, status=status
    )


# --- statements --------------------------------------------------------------------------


def _files_for(request: HttpRequest, units: list[Unit]) -> QuerySet[NegotiationFile]:
    return visible_to(NegotiationFile.objects.filter(unit__in=units), user=request.user).order_by(
        "-year", "title"
    )


def _statement_page(
    request: HttpRequest,
    *,
    statement: Statement | None,
    units: list[Unit],
    file: NegotiationFile | None = None,
) -> HttpResponse:
    initial: dict[str, Any] = {}
    if file is not None:
        initial = {"unit": file.unit_id, "file": file.pk, "forum": file.forum_id}
        initial["classification"] = file.classification
    elif statement is None:
        initial = {"unit": _default_unit(request, units).pk}
    form = StatementForm(
        request.POST or None,
        instance=statement,
        units=units,
        files=_files_for(request, units),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = _values(form, "unit", "message_codes", "classification_reason")
            values["messages"] = form.cleaned_data["message_codes"]
            saved, status = _save(
                form,
                lambda: services.statement_save(
                    actor=_person(request),
                    unit=(form.cleaned_data.get("unit") or _default_unit(request, units))
                    if statement is None
                    else None,
                    statement=statement,
                    values=values,
                    version=form.sent_version,
                    classification_reason=form.cleaned_data.get("classification_reason", ""),
                ),
            )
            if saved is not None:
                messages.success(request, _("The statement was saved."))
                return redirect(saved.get_absolute_url())
    return render(
        request,
        "multilateral/statement_form.html",
        {"form": form, "statement": statement, "file": file},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def statement_create(request: HttpRequest) -> HttpResponse:
    """Record a statement delivered in a forum."""
    return _statement_page(request, statement=None, units=_units_or_403(request))


@require_http_methods(["GET", "POST"])
def statement_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a statement that belongs to a negotiation file (in the file's unit)."""
    file = _file_or_404(request, pk)
    if not may_edit(request.user, file):
        raise PermissionDenied
    return _statement_page(request, statement=None, units=[file.unit], file=file)


def _statement_or_404(request: HttpRequest, pk: int) -> Statement:
    return get_visible_or_404(selectors.statement_detail_queryset(), user=request.user, pk=pk)


@require_GET
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement_or_404(request, pk)
    file = statement.file
    return render(
        request,
        "multilateral/statement_detail.html",
        {
            "statement": statement,
            # The file is named only to someone who may open it.
            "file": file
            if file is not None
            and visible_to(NegotiationFile.objects.filter(pk=file.pk), user=request.user).exists()
            else None,
            "editable": may_edit(request.user, statement),
        },
    )


@require_http_methods(["GET", "POST"])
def statement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement_or_404(request, pk)
    if not may_edit(request.user, statement):
        raise PermissionDenied
    return _statement_page(request, statement=statement, units=[statement.unit])


# --- side events -------------------------------------------------------------------------


def _event_page(
    request: HttpRequest, *, event: SideEvent | None, units: list[Unit]
) -> HttpResponse:
    initial: dict[str, Any] = {}
    if event is None:
        initial = {"unit": _default_unit(request, units).pk}
        forum = Forum.objects.filter(code=request.GET.get("forum", "")).first()
        if forum is not None:
            initial["forum"] = forum.pk
    form = SideEventForm(
        request.POST or None,
        instance=event,
        units=units,
        files=_files_for(request, units),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = _values(
                form,
                "unit",
                "classification_reason",
                "speakers_women",
                "speakers_men",
                "speakers_other",
            )
            saved, status = _save(
                form,
                lambda: services.side_event_save(
                    actor=_person(request),
                    unit=(form.cleaned_data.get("unit") or _default_unit(request, units))
                    if event is None
                    else None,
                    event=event,
                    values=values,
                    speakers=form.speakers(),
                    version=form.sent_version,
                    classification_reason=form.cleaned_data.get("classification_reason", ""),
                ),
            )
            if saved is not None:
                messages.success(request, _("The side event was saved."))
                return redirect(saved.get_absolute_url())
    return render(
        request,
        "multilateral/event_form.html",
        {"form": form, "event": event},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    """Record a side event organised or attended."""
    return _event_page(request, event=None, units=_units_or_403(request))


def _event_or_404(request: HttpRequest, pk: int) -> SideEvent:
    return get_visible_or_404(selectors.event_detail_queryset(), user=request.user, pk=pk)


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    file = event.file
    return render(
        request,
        "multilateral/event_detail.html",
        {
            "event": event,
            "file": file
            if file is not None
            and visible_to(NegotiationFile.objects.filter(pk=file.pk), user=request.user).exists()
            else None,
            "editable": may_edit(request.user, event),
        },
    )


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    if not may_edit(request.user, event):
        raise PermissionDenied
    return _event_page(request, event=event, units=[event.unit])


# --- forums ------------------------------------------------------------------------------


@require_GET
def forum_list(request: HttpRequest) -> HttpResponse:
    """The forums and how many of their own WPS plans and mandates are recorded."""
    return render(request, "multilateral/forum_list.html", {"forums": selectors.forums()})


@require_GET
def forum_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A forum's own WPS plans and mandates, and the statements and side events in it."""
    forum = get_object_or_404(Forum, code=code)
    return render(
        request,
        "multilateral/forum_detail.html",
        {
            "forum": forum,
            "overview": selectors.forum_overview(forum=forum, user=request.user),
            "may_add": bool(selectors.units_to_write(user=request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def forum_record_add(request: HttpRequest, code: str) -> HttpResponse:
    """Add one of the forum's own WPS action plans or mandates."""
    forum = get_object_or_404(Forum, code=code)
    units = _units_or_403(request)
    form = ForumRecordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            record, status = _save(
                form,
                lambda: services.forum_record_add(
                    actor=_person(request),
                    forum=forum,
                    values=form.cleaned_data,
                    unit=_default_unit(request, units),
                ),
            )
            if record is not None:
                messages.success(request, _("The action plan or mandate was added."))
                return redirect(forum.get_absolute_url())
    return render(
        request,
        "multilateral/forum_record_form.html",
        {"form": form, "forum": forum},
        status=status,
    )
