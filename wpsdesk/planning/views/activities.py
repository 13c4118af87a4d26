"""Activity pages: the list, creating, editing and progress, and evidence uploads and downloads."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.htmx import is_htmx
from wpsdesk.organisation.policy import (
    may_edit,
    units_visible_to,
)
from wpsdesk.planning import files, selectors, services
from wpsdesk.planning.forms import (
    ActivityFilterForm,
    ActivityForm,
    EvidenceForm,
    ProgressForm,
)
from wpsdesk.planning.models import (
    Activity,
    Evidence,
    EvidenceKind,
    Goal,
)
from wpsdesk.planning.selectors import get_visible_or_404

from .common import (
    GET_POST,
    _actor,
    _attachment,
    _paged,
    _refuse_stale,
    _row_url,
)


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    """Activities the person may read, across plans: search, filters and paging."""
    user = request.user
    form = ActivityFilterForm(
        request.GET,
        units=units_visible_to(user=user).order_by("name"),
        years=selectors.plan_years(user=user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    activities = selectors.activity_list_visible_to(
        user=user,
        q=filters.get("q") or "",
        status=filters.get("status") or "",
        unit_id=filters["unit"].pk if filters.get("unit") else None,
        year=filters.get("year"),
        owner_id=user.pk if filters.get("mine") else None,
        overdue=bool(filters.get("overdue")),
    )
    page, query = _paged(request, activities)
    return render(
        request,
        "planning/activity_list.html",
        {"form": form, "page": page, "query": query, "today": timezone.localdate()},
    )


@require_http_methods(GET_POST)
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.get_editable_or_404(
        Goal.objects.select_related("plan__unit"), user=request.user, pk=pk
    )
    form = ActivityForm(
        request.POST or None,
        members=selectors.unit_members(unit_id=goal.plan.unit_id),
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=_actor(request), goal=goal, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The activity was added."))
            return redirect("planning:activity_detail", activity.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "planning/activity_form.html",
        {"form": form, "goal": goal, "activity": None},
        status=status,
    )


def _activity(request: HttpRequest, pk: int, *, edit: bool) -> Activity:
    queryset = Activity.objects.select_related("goal__plan__unit", "owner", "from_answer__item")
    if edit:
        return cast(Activity, selectors.get_editable_or_404(queryset, user=request.user, pk=pk))
    return get_visible_or_404(queryset, user=request.user, pk=pk)


def _activity_page(
    request: HttpRequest,
    activity: Activity,
    *,
    progress_form: ProgressForm | None = None,
    evidence_form: EvidenceForm | None = None,
    status: int = 200,
    template: str = "planning/activity_detail.html",
) -> HttpResponse:
    can_edit = may_edit(request.user, activity)
    return render(
        request,
        template,
        {
            "activity": activity,
            "can_edit": can_edit,
            "progress_form": progress_form or ProgressForm(initial={"status": activity.status}),
            "evidence_form": evidence_form or EvidenceForm(),
            **selectors.activity_detail(activity=activity),
        },
        status=status,
    )


@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_page(request, _activity(request, pk, edit=False))


@require_http_methods(GET_POST)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, edit=True)
    initial = {
        "title": activity.title,
        "owner": activity.owner_id,
        "due_date": activity.due_date,
        "status": activity.status,
        "drop_reason": activity.drop_reason,
        "notes": activity.notes,
    }
    form = ActivityForm(
        request.POST or None,
        members=selectors.unit_members(unit_id=activity.goal.plan.unit_id),
        initial=initial,
        version=activity.version,
    )
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                actor=_actor(request),
                activity=activity,
                version=form.sent_version,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except StaleEdit as exc:
            status = _refuse_stale(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("planning:activity_detail", activity.pk)
    return render(
        request,
        "planning/activity_form.html",
        {"form": form, "goal": activity.goal, "activity": activity},
        status=status,
    )


@require_POST
def activity_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A progress note and/or a new status; htmx swaps the progress section in place."""
    activity = _activity(request, pk, edit=True)
    form = ProgressForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.progress_add(actor=_actor(request), activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 400
        else:
            if not is_htmx(request):
                messages.success(request, _("The progress was recorded."))
                return redirect("planning:activity_detail", activity.pk)
            form = ProgressForm(initial={"status": activity.status})
    else:
        status = 400
    template = "planning/activity_detail.html"
    if is_htmx(request):
        # htmx swaps only successful responses: the section with its errors is one.
        template += "#progress"
        status = 200
    return _activity_page(request, activity, progress_form=form, status=status, template=template)


@require_POST
def activity_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, edit=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_add(
                actor=_actor(request),
                activity=activity,
                text=data["text"],
                url=data["url"],
                upload=data["file"],
            )
        except ValidationError as exc:
            form.add_error("file" if data["file"] else None, exc)
        else:
            messages.success(request, _("The evidence was added."))
            return redirect("planning:activity_detail", activity.pk)
    return _activity_page(request, activity, evidence_form=form, status=400)


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded file, to people who may read its record: always as an attachment."""
    evidence = get_visible_or_404(Evidence, user=request.user, pk=pk, kind=EvidenceKind.FILE)
    try:
        data = files.load(evidence.file_key)
    except Exception as exc:  # a missing or unreadable file: nothing to give
        raise Http404 from exc
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = _attachment(evidence.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response


@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.get_editable_or_404(
        Evidence.objects.select_related("answer__run"), user=request.user, pk=pk
    )
    activity_id, answer = evidence.activity_id, evidence.answer
    services.evidence_remove(actor=_actor(request), evidence=evidence)
    messages.success(request, _("The evidence was removed."))
    if activity_id:
        return redirect("planning:activity_detail", activity_id)
    assert answer is not None  # noqa: S101  (evidence has exactly one parent)
    return redirect(_row_url(answer.run_id, answer.item_id))
