"""Panels that other apps add to a catalogue item's page ("what serves this item").

The catalogue does not depend on the apps that point at it: an app registers a function
that renders its panel for a request and an item, and the item page shows them all.
Apps register in ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from .models import Item

ItemPanel = Callable[[HttpRequest, Item], SafeString]
_panels: list[ItemPanel] = []


def register(panel: ItemPanel) -> ItemPanel:
    """Add a panel (usable as a decorator); registering twice has no effect."""
    if panel not in _panels:
        _panels.append(panel)
    return panel


def render_panels(request: HttpRequest, item: Item) -> list[SafeString]:
    """Every registered panel rendered for this request and item."""
    return [panel(request, item) for panel in _panels]
