"""The home page, filled by each app: the "yours to do" list and the panels that show the year.

Two registries, both filled in ``AppConfig.ready``:

* task providers (:func:`register`): a function that takes the request and returns the
  tasks it knows of for that person; the home page shows them all, deduplicated, dated and
  the overdue ones first;
* panels (:func:`register_panel`): a :class:`HomePanel` says for whom it is (the
  :class:`Audience` values), where it sits (``order``) and how to fill its template; its
  context function returns ``None`` when it has nothing to show, and the panel is left out.

Panels fetch what they show through their app's selectors and the policy layer, as any page
does; the home page adds no access rule of its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise

from wpsdesk.organisation.policy import is_person, unit_access

# --- tasks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One thing the person should do, with a link to where it is done.

    ``urgent`` means overdue or otherwise late ("Now" on the page); ``due`` dates the task
    so the list reads in order.
    """

    title: str
    url: str
    detail: str = ""
    urgent: bool = False
    due: datetime.date | None = None


TaskProvider = Callable[[HttpRequest], list[Task]]
_providers: list[TaskProvider] = []


def register(provider: TaskProvider) -> TaskProvider:
    """Add a task provider (usable as a decorator); registering twice has no effect."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _task_order(task: Task) -> tuple[bool, bool, datetime.date]:
    # Urgent first; within each group dated tasks by date, undated ones after them.
    return (not task.urgent, task.due is None, task.due or datetime.date.max)


def tasks_for(request: HttpRequest) -> list[Task]:
    """Every provider's tasks, urgent first, then by date; the same task only once.

    Two providers (or one provider twice) may name the same thing to do, such as an
    activity that is both due and waiting for approval: a task is the same when its link
    and title are, and the urgent copy wins.
    """
    seen: dict[tuple[str, str], Task] = {}
    for provider in _providers:
        for task in provider(request):
            key = (task.url, task.title)
            kept = seen.get(key)
            if kept is None or (task.urgent and not kept.urgent):
                seen[key] = task
    return sorted(seen.values(), key=_task_order)


# --- panels ----------------------------------------------------------------------------


class Audience(StrEnum):
    """Whom a home panel is for."""

    #: A person who is a current member of a unit (the panel works on the current unit).
    UNIT = "unit"
    #: An HQ coordinator: the service at a glance.
    HQ = "hq"
    #: An auditor: what is waiting for review.
    AUDITOR = "auditor"


PanelContext = Callable[[HttpRequest], dict[str, Any] | None]


@dataclass(frozen=True)
class HomePanel:
    """One section of the home page.

    ``template`` renders the section's body (the home page adds the heading ``title`` and the
    landmark); it gets the dict ``context(request)`` returns, or the panel is left out when
    that is ``None``. Lower ``order`` comes first.
    """

    key: str
    title: str | Promise
    template: str
    context: PanelContext
    audiences: frozenset[Audience] = field(default_factory=lambda: frozenset({Audience.UNIT}))
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    """A panel as the home page shows it."""

    key: str
    title: str
    #: The body as the template engine rendered it (a ``SafeString``).
    html: str

    @property
    def heading_id(self) -> str:
        return f"home-{self.key}-heading"


_panels: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> HomePanel:
    """Add a panel; a panel registered again under the same key replaces the first."""
    _panels[panel.key] = panel
    return panel


def registered_panels() -> list[HomePanel]:
    """Every registered panel, in page order."""
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def audiences_of(request: HttpRequest) -> frozenset[Audience]:
    """Who the person is on the home page: a unit member, HQ, an auditor (or several)."""
    user = request.user
    if not is_person(user):
        return frozenset()
    found: set[Audience] = set()
    if unit_access(user):
        found.add(Audience.UNIT)
    if getattr(user, "is_hq_coordinator", False):
        found.add(Audience.HQ)
    if getattr(user, "is_auditor", False):
        found.add(Audience.AUDITOR)
    return frozenset(found)


def panels_for(
    request: HttpRequest, panels: Iterable[HomePanel] | None = None
) -> list[RenderedPanel]:
    """The panels this person's home page shows, rendered, in order."""
    audiences = audiences_of(request)
    rendered: list[RenderedPanel] = []
    for panel in registered_panels() if panels is None else panels:
        if not panel.audiences & audiences:
            continue
        context = panel.context(request)
        if context is None:
            continue
        # Rendered by the template engine, so already marked safe (escaped where it must be).
        html = render_to_string(panel.template, context, request=request)
        rendered.append(RenderedPanel(key=panel.key, title=str(panel.title), html=html))
    return rendered
