"""Pages: the process list, one process, its analyses and its inclusion assessment."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.core.units import current_unit
from wpsdesk.organisation.models import Membership, Unit, User
from wpsdesk.organisation.policy import (
    get_visible_or_404,
    may_create_in,
    may_edit,
    may_lead,
    may_read,
    visible_to,
)
from wpsdesk.planning.models import Activity

from . import selectors, services
from .forms import (
    ActivityFromGapForm,
    ActorFormSet,
    AnalysisForm,
    InclusionForm,
    ObjectiveForm,
    ProcessFilterForm,
    ProcessForm,
    VersionForm,
)
from .models import (
    ACTOR_FIELDS_ORDER,
    AnalysisStatus,
    ConflictAnalysis,
    InclusionEntry,
    InclusionGroup,
    PeaceProcess,
    StrategyObjective,
)


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _query_without_page(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _process_or_404(request: HttpRequest, pk: int) -> PeaceProcess:
    return get_visible_or_404(selectors.process_detail_queryset(), user=request.user, pk=pk)


# --- processes ---------------------------------------------------------------------------


@require_GET
def process_list(request: HttpRequest) -> HttpResponse:
    """Processes the person may open, searchable and filtered, 25 to a page."""
    form = ProcessFilterForm(request.GET or None)
    filters = selectors.ProcessFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.ProcessFilters.from_cleaned(form.cleaned_data)
    processes = selectors.process_list_visible_to(user=request.user, filters=filters)
    page = page_of(processes, request.GET.get("page"))
    return render(
        request,
        "processes/process_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "may_create": bool(selectors.units_to_lead(user=request.user)),
        },
    )


def _all_units() -> object:
    return Unit.objects.order_by("name")


@require_http_methods(["GET", "POST"])
def process_create(request: HttpRequest) -> HttpResponse:
    units = selectors.units_to_lead(user=request.user)
    if not units:
        raise PermissionDenied
    chosen = current_unit(request)
    default = chosen if chosen in units else units[0]
    form = ProcessForm(
        request.POST or None,
        units=units,
        all_units=_all_units(),
        initial={"unit": default.pk},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                process = services.process_create(
                    actor=_person(request),
                    unit=data["unit"] or default,
                    values=data,
                    contributing_units=data["contributing_units"],
                    phase_since=data.get("phase_since"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The peace process was recorded."))
                return redirect(process.get_absolute_url())
    return render(
        request, "processes/process_form.html", {"form": form, "process": None}, status=status
    )


@require_GET
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One process with what exists about it: analyses, inclusion, engagements and teams."""
    process = _process_or_404(request, pk)
    editable = may_edit(request.user, process)
    return render(
        request,
        "processes/process_detail.html",
        {
            "process": process,
            "overview": selectors.process_overview(process=process, user=request.user),
            "editable": editable,
            "may_analyse": editable
            or any(may_create_in(request.user, u.pk) for u in process.contributing_units.all()),
        },
    )


