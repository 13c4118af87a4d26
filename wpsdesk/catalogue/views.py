"""The catalogue's pages: browse, item permalinks, search, resolutions, resources, priority lists.

Every verified person may read the catalogue (the middleware has checked that much);
only HQ coordinators change the priority lists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wpsdesk.core.htmx import is_htmx, wants_fragment

from . import panels, selectors, serving
from .forms import CountryAddForm, EndForm, ForumAddForm, ListDateForm, SearchForm
from .models import Edition, Item, ItemKind, PriorityEntry, PriorityKind
from .search import highlight, parse_query, search_items
from .services import (
    may_change_priority_lists,
    priority_entry_add,
    priority_entry_end,
)

SEARCH_PAGE_SIZE = 20
View = Callable[..., HttpResponse]


def _edition(request: HttpRequest) -> Edition | None:
    """The edition asked for with ``?catalogue=`` and ``?edition=``, else the default's current.

    Without ``catalogue`` the default catalogue is meant; an unknown catalogue or edition
    name is 404.
    """
    key = request.GET.get("catalogue", "").strip()[:100]
    name = request.GET.get("edition", "").strip()[:50]
    if key:
        edition = (
            selectors.edition_named(name=name, catalogue_key=key)
            if name
            else selectors.current_edition_strict(catalogue_key=key)
        )
        if edition is None:
            raise Http404
        return edition
    if name:
        edition = selectors.edition_named(name=name)
        if edition is None:
            raise Http404
        return edition
    return selectors.current_edition()


def _edition_query(edition: Edition) -> str:
    """What to append to item links so that they stay in the catalogue and edition shown."""
    params = selectors.edition_params(edition)
    return "?" + urlencode(params) if params else ""


def _not_loaded(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/not_loaded.html", status=404)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Browse the guidelines by thematic priority, with ways into the rest."""
    edition = _edition(request)
    if edition is None:
        return _not_loaded(request)
    browse = selectors.browse(edition)
    return render(
        request,
        "catalogue/index.html",
        {
            "edition": edition,
            "browse": browse,
            "edition_query": _edition_query(edition),
            "search_form": SearchForm(),
        },
    )


