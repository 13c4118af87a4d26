"""The home page's "yours to do" list, filled by each app.

An app registers a function that takes the request and returns the tasks it knows of
for that person; the home page shows them all. Apps register in ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Task:
    """One thing the person should do, with a link to where it is done."""

    title: str
    url: str
    detail: str = ""
    urgent: bool = False


TaskProvider = Callable[[HttpRequest], list[Task]]
_providers: list[TaskProvider] = []


def register(provider: TaskProvider) -> TaskProvider:
    """Add a task provider (usable as a decorator); registering twice has no effect."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def tasks_for(request: HttpRequest) -> list[Task]:
    """Every provider's tasks, urgent first."""
    tasks: list[Task] = []
    for provider in _providers:
        tasks.extend(provider(request))
    return sorted(tasks, key=lambda task: not task.urgent)
