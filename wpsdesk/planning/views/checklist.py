"""The mission checklist: runs, answers, answers turned into activities or evidence, and
comparing runs."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.catalogue.models import Item
from wpsdesk.core.concurrency import StaleEdit, parse_version
from wpsdesk.core.htmx import is_htmx
from wpsdesk.core.units import current_unit
from wpsdesk.organisation.policy import (
    may_edit,
    visible_to,
)
from wpsdesk.planning import selectors, services
from wpsdesk.planning.forms import (
    AnswerForm,
    AnswerToActivityForm,
    ChecklistStartForm,
    CompareForm,
    EvidenceForm,
    YearForm,
)
from wpsdesk.planning.models import (
    ChecklistAnswer,
    ChecklistRun,
    RunStatus,
)
from wpsdesk.planning.selectors import get_visible_or_404

from .common import (
    GET_POST,
    _actor,
    _default_unit,
    _fail,
    _paged,
    _row_url,
)


@require_GET
def checklist_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    units = selectors.units_to_create_in(user=user)
    # The start form has a year too: the filter's fields get ids of their own.
    form = (
        YearForm(request.GET, auto_id="filter_%s")
        if request.GET.get("year")
        else YearForm(auto_id="filter_%s")
    )
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else None
    runs = selectors.checklist_run_list_visible_to(user=user, year=year)
    page, query = _paged(request, runs)
    here = current_unit(request)
    start_form = (
        ChecklistStartForm(
            units=units,
            initial={"unit": here.pk} if here and units.filter(pk=here.pk).exists() else {},
        )
        if units.exists()
        else None
    )
    return render(
        request,
        "planning/checklist_list.html",
        {"page": page, "query": query, "start_form": start_form, "filter_form": form},
    )


@require_POST
def checklist_start(request: HttpRequest) -> HttpResponse:
    units = selectors.units_to_create_in(user=request.user)
    if not units.exists():
        raise PermissionDenied
    form = ChecklistStartForm(request.POST, units=units, default_unit=_default_unit(request, units))
    if form.is_valid():
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        existing = visible_to(ChecklistRun.objects.filter(unit=unit, year=year), user=request.user)
        if existing.exists():
            messages.info(
                request, _("The checklist for %(year)s is already started.") % {"year": year}
            )
            return redirect("planning:checklist_run", existing.get().pk)
        try:
            run = services.checklist_run_start(actor=_actor(request), unit=unit, year=year)
        except ValidationError as exc:
            _fail(request, exc)
            return redirect("planning:checklist_list")
        return redirect("planning:checklist_run", run.pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("planning:checklist_list")


def _run(request: HttpRequest, pk: int, *, edit: bool) -> ChecklistRun:
    queryset = ChecklistRun.objects.select_related("unit", "edition", "completed_by")
    if edit:
        return cast(ChecklistRun, selectors.get_editable_or_404(queryset, user=request.user, pk=pk))
    return get_visible_or_404(queryset, user=request.user, pk=pk)


def _answer_choices() -> Any:
    return AnswerForm.base_fields["answer"].choices  # type: ignore[attr-defined]


@require_GET
def checklist_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist with the unit's answers in folding sections; each row saves on its own."""
    run = _run(request, pk, edit=False)
    rows = selectors.checklist_sheet(run=run)
    can_edit = may_edit(request.user, run)
    target = parse_version(request.GET.get("open"))  # a row's id: digits, as a version is
    return render(
        request,
        "planning/checklist_run.html",
        {
            "run": run,
            "rows": rows,
            "sections": selectors.checklist_sections(rows, open_item=target, open_all=not can_edit),
            "answered": sum(1 for row in rows if row.answer and row.answer.answer),
            "total": len(rows),
            "can_edit": can_edit,
            "choices": _answer_choices(),
        },
    )


#: What a row's "more" part (activity link, evidence) was drawn for when there is no answer.
NO_ANSWER = "-"