@require_GET
def item_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One item: its text, its place in the tree, what is below it and what it relates to."""
    edition = _edition(request)
    if edition is None:
        raise Http404
    item = selectors.item_in(edition, code)
    if item is None:
        raise Http404
    item.edition = edition
    versions = selectors.versions_of(item)
    current = next((v for v in versions if v.edition.is_current), None)
    return render(
        request,
        "catalogue/item.html",
        {
            "edition": edition,
            "item": item,
            "kind_label": ItemKind(item.kind).label,
            "ancestors": selectors.ancestors(item),
            "children": selectors.subtree(item),
            "related": selectors.related_items(item),
            "panels": panels.render_panels(request, item),
            "versions": versions,
            "current_version": current if current and current.pk != item.pk else None,
            "edition_query": _edition_query(edition),
        },
    )


@require_GET
def serving_list(request: HttpRequest, code: str, key: str) -> HttpResponse:
    """Every record of one type that serves an item (or a point under it), paged; only the
    records the person may see (each type's own policy filter)."""
    serving_type = serving.type_or_404(key)
    edition = selectors.current_edition()
    if edition is None:
        raise Http404
    item = selectors.item_in(edition, code)
    if item is None:
        raise Http404
    item.edition = edition
    records = serving.serving_records(
        serving_type=serving_type, user=request.user, item=item, page=request.GET.get("page")
    )
    return render(
        request,
        "catalogue/serving.html",
        {
            "item": item,
            "serving": records,
            "list_url": serving.list_url(serving_type, item),
        },
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over the edition, with the matching words highlighted."""
    edition = _edition(request)
    if edition is None:
        return _not_loaded(request)
    form = SearchForm(request.GET)
    raw = form.cleaned_data["q"] if form.is_valid() else ""
    # A whole item code typed into the box opens that item (not on live-search fragments).
    if not is_htmx(request):
        item = selectors.item_for_typed_code(edition, raw)
        if item is not None:
            return HttpResponseRedirect(
                reverse("catalogue:item", args=[item.code]) + _edition_query(edition)
            )
    query = parse_query(raw, edition.language)
    page = None
    hits: list[dict[str, Any]] = []
    if not query.is_empty:
        matches = search_items(Item.objects.filter(edition=edition).active(), query)
        page = Paginator(matches, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        tops = {top.code: top for top in selectors.top_level(edition)}
        hits = [
            {
                "item": item,
                "kind_label": ItemKind(item.kind).label,
                "title": highlight(item.title, query),
                "text": highlight(item.text, query),
                "top": selectors.top_level_of(item, tops),
            }
            for item in page.object_list
        ]
    pager_query = urlencode({"q": raw, **selectors.edition_params(edition)})
    context = {
        "edition": edition,
        "form": form,
        "q": raw,
        "query": query,
        "page": page,
        "hits": hits,
        "pager_query": pager_query,
        "edition_query": _edition_query(edition),
    }
    template = "catalogue/search.html"
    if wants_fragment(request):
        template += "#results"
    return render(request, template, context)


@require_GET
def resolutions(request: HttpRequest) -> HttpResponse:
    """The Security Council resolutions on WPS with their main messages."""
    edition = _edition(request)
    if edition is None:
        return _not_loaded(request)
    return render(
        request,
        "catalogue/resolutions.html",
        {
            "edition": edition,
            "resolutions": selectors.resolutions(edition),
            "edition_query": _edition_query(edition),
        },
    )


@require_GET
def resources(request: HttpRequest) -> HttpResponse:
    """The resources, grouped as in the document."""
    edition = _edition(request)
    if edition is None:
        return _not_loaded(request)
    return render(
        request,
        "catalogue/resources.html",
        {
            "edition": edition,
            "groups": selectors.resource_groups(edition),
            "edition_query": _edition_query(edition),
        },
    )


@require_GET
def priorities(request: HttpRequest) -> HttpResponse:
    """The priority countries and forums as they stood on a day (today unless ``?on=``)."""
    form = ListDateForm(request.GET or None, initial={"on": timezone.localdate()})
    day = form.day()
    entries = selectors.priority_list_on(day)
    return render(
        request,
        "catalogue/priorities.html",
        {
            "form": form,
            "day": day,
            "countries": [e for e in entries if e.kind == PriorityKind.COUNTRY],
            "forums": [e for e in entries if e.kind == PriorityKind.FORUM],
            "all_entries": selectors.priority_entries_all(),
            "may_change": may_change_priority_lists(request.user),
        },
    )


def coordinator_required(view: View) -> View:
    """Only HQ coordinators get past this (403 for everyone else)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_change_priority_lists(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
@coordinator_required
def priority_add(request: HttpRequest) -> HttpResponse:
    """Put a country or a forum on its list, with a reason."""
    country_form = CountryAddForm(prefix="country")
    forum_form = ForumAddForm(prefix="forum")
    if request.method == "POST":
        kind = request.POST.get("kind")
        form: CountryAddForm | ForumAddForm
        if kind == PriorityKind.FORUM:
            form = forum_form = ForumAddForm(request.POST, prefix="forum")
        else:
            form = country_form = CountryAddForm(request.POST, prefix="country")
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = priority_entry_add(
                    actor=request.user,
                    kind=PriorityKind.FORUM if kind == PriorityKind.FORUM else PriorityKind.COUNTRY,
                    code=data["code"],
                    name=data.get("name", ""),
                    valid_from=data["valid_from"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is on the list from %(day)s.")
                    % {"name": entry.name, "day": entry.valid_from.isoformat()},
                )
                return HttpResponseRedirect(reverse("catalogue:priorities"))
    return render(
        request,
        "catalogue/priority_add.html",
        {"country_form": country_form, "forum_form": forum_form},
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def priority_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an entry off its list: its last day and a reason."""
    entry = get_object_or_404(PriorityEntry, pk=pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            priority_entry_end(
                actor=request.user,
                entry=entry,
                valid_to=form.cleaned_data["valid_to"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is off the list after %(day)s.")
                % {"name": entry.name, "day": form.cleaned_data["valid_to"].isoformat()},
            )
            return HttpResponseRedirect(reverse("catalogue:priorities"))
    return render(
        request,
        "catalogue/priority_end.html",
        {"entry": entry, "form": form},
    )
