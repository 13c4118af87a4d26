"""Reads from the catalogue, each in a fixed, small number of queries.

The catalogue is not owned by a unit: every verified person may read all of it, so these
selectors take no user. Priority-list writes go through ``services``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from .models import Edition, Item, ItemKind, ItemLink, PriorityEntry
from .search import ITEM_CODE_RE

#: The catalogue pages and permalinks show when no other is asked for.
DEFAULT_CATALOGUE_KEY = "no-mfa-wps-guidelines"


@dataclass
class Node:
    """An item with its children, for rendering a tree."""

    item: Item
    children: list[Node] = field(default_factory=list)


def current_edition(*, catalogue_key: str = DEFAULT_CATALOGUE_KEY) -> Edition | None:
    """The current edition of the catalogue, or of the first catalogue loaded if it is absent."""
    editions = Edition.objects.filter(is_current=True).select_related("catalogue")
    edition = editions.filter(catalogue__key=catalogue_key).first()
    if edition is None:
        edition = editions.order_by("catalogue_id").first()
    return edition


def edition_named(*, name: str, catalogue_key: str = DEFAULT_CATALOGUE_KEY) -> Edition | None:
    """An edition of the catalogue by its name (``2023–2030``), current or not."""
    return (
        Edition.objects.select_related("catalogue")
        .filter(catalogue__key=catalogue_key, name=name)
        .first()
    )


def current_edition_strict(*, catalogue_key: str) -> Edition | None:
    """The current edition of exactly this catalogue, or None (no fallback to another)."""
    return (
        Edition.objects.select_related("catalogue")
        .filter(catalogue__key=catalogue_key, is_current=True)
        .first()
    )


def edition_choices() -> list[Edition]:
    """Every loaded edition, catalogue by catalogue, the current one first, then newest first.

    What the catalogue switcher offers; one query.
    """
    return list(
        Edition.objects.select_related("catalogue").order_by(
            "catalogue__key", "-is_current", "-loaded_at", "-id"
        )
    )


def edition_params(edition: Edition) -> dict[str, str]:
    """The query parameters that keep a page in ``edition``: none for the default's current one."""
    params: dict[str, str] = {}
    if edition.catalogue.key != DEFAULT_CATALOGUE_KEY:
        params["catalogue"] = edition.catalogue.key
    if not edition.is_current:
        params["edition"] = edition.name
    return params


def item_in(edition: Edition, code: str) -> Item | None:
    """The item with ``code`` in ``edition``, retired or not."""
    return Item.objects.filter(edition=edition, code=code).first()


def item_for_typed_code(edition: Edition, typed: str) -> Item | None:
    """The item whose whole code was typed into a search box (any case), or None.

    Only text shaped like a code (``P1.C.5``) is looked up, so ordinary words cost no query.
    """
    typed = (typed or "").strip()
    if not ITEM_CODE_RE.fullmatch(typed):
        return None
    return Item.objects.filter(edition=edition, code__iexact=typed).first()


def build_tree(items: Iterable[Item]) -> list[Node]:
    """Nest ``items`` (in document order) under their parents; those whose parent is absent
    from ``items`` become roots."""
    nodes = {item.pk: Node(item) for item in items}
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.item.parent_id) if node.item.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


def ancestors(item: Item) -> list[Item]:
    """The item's parent, its parent's parent…, outermost first (one query)."""
    segments = item.code.split(".")
    prefixes = [".".join(segments[:n]) for n in range(1, len(segments))]
    if not prefixes or item.parent_id is None:
        return []
    by_id = {a.pk: a for a in Item.objects.filter(edition_id=item.edition_id, code__in=prefixes)}
    chain: list[Item] = []
    parent_id: int | None = item.parent_id
    while parent_id is not None and parent_id in by_id:
        parent = by_id[parent_id]
        chain.append(parent)
        parent_id = parent.parent_id
    return list(reversed(chain))


def subtree(item: Item) -> list[Node]:
    """Everything nested below the item that is not retired, as a tree (one query)."""
    below = (
        Item.objects.filter(edition_id=item.edition_id, code__startswith=f"{item.code}.")
        .active()
        .in_document_order()
    )
    return [node for node in build_tree(below) if node.item.parent_id == item.pk]


def related_items(item: Item) -> list[Item]:
    """Items linked to or from this one, not retired, in document order (one query)."""
    links = ItemLink.objects.filter(Q(from_item=item) | Q(to_item=item)).select_related(
        "from_item", "to_item"
    )
    others: dict[int, Item] = {}
    for link in links:
        other = link.to_item if link.from_item_id == item.pk else link.from_item
        if other.retired_at is None:
            others[other.pk] = other
    return sorted(others.values(), key=lambda other: (other.position, other.pk))


def versions_of(item: Item) -> list[Item]:
    """The item with the same code in every edition of its catalogue, oldest edition first."""
    return list(
        Item.objects.filter(code=item.code, edition__catalogue_id=item.edition.catalogue_id)
        .select_related("edition__catalogue")
        .order_by("edition__loaded_at", "edition_id")
    )


def current_successor(item: Item) -> Item | None:
    """The row that carries ``item`` on in the current edition, or None if it did not carry over.

    Other apps keep their foreign keys to the row they chose; this finds what that row
    became when a later edition was loaded. An item already in the current edition is its
    own successor unless it is retired.
    """
    current: Item | None = item
    seen: set[int] = set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        if current.edition.is_current:
            return None if current.retired_at else current
        current = (
            Item.objects.filter(carried_over_from=current)
            .select_related("edition")
            .order_by("edition__loaded_at", "pk")
            .first()
        )
    return None