@require_POST
def checklist_answer(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Answer one row. With htmx (saved as the person goes): the row's status ("Saved at
    10:42", or what went wrong), with the new version, the counts and, when the answer
    changed what the row offers, its activity link and evidence, swapped out of band; the
    person's own input stays as it is. Without JavaScript: back to the row on the page."""
    run = _run(request, pk, edit=True)
    item = Item.objects.filter(pk=item_pk, edition_id=run.edition_id).first()
    if item is None or not services.checklist_item_in_run(run, item):
        raise Http404
    form = AnswerForm(request.POST, version=0)
    error = ""
    stale: StaleEdit | None = None
    record: ChecklistAnswer | None = None
    if form.is_valid():
        try:
            record = services.checklist_answer_save(
                actor=_actor(request),
                run=run,
                item=item,
                version=form.sent_version,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except StaleEdit as exc:
            stale = exc
            error = exc.message
    elif form.sent_version is None:
        error = " ".join(str(message) for message in form.non_field_errors())
    else:
        error = _("Choose yes, partly, no or not relevant.")
    if is_htmx(request):
        stored = record or (cast(ChecklistAnswer, stale.record) if stale else None)
        was_shown = request.POST.get("shown", NO_ANSWER)[:20]
        now_shown = stored.answer if stored else was_shown
        redraw = stored is not None and now_shown != was_shown
        return render(
            request,
            "planning/checklist_answer.html",
            {
                "run": run,
                "item": item,
                "anchor": selectors.section_anchor(item.code),
                "version": stored.version if stored else form.sent_version,
                "shown": now_shown,
                # The answer's links and evidence, only when what they offer changed: a
                # note saved while typing must not redraw the evidence form one is in.
                "row": selectors.checklist_row(run=run, item=item) if redraw else None,
                "counts": selectors.checklist_counts(run=run, item=item),
                "can_edit": True,
                "error": error,
                "saved_at": timezone.localtime(),
                "stale_changes": stale.changes() if stale else [],
            },
            # htmx swaps only successful responses: the status with its message is one.
        )
    if error:
        messages.error(request, error)
        if stale is not None:
            for change in stale.changes():
                messages.error(request, change.describe())
    return redirect(_row_url(run.pk, item.pk))


def _answer(request: HttpRequest, pk: int, answer_pk: int) -> ChecklistAnswer:
    return cast(
        ChecklistAnswer,
        selectors.get_editable_or_404(
            ChecklistAnswer.objects.select_related("run__unit", "item"),
            user=request.user,
            pk=answer_pk,
            run_id=pk,
        ),
    )


@require_http_methods(GET_POST)
def answer_activity(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    """Turn a "no" or "partly" into an activity in one step."""
    answer = _answer(request, pk, answer_pk)
    if not answer.needs_work:
        messages.error(request, _("Only a “no” or “partly” can become an activity."))
        return redirect(_row_url(pk, answer.item_id))
    user = request.user
    goals = selectors.goals_for_answer(user=user, answer=answer)
    plans = selectors.plans_for_answer(user=user, answer=answer)
    form = AnswerToActivityForm(
        request.POST or None,
        goals=goals,
        plans=plans,
        members=selectors.unit_members(unit_id=answer.run.unit_id),
        initial={"title": answer.item.heading[:300], "owner": user.pk},
    )
    if request.method == "POST" and form.is_valid():
        goal, plan = form.target()
        data = form.cleaned_data
        try:
            activity = services.checklist_answer_to_activity(
                actor=_actor(request),
                answer=answer,
                goal=goal,
                plan=plan,
                title=data["title"],
                owner=data["owner"],
                due_date=data["due_date"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The activity “%(title)s” was added under “%(goal)s”.")
                % {"title": activity.title, "goal": activity.goal.title},
            )
            return redirect(_row_url(pk, answer.item_id))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "planning/answer_activity.html",
        {"form": form, "answer": answer, "run": answer.run, "has_plan": bool(form.plans)},
        status=status,
    )


@require_POST
def answer_evidence(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    answer = _answer(request, pk, answer_pk)
    form = EvidenceForm(request.POST, request.FILES)
    target = _row_url(pk, answer.item_id)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(target)
    data = form.cleaned_data
    try:
        services.evidence_add(
            actor=_actor(request),
            answer=answer,
            text=data["text"],
            url=data["url"],
            upload=data["file"],
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The evidence was added."))
    return redirect(target)


@require_POST
def checklist_complete(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk, edit=True)
    try:
        if run.status == RunStatus.COMPLETED:
            services.checklist_run_reopen(actor=_actor(request), run=run)
            messages.success(request, _("The checklist is open again."))
        else:
            services.checklist_run_complete(actor=_actor(request), run=run)
            messages.success(request, _("The checklist is marked as completed."))
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("planning:checklist_run", run.pk)


@require_GET
def checklist_compare(request: HttpRequest) -> HttpResponse:
    """A unit's checklist answers year by year."""
    user = request.user
    units = selectors.units_with_runs(user=user)
    this_year = timezone.localdate().year
    form = CompareForm(request.GET or None, units=units)
    comparison = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        years = list(range(data["first"], data["last"] + 1))
        comparison = selectors.checklist_comparison(user=user, unit_id=data["unit"].pk, years=years)
    elif not form.is_bound:
        here = current_unit(request)
        form = CompareForm(
            units=units,
            initial={
                "unit": here.pk if here else None,
                "first": this_year - 2,
                "last": this_year,
            },
        )
    return render(
        request,
        "planning/checklist_compare.html",
        {"form": form, "comparison": comparison},
        status=400 if form.is_bound and form.errors else 200,
    )
