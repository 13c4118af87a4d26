"""The screening panel on a catalogue item's page: screened texts whose themes serve the item.

A taxonomy theme names the guideline items it relates to; a document in which that theme was
found is listed under those items (and their parents), newest first, only if the person may
read it.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from wpsdesk.catalogue.models import Item
from wpsdesk.organisation.policy import visible_to
from wpsdesk.screening.engine import load_taxonomy

from .models import ScreenedDocument, Status

SHOWN = 5


def themes_for_item(code: str) -> list[tuple[str, str]]:
    """(theme id, label) of the themes that relate to ``code`` or to an item below it."""
    nb = (get_language() or "en").startswith("nb")
    found = []
    for theme in load_taxonomy().themes:
        if any(g == code or g.startswith(f"{code}.") for g in theme.guidelines):
            found.append((theme.id, theme.label.get("nb" if nb else "en", theme.id)))
    return found


def screened_item_panel(request: HttpRequest, item: Item) -> SafeString:
    """Up to five readable screened documents with a theme that serves this item."""
    themes = themes_for_item(item.code)
    if not themes:
        return SafeString("")
    matching = Q()
    for theme_id, _label in themes:
        matching |= Q(themes__contains=f" {theme_id} ")
    documents = visible_to(
        ScreenedDocument.objects.filter(matching, status=Status.DONE), user=request.user
    )
    shown = list(documents.select_related("unit").order_by("-added_at", "-pk")[:SHOWN])
    return render_to_string(
        "screening/_item_panel.html",
        {"themes": themes, "documents": shown, "more": len(shown) == SHOWN},
        request=request,
    )
