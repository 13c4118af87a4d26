"""The catalogue switcher: which loaded guideline catalogues and editions a page can show."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from wpsdesk.catalogue import selectors
from wpsdesk.catalogue.models import Edition

register = template.Library()


@register.inclusion_tag("catalogue/_edition_switcher.html", takes_context=True)
def edition_switcher(context: dict[str, Any], edition: Edition) -> dict[str, Any]:
    """Links to every loaded edition, the one shown marked; nothing when only one is loaded.

    Each link leads to the same page (path) in the other edition, except item pages, whose
    codes may not exist elsewhere: those lead to the other edition's overview.
    """
    choices = selectors.edition_choices()
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in ("index", "search", "resolutions", "resources"):
        path = request.path  # type: ignore[union-attr]
    else:
        path = reverse("catalogue:index")
    options = []
    for choice in choices:
        params = selectors.edition_params(choice)
        options.append(
            {
                "edition": choice,
                "url": path + ("?" + urlencode(params) if params else ""),
                "shown": choice.pk == edition.pk,
            }
        )
    return {"options": options if len(options) > 1 else []}


@register.inclusion_tag("catalogue/_edition_inputs.html")
def edition_inputs(edition: Edition) -> dict[str, Any]:
    """Hidden inputs that keep a search form in the catalogue and edition shown."""
    return {"params": selectors.edition_params(edition)}


@register.filter
def edition_query(edition: Edition) -> str:
    """``?catalogue=…&edition=…`` that leads to ``edition`` (empty for the default's current)."""
    params = selectors.edition_params(edition)
    return "?" + urlencode(params) if params else ""


@register.filter
def current_query(edition: Edition) -> str:
    """The query that leads to the current edition of ``edition``'s catalogue."""
    if edition.catalogue.key == selectors.DEFAULT_CATALOGUE_KEY:
        return ""
    return "?" + urlencode({"catalogue": edition.catalogue.key})