def top_level(edition: Edition) -> list[Item]:
    """The top-level items of an edition (sections, priorities, footnotes), in order."""
    return list(
        Item.objects.filter(edition=edition, parent__isnull=True).active().in_document_order()
    )


def top_level_of(item: Item, tops: dict[str, Item]) -> Item | None:
    """Which of the top-level items ``tops`` (by code) the item belongs to."""
    segments = item.code.split(".")
    for n in range(1, len(segments) + 1):
        top = tops.get(".".join(segments[:n]))
        if top is not None:
            return top
    return None


@dataclass
class PriorityBrowse:
    """A thematic priority with its items grouped by kind, for the index page."""

    priority: Item
    groups: list[tuple[str, str, list[Item]]]


@dataclass
class Browse:
    """What the index page shows of an edition."""

    parts: list[Item]
    notes: list[Item]
    priorities: list[PriorityBrowse]
    checklist: Item | None
    resolutions: Item | None
    resources: Item | None


BROWSE_KINDS = [ItemKind.ACTION_POINT, ItemKind.COMMITMENT, ItemKind.BOX]
NOTE_KINDS = {ItemKind.FOOTNOTE, ItemKind.DEFINITION}


def browse(edition: Edition) -> Browse:
    """The top-level parts of the edition and, per thematic priority, its action points,
    commitments and boxes (one query)."""
    items = list(Item.objects.filter(edition=edition, depth__lte=1).active().in_document_order())
    tops = [item for item in items if item.parent_id is None]
    children: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        if item.parent_id is not None:
            children[item.parent_id].append(item)

    def section_holding(kind: str) -> Item | None:
        return next(
            (top for top in tops if any(child.kind == kind for child in children[top.pk])), None
        )

    priorities = []
    for top in tops:
        if top.kind != ItemKind.THEMATIC_PRIORITY:
            continue
        groups = []
        for kind in BROWSE_KINDS:
            of_kind = [child for child in children[top.pk] if child.kind == kind]
            if of_kind:
                groups.append((kind.value, str(kind.label), of_kind))
        priorities.append(PriorityBrowse(priority=top, groups=groups))
    return Browse(
        parts=[top for top in tops if top.kind not in NOTE_KINDS],
        notes=[top for top in tops if top.kind in NOTE_KINDS],
        priorities=priorities,
        checklist=section_holding(ItemKind.CHECKLIST_ITEM),
        resolutions=section_holding(ItemKind.RESOLUTION),
        resources=section_holding(ItemKind.RESOURCE_GROUP),
    )


@dataclass
class Resolution:
    """A resolution with the items that refer to it."""

    item: Item
    cited_by: list[Item]


def resolutions(edition: Edition) -> list[Resolution]:
    """The edition's Security Council resolutions and the items linked to them (two queries)."""
    items = list(
        Item.objects.filter(edition=edition, kind=ItemKind.RESOLUTION).active().in_document_order()
    )
    ids = {item.pk for item in items}
    cited: dict[int, dict[int, Item]] = defaultdict(dict)
    links = ItemLink.objects.filter(Q(to_item_id__in=ids) | Q(from_item_id__in=ids)).select_related(
        "from_item", "to_item"
    )
    for link in links:
        for resolution_id, other in (
            (link.to_item_id, link.from_item),
            (link.from_item_id, link.to_item),
        ):
            if resolution_id in ids and other.pk not in ids and other.retired_at is None:
                cited[resolution_id][other.pk] = other
    return [
        Resolution(item, sorted(cited[item.pk].values(), key=lambda other: other.position))
        for item in items
    ]


def resource_groups(edition: Edition) -> list[Node]:
    """The resource groups with their resources (one query)."""
    items = (
        Item.objects.filter(edition=edition, kind__in=[ItemKind.RESOURCE_GROUP, ItemKind.RESOURCE])
        .active()
        .in_document_order()
    )
    return [node for node in build_tree(items) if node.item.kind == ItemKind.RESOURCE_GROUP]


def edition_items(edition: Edition) -> tuple[list[Node], dict[int, list[str]]]:
    """The whole edition as a tree, and each item's related codes as the file lists them."""
    items = list(Item.objects.filter(edition=edition).active().in_document_order())
    related: dict[int, list[str]] = defaultdict(list)
    links = (
        ItemLink.objects.filter(from_item__edition=edition, to_item__retired_at__isnull=True)
        .order_by("from_item_id", "position", "id")
        .values_list("from_item_id", "to_item__code")
    )
    for from_id, to_code in links:
        related[from_id].append(to_code)
    return build_tree(items), related


def priority_list_on(day: dt.date, *, kind: str | None = None) -> list[PriorityEntry]:
    """The priority countries and forums as they stood on ``day``."""
    entries = PriorityEntry.objects.on(day)
    if kind:
        entries = entries.filter(kind=kind)
    return list(entries.order_by("kind", "name", "id"))


def priority_entries_all() -> list[PriorityEntry]:
    """Every entry ever made, newest changes first, with who made them."""
    return list(
        PriorityEntry.objects.select_related("added_by", "ended_by").order_by(
            "kind", "name", "-valid_from", "-id"
        )
    )
