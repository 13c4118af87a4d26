"""Goal pages: adding and editing a plan's goals and the guideline items they serve."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wpsdesk.catalogue.forms import EditionChoiceField, edition_field
from wpsdesk.catalogue.models import Edition
from wpsdesk.core.concurrency import VERSION_FIELD, StaleEdit, parse_version
from wpsdesk.core.htmx import is_htmx
from wpsdesk.planning import selectors, services
from wpsdesk.planning.forms import (
    GoalForm,
)
from wpsdesk.planning.models import (
    Goal,
    WorkPlan,
)

from .common import (
    GET_POST,
    _actor,
    _refuse_stale,
)


def _goal_form(
    request: HttpRequest, initial: dict[str, Any], version: int | None = None
) -> tuple[GoalForm, bool]:
    """The goal form, and whether the person only asked to search the guidelines.

    A search keeps the version the page was opened at, so a save after it is still checked.
    """
    data = request.POST if request.method == "POST" else None
    searching = bool(data and "search" in data)
    if data is not None:
        selected = [int(pk) for pk in data.getlist("items") if pk.isdigit()]
        q = data.get("item_q", "")
    else:
        selected = [item.pk for item in initial.get("items", [])]
        q = request.GET.get("item_q", "")
    served = initial.get("items", [])
    edition_choice = edition_field(chosen=served[0].edition_id if served else None)
    edition = _edition_searched(edition_choice, (data or request.GET).get("edition"))
    if edition_choice is not None and edition is not None:
        edition_choice.initial = edition.pk
    choices = selectors.goal_item_choices(q=q, selected=selected, edition=edition)
    if searching and data is not None:
        values = {
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            "items": selected,
            "item_q": q,
        }
        if version is not None:
            version = parse_version(data.get(VERSION_FIELD))
        form = GoalForm(initial=values, choices=choices, edition=edition_choice, version=version)
        return form, True
    form = GoalForm(
        data,
        initial={**initial, "item_q": q},
        choices=choices,
        edition=edition_choice,
        version=version,
    )
    return form, False


def _edition_searched(choice: EditionChoiceField | None, sent: str | None) -> Edition | None:
    """The guidelines the item search looks in: the one sent if it is loaded, else the one
    the field starts at (the goal's items' edition, or the current); None: the current."""
    if choice is None:
        return None
    if sent and sent.isdigit() and int(sent) in choice.editions:
        return choice.editions[int(sent)]
    return choice.edition(choice.initial)


def _goal_page(
    request: HttpRequest, form: GoalForm, plan: WorkPlan, goal: Goal | None, status: int
) -> HttpResponse:
    template = "planning/goal_form.html"
    if is_htmx(request) and "search" in request.POST:
        template += "#item-options"
    return render(request, template, {"form": form, "plan": plan, "goal": goal}, status=status)


@require_http_methods(GET_POST)
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_editable_or_404(
        WorkPlan.objects.select_related("unit"), user=request.user, pk=pk
    )
    form, searching = _goal_form(request, {})
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_create(
                actor=_actor(request),
                plan=plan,
                title=data["title"],
                description=data["description"],
                items=data["items"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The goal was added."))
            return redirect("planning:plan_detail", plan.pk)
    status = 400 if form.is_bound else 200
    return _goal_page(request, form, plan, None, status)


@require_http_methods(GET_POST)
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.get_editable_or_404(
        Goal.objects.select_related("plan__unit"), user=request.user, pk=pk
    )
    initial = {
        "title": goal.title,
        "description": goal.description,
        "items": list(goal.items.all()),
    }
    form, searching = _goal_form(request, initial, version=goal.version)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_update(
                actor=_actor(request),
                goal=goal,
                title=data["title"],
                description=data["description"],
                items=data["items"],
                version=form.sent_version,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except StaleEdit as exc:
            status = _refuse_stale(form, exc)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect("planning:plan_detail", goal.plan_id)
    return _goal_page(request, form, goal.plan, goal, status)