@require_http_methods(["GET", "POST"])
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = _process_or_404(request, pk)
    if not may_edit(request.user, process):
        raise PermissionDenied
    form = ProcessForm(
        request.POST or None, instance=process, units=[process.unit], all_units=_all_units()
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.process_update(
                    actor=_person(request),
                    process=process,
                    values=data,
                    contributing_units=data["contributing_units"],
                    version=form.sent_version,
                    classification_reason=data.get("classification_reason", ""),
                    phase_since=data.get("phase_since"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("You may not make this change."))
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The peace process was saved."))
                return redirect(process.get_absolute_url())
    return render(
        request, "processes/process_form.html", {"form": form, "process": process}, status=status
    )


# --- analyses ----------------------------------------------------------------------------


def _analysis_units(request: HttpRequest, process: PeaceProcess) -> list[Unit]:
    """The process's units the person may write an analysis in."""
    units = [process.unit, *process.contributing_units.all()]
    return [u for u in units if may_create_in(request.user, u.pk)]


@require_http_methods(["GET", "POST"])
def analysis_create(request: HttpRequest, pk: int) -> HttpResponse:
    process = _process_or_404(request, pk)
    units = _analysis_units(request, process)
    if not units:
        raise PermissionDenied
    form = AnalysisForm(
        request.POST or None,
        units=units,
        initial={"unit": units[0].pk, "classification": process.classification},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                analysis = services.analysis_create(
                    actor=_person(request),
                    unit=form.cleaned_data["unit"],
                    title=form.cleaned_data["title"],
                    process=process,
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
        {"form": form, "process": process},
        status=status,
    )


def _analysis_or_404(request: HttpRequest, pk: int) -> ConflictAnalysis:
    return get_visible_or_404(selectors.analysis_detail_queryset(), user=request.user, pk=pk)


def _number(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        raise Http404 from None


@require_GET
def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of an analysis (the newest unless ``?version=``), with all versions listed."""
    analysis = _analysis_or_404(request, pk)
    version = selectors.version_with_parts(
        analysis=analysis, number=_number(request.GET.get("version"))
    )
    if version is None:
        raise Http404
    editable = may_edit(request.user, analysis)
    versions = list(analysis.versions.order_by("-number"))
    return render(
        request,
        "processes/analysis_detail.html",
        {
            "analysis": analysis,
            "version": version,
            "versions": versions,
            "editable": editable,
            "may_approve": editable and may_lead(request.user, analysis.unit_id),
            "has_draft": any(v.status == AnalysisStatus.DRAFT for v in versions),
            "actor_fields": ACTOR_FIELDS_ORDER,
            # The process is named only to someone who may read it.
            "process": (
                analysis.process
                if analysis.process is not None and may_read(request.user, analysis.process)
                else None
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def analysis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the draft: answers, sources, authors, use and the actor analysis."""
    analysis = _analysis_or_404(request, pk)
    if not may_edit(request.user, analysis):
        raise PermissionDenied
    draft = selectors.version_with_parts(analysis=analysis, number=None)
    if draft is None or draft.status != AnalysisStatus.DRAFT:
        messages.info(request, _("Start a new version to change an approved analysis."))
        return redirect(analysis.get_absolute_url())
    questions = services.analysis_questions()
    answers = {a.item_id: a.answer for a in draft.answers.all()}
    initial_actors = [
        {name: getattr(a, name) for name in services.ACTOR_FIELDS} for a in draft.actors.all()
    ]
    post = request.POST if request.method == "POST" else None
    form = VersionForm(
        post, instance=draft, questions=questions, answers=answers, version=analysis.version
    )
    actors = ActorFormSet(post, initial=initial_actors, prefix="actors")
    status = 200
    if post is not None:
        status = 400
        if form.is_valid() and actors.is_valid():
            rows = [f.cleaned_data for f in actors.forms if f.cleaned_data.get("name", "").strip()]
            try:
                services.analysis_version_save(
                    actor=_person(request),
                    version=draft,
                    values=form.cleaned_data,
                    answers=form.answers(),
                    actors=rows,
                    seen=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The draft was saved."))
                return redirect(analysis.get_absolute_url())
    return render(
        request,
        "processes/analysis_form.html",
        {"analysis": analysis, "version": draft, "form": form, "actors": actors},
        status=status,
    )


@require_POST
def analysis_approve(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis_or_404(request, pk)
    if not (may_edit(request.user, analysis) and may_lead(request.user, analysis.unit_id)):
        raise PermissionDenied
    try:
        version = services.analysis_approve(actor=_person(request), analysis=analysis)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Version %(number)s was approved.") % {"number": version.number}
        )
    return redirect(analysis.get_absolute_url())


@require_POST
def analysis_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis_or_404(request, pk)
    if not may_edit(request.user, analysis):
        raise PermissionDenied
    try:
        services.analysis_new_version(actor=_person(request), analysis=analysis)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(analysis.get_absolute_url())
    messages.success(request, _("A new draft was started from the latest version."))
    return redirect("processes:analysis_edit", pk=analysis.pk)


@require_GET
def analysis_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side (``?left=1&right=2``; the two newest by default)."""
    analysis = _analysis_or_404(request, pk)
    versions = list(analysis.versions.order_by("-number"))
    numbers = [v.number for v in versions]
    right_n = _number(request.GET.get("right")) or (numbers[0] if numbers else None)
    left_n = _number(request.GET.get("left")) or (numbers[1] if len(numbers) > 1 else right_n)
    left = selectors.version_with_parts(analysis=analysis, number=left_n)
    right = selectors.version_with_parts(analysis=analysis, number=right_n)
    if left is None or right is None:
        raise Http404
    return render(
        request,
        "processes/analysis_compare.html",
        {
            "analysis": analysis,
            "left": left,
            "right": right,
            "versions": versions,
            "rows": selectors.compare_versions(left, right),
        },
    )


# --- inclusion ---------------------------------------------------------------------------


def _group_or_404(group: str) -> str:
    if group not in InclusionGroup.values:
        raise Http404
    return group


def _visible_activity(request: HttpRequest, entry: InclusionEntry | None) -> Activity | None:
    """The entry's activity, named only to someone who may see it (its plan may be closed)."""
    if entry is None or entry.activity_id is None:
        return None
    return visible_to(Activity.objects.filter(pk=entry.activity_id), user=request.user).first()


@require_http_methods(["GET", "POST"])
def inclusion_edit(request: HttpRequest, pk: int, group: str) -> HttpResponse:
    """The assessment of one group in one process: assessment, consultations, gaps."""
    process = _process_or_404(request, pk)
    group = _group_or_404(group)
    if not may_edit(request.user, process):
        raise PermissionDenied
    entry = (
        visible_to(InclusionEntry.objects.filter(process=process, group=group), user=request.user)
        .prefetch_related("consultations")
        .first()
    )
    engagements = selectors.engagements_to_consult(process=process, user=request.user)
    initial = (
        {
            "assessment": entry.assessment,
            "gaps": entry.gaps,
            "consultations": [e.pk for e in entry.consultations.all()],
        }
        if entry
        else {}
    )
    form = InclusionForm(
        request.POST or None,
        engagements=engagements,
        initial=initial,
        version=entry.version if entry else None,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.inclusion_save(
                    actor=_person(request),
                    process=process,
                    group=group,
                    assessment=form.cleaned_data["assessment"],
                    gaps=form.cleaned_data["gaps"],
                    consultations=form.cleaned_data["consultations"],
                    seen=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The inclusion assessment was saved."))
                return redirect(process.get_absolute_url() + "#inclusion")
    return render(
        request,
        "processes/inclusion_form.html",
        {
            "process": process,
            "group_label": InclusionGroup(group).label,
            "entry": entry,
            "form": form,
            "activity_form": ActivityFromGapForm() if entry and entry.gaps else None,
            "activity": _visible_activity(request, entry),
        },
        status=status,
    )


@require_POST
def inclusion_activity(request: HttpRequest, pk: int, group: str) -> HttpResponse:
    """Turn the gaps of one group into an activity in the lead unit's plan for this year."""
    process = _process_or_404(request, pk)
    group = _group_or_404(group)
    entry = get_visible_or_404(
        InclusionEntry.objects.select_related("process", "process__unit", "activity"),
        user=request.user,
        process=process,
        group=group,
    )
    if not may_edit(request.user, entry):
        raise PermissionDenied
    form = ActivityFromGapForm(request.POST)
    if form.is_valid():
        try:
            activity = services.inclusion_gap_to_activity(
                actor=_person(request),
                entry=entry,
                title=form.cleaned_data["title"],
                due_date=form.cleaned_data.get("due_date"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The activity “%(title)s” was added to the plan.") % {"title": activity.title},
            )
            return redirect(process.get_absolute_url() + "#inclusion")
    entry_form = InclusionForm(
        engagements=selectors.engagements_to_consult(process=process, user=request.user),
        initial={"assessment": entry.assessment, "gaps": entry.gaps},
        version=entry.version,
    )
    return render(
        request,
        "processes/inclusion_form.html",
        {
            "process": process,
            "group_label": InclusionGroup(group).label,
            "entry": entry,
            "form": entry_form,
            "activity_form": form,
            "activity": _visible_activity(request, entry),
        },
        status=400,
    )


# --- WPS strategy ------------------------------------------------------------------------


def _members(process: PeaceProcess) -> object:
    """The lead unit's current members: who may answer for an objective."""
    members = Membership.objects.current().filter(unit_id=process.unit_id).values("user_id")
    return User.objects.filter(pk__in=members).order_by("first_name", "username")


@require_http_methods(["GET", "POST"])
def objective_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an objective to the process's WPS strategy."""
    process = _process_or_404(request, pk)
    if not may_edit(request.user, process):
        raise PermissionDenied
    agreements = selectors.agreements_to_choose(process=process, user=request.user)
    chosen = request.GET.get("agreement", "")
    form = ObjectiveForm(
        request.POST or None,
        members=_members(process),
        agreements=agreements,
        initial={"agreement": int(chosen)} if chosen.isdigit() else None,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.objective_save(
                    actor=_person(request), process=process, values=form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The objective was added to the WPS strategy."))
                return redirect(process.get_absolute_url() + "#strategy")
    return render(
        request,
        "processes/objective_form.html",
        {"form": form, "process": process, "objective": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one objective of a WPS strategy (progress, review date, who answers for it)."""
    objective = get_visible_or_404(
        StrategyObjective.objects.select_related("process", "process__unit"),
        user=request.user,
        pk=pk,
    )
    process = objective.process
    if not may_edit(request.user, process):
        raise PermissionDenied
    form = ObjectiveForm(
        request.POST or None,
        instance=objective,
        members=_members(process),
        agreements=selectors.agreements_to_choose(process=process, user=request.user),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.objective_save(
                    actor=_person(request),
                    process=process,
                    values=form.cleaned_data,
                    objective=objective,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The objective was saved."))
                return redirect(process.get_absolute_url() + "#strategy")
    return render(
        request,
        "processes/objective_form.html",
        {"form": form, "process": process, "objective": objective},
        status=status,
    )
