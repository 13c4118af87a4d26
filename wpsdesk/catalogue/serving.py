"""What serves a catalogue item: one registry of the record types that link items.

Every record type that says which guideline items it serves (goals, engagements' WPS
messages, and the types still to come) keeps its links in a table of the common shape
:class:`~wpsdesk.catalogue.models.ServingLink` (``record``, ``item``) and registers a
:class:`ServingType` here from its ``AppConfig.ready``. The registry then gives, with a
fixed number of queries and each type's records behind that type's own policy filter:

* for an item, one page of the records of one type the person may see that serve it (or
  an item nested under it, in any edition of its catalogue) — :func:`serving_records`;
  the catalogue item's page shows a bounded panel per type with an "All N" link to the
  paged list (:func:`serving_panel`, route ``catalogue:serving``);
* for the HQ gap view, per type, the codes of the items that some record the person may
  see serves in a year — :func:`served_codes` (one query per type, not per item).

The catalogue does not import the apps that register: they call :func:`register`.
See ``docs/serving.md`` for the decision record and how to register a type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from wpsdesk.core.queries import PER_PAGE, page_of

from .models import Item, ItemKind, ServingLink

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from wpsdesk.organisation.policy import AnyUser

#: Kinds of item a record may say it serves: the guidelines' commitments and action
#: points with their sub-points, the checklist, and the boxes with their questions.
SERVABLE_KINDS = [
    ItemKind.COMMITMENT,
    ItemKind.ACTION_POINT,
    ItemKind.CHECKLIST_ITEM,
    ItemKind.SUB_POINT,
    ItemKind.BOX,
    ItemKind.QUESTION,
]

#: Records of one type shown in its panel on an item's page; the rest are on the list.
PANEL_ROWS = 10


def year_range(field: str) -> Callable[[QuerySet[Any], int], QuerySet[Any]]:
    """A year filter on a date field as a date range (indexes serve it; no extracted year)."""

    def in_year(records: QuerySet[Any], year: int) -> QuerySet[Any]:
        return records.filter(
            **{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lt": dt.date(year + 1, 1, 1)}
        )

    return in_year


@dataclass(frozen=True)
class ServingType:
    """One record type that serves catalogue items.

    ``visible`` is the policy layer's view of the type for a person (it must start from
    :func:`~wpsdesk.organisation.policy.visible_to`); ``rows`` adds what the type's row
    template shows (``select_related``, prefetches) and the list's order; ``in_year``
    narrows records to a year for the gap view (``None``: the type counts in every year).
    ``template`` renders a table of ``records`` (a list) with ``caption``.
    """

    key: str
    link: type[ServingLink]
    label: StrOrPromise
    visible: Callable[[AnyUser | None], QuerySet[Any]]
    rows: Callable[[QuerySet[Any]], QuerySet[Any]]
    template: str
    in_year: Callable[[QuerySet[Any], int], QuerySet[Any]] | None = None
    #: Whether the registry shows this type's panel on item pages (``False``: the app
    #: registers a richer panel of its own with :mod:`wpsdesk.catalogue.panels`).
    panel: bool = True

    @property
    def model(self) -> type[Model]:
        """The record model (the target of the link table's ``record``)."""
        related = cast(Any, self.link)._meta.get_field("record").related_model
        assert isinstance(related, type)  # noqa: S101 - a concrete link always names it
        return related


_types: dict[str, ServingType] = {}


def register(serving_type: ServingType) -> ServingType:
    """Add a record type (from ``AppConfig.ready``); registering the same key replaces it."""
    _types[serving_type.key] = serving_type
    return serving_type


def types() -> list[ServingType]:
    """Every registered type, in the order they were registered."""
    return list(_types.values())


def type_or_404(key: str) -> ServingType:
    """The registered type with ``key``, or 404."""
    try:
        return _types[key]
    except KeyError as exc:
        raise Http404 from exc


def codes_cell(record: Any, field: str) -> str:
    """One record's served item codes as an export cell (the field prefetched)."""
    return " ".join(sorted(item.code for item in getattr(record, field).all()))


# --- reads -----------------------------------------------------------------------------


@dataclass
class ServingRecords:
    """One page of the records of one type that serve an item, and their total."""

    item: Item
    type: ServingType
    records: list[Any]
    total: int = 0
    page: Page[Any] | None = None

    @property
    def more(self) -> bool:
        """Whether records beyond this page serve the item."""
        return self.total > len(self.records)


def _links(serving_type: ServingType) -> QuerySet[Any]:
    """The type's link rows (``record``, ``item``; the common shape, unknown to the stubs)."""
    manager: Any = serving_type.link._default_manager
    return cast("QuerySet[Any]", manager.all())


def _served_under(serving_type: ServingType, item: Item) -> QuerySet[Any]:
    """Ids of records linked to ``item`` or an item nested under it, in any edition."""
    codes = Item.objects.filter(edition__catalogue_id=item.edition.catalogue_id).under(item.code)
    return _links(serving_type).filter(item__in=codes).values("record_id")


def serving_records(
    *,
    serving_type: ServingType,
    user: AnyUser | None,
    item: Item,
    page: Any = 1,
    per_page: int = PER_PAGE,
) -> ServingRecords:
    """One page of the records of ``serving_type`` the person may see that serve ``item``.

    Two queries (the count, then the page's rows and whatever ``rows`` prefetches); one
    when nothing the person may see serves the item.
    """
    records = serving_type.visible(user).filter(pk__in=_served_under(serving_type, item))
    total = records.count()
    if not total:
        return ServingRecords(item=item, type=serving_type, records=[])
    shown = page_of(serving_type.rows(records), page, per_page=per_page, count=total)
    return ServingRecords(
        item=item, type=serving_type, records=list(shown.object_list), total=total, page=shown
    )


def served_codes(
    *, user: AnyUser | None, year: int, exclude: Collection[str] = ()
) -> dict[str, set[str]]:
    """Per type, the codes of the items that a record the person may see serves in ``year``.

    One query per type (the distinct codes over the type's visible records of the year),
    whatever the number of items or records. ``exclude`` leaves out types the caller reads
    in more detail itself (the gap view reads goals with their activities).
    """
    found: dict[str, set[str]] = {}
    for serving_type in types():
        if serving_type.key in exclude:
            continue
        records = serving_type.visible(user)
        if serving_type.in_year is not None:
            records = serving_type.in_year(records, year)
        found[serving_type.key] = set(
            _links(serving_type)
            .filter(record__in=records.values("pk"))
            .values_list("item__code", flat=True)
            .order_by()
            .distinct()
        )
    return found


# --- pages -----------------------------------------------------------------------------


def list_url(serving_type: ServingType, item: Item) -> str:
    """The paged list of the type's records serving the item."""
    return reverse("catalogue:serving", args=[item.code, serving_type.key])


def serving_panel(request: HttpRequest, item: Item) -> SafeString:
    """The panels of every registered type that has no panel of its own, bounded."""
    panels = [
        {
            "serving": serving_records(
                serving_type=serving_type, user=request.user, item=item, per_page=PANEL_ROWS
            ),
            "list_url": list_url(serving_type, item),
        }
        for serving_type in types()
        if serving_type.panel
    ]
    return render_to_string("catalogue/_serving_panels.html", {"panels": panels}, request=request)
