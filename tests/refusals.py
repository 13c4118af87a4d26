"""Calling a service directly as someone without the right: it refuses and nothing changes.

The command line and imports call services without a view in front, so each service's own
permission check is tested here, one refusal per check (see ``tests/<app>/
test_service_refusals.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

# Besides the service's own app: the security log and the people, units and memberships.
ALWAYS_WATCHED = ("audit", "organisation")


def every_row(*app_labels: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every model (history tables too) of the apps named and of those above."""
    labels = dict.fromkeys((*app_labels, *ALWAYS_WATCHED))
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for label in labels
        for model in apps.get_app_config(label).get_models()
    }


def assert_refused(call: Callable[[], Any], *app_labels: str) -> None:
    """``call()`` raises ``PermissionDenied`` and leaves every row of the apps as it was."""
    before = every_row(*app_labels)
    with pytest.raises(PermissionDenied):
        call()
    assert every_row(*app_labels) == before
