"""Read-only API of the catalogue: items, resolutions and the priority lists.

Every verified person may read the catalogue; the default permission class checks that
much (a session past the second factor, or a token with the read scope).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from . import selectors
from .models import Edition, Item, ItemKind, ItemLink, PriorityEntry, PriorityKind
from .search import parse_query, search_items

EDITION_PARAMETER = OpenApiParameter(
    "edition", str, description="Edition name, e.g. 2023–2030 (default: the current edition)."
)
CATALOGUE_PARAMETER = OpenApiParameter(
    "catalogue",
    str,
    description=(
        "Catalogue key, when several guideline catalogues are loaded (default: the guidelines)."
    ),
)


class ServedItemCodeField(serializers.SlugRelatedField):
    """What a record serves, in the API: guideline items by code in the current edition.

    Every serving record type (``docs/serving.md``) uses it with ``many=True``, so the API
    shows and takes a list of codes (``["P1.C.1", "CL.1.a"]``) everywhere. ``kinds``
    narrows the items a type may serve (default: any active item).
    """

    def __init__(self, *, kinds: list[str] | None = None, **kwargs: Any) -> None:
        self.kinds = kinds
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self) -> QuerySet[Item]:
        items = Item.objects.active().filter(edition=selectors.current_edition())
        return items.filter(kind__in=self.kinds) if self.kinds is not None else items


class ItemSerializer(serializers.ModelSerializer[Item]):
    edition = serializers.CharField(source="edition.name")
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]  # a code, not a row
    related = serializers.SerializerMethodField()
    retired = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "code",
            "kind",
            "title",
            "text",
            "edition",
            "parent",
            "position",
            "depth",
            "added",
            "retired",
            "related",
        ]

    def get_parent(self, item: Item) -> str | None:
        return item.parent.code if item.parent else None

    def get_related(self, item: Item) -> list[str]:
        """Codes of items linked to or from this one, in document order."""
        others = {link.to_item for link in item.links_out.all()} | {
            link.from_item for link in item.links_in.all()
        }
        return [
            other.code
            for other in sorted(others, key=lambda other: (other.position, other.pk))
            if other.retired_at is None
        ]

    def get_retired(self, item: Item) -> bool:
        return item.retired_at is not None


class ItemDetailSerializer(ItemSerializer):
    children = serializers.SerializerMethodField()

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "children"]

    def get_children(self, item: Item) -> list[str]:
        return [child.code for child in item.children.all() if child.retired_at is None]


class ResolutionSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        fields = ["code", "title", "text", "edition", "added", "related"]


class PriorityEntrySerializer(serializers.ModelSerializer[PriorityEntry]):
    class Meta:
        model = PriorityEntry
        fields = [
            "id",
            "kind",
            "code",
            "name",
            "valid_from",
            "valid_to",
            "reason_added",
            "reason_ended",
        ]


def _edition(request: Any) -> Edition:
    """The edition asked for with ``catalogue`` and ``edition``, as the catalogue pages read
    them (the item pickers of forms pass the same); else the default's current one."""
    key = request.query_params.get("catalogue", "").strip()[:100]
    name = request.query_params.get("edition", "").strip()[:50]
    if key:
        edition = (
            selectors.edition_named(name=name, catalogue_key=key)
            if name
            else selectors.current_edition_strict(catalogue_key=key)
        )
    else:
        edition = selectors.edition_named(name=name) if name else selectors.current_edition()
    if edition is None:
        raise Http404
    return edition


def _with_links(items: QuerySet[Item]) -> QuerySet[Item]:
    """Items with their edition, parent and links in three queries, however many items."""
    return items.select_related("edition", "parent").prefetch_related(
        Prefetch("links_out", ItemLink.objects.select_related("to_item")),
        Prefetch("links_in", ItemLink.objects.select_related("from_item")),
    )


@extend_schema_view(
    list=extend_schema(
        summary="Catalogue items",
        parameters=[
            EDITION_PARAMETER,
            CATALOGUE_PARAMETER,
            OpenApiParameter("kind", str, enum=ItemKind.values, description="Only this kind."),
            OpenApiParameter(
                "priority", str, description="Only items under this thematic priority, e.g. P1."
            ),
            OpenApiParameter(
                "q", str, description="Full-text search, as on the search page (same hits)."
            ),
            OpenApiParameter(
                "retired", OpenApiTypes.BOOL, description="Include retired items (default no)."
            ),
        ],
    ),
    retrieve=extend_schema(
        summary="One catalogue item by code", parameters=[EDITION_PARAMETER, CATALOGUE_PARAMETER]
    ),
)
class ItemViewSet(viewsets.ReadOnlyModelViewSet[Item]):
    """Items of an edition in document order; filter by kind, thematic priority and text."""

    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9][A-Za-z0-9.]*"

    def get_serializer_class(self) -> type[ItemSerializer]:
        return ItemDetailSerializer if self.action == "retrieve" else ItemSerializer

    def get_queryset(self) -> QuerySet[Item]:
        edition = _edition(self.request)
        items: QuerySet[Item] = Item.objects.filter(edition=edition)
        params = self.request.query_params
        if self.action == "retrieve":
            children = Item.objects.order_by("position", "id")
            return _with_links(items).prefetch_related(Prefetch("children", children))
        if params.get("retired", "").lower() not in {"1", "true", "yes"}:
            items = items.filter(retired_at__isnull=True)
        kind = params.get("kind")
        if kind:
            if kind not in ItemKind.values:
                kinds = ", ".join(ItemKind.values)
                raise ValidationError({"kind": [_("Choose one of %(kinds)s.") % {"kinds": kinds}]})
            items = items.filter(kind=kind)
        priority = params.get("priority", "").strip()
        if priority:
            top = Item.objects.filter(
                edition=edition, code=priority, kind=ItemKind.THEMATIC_PRIORITY
            ).first()
            if top is None:
                raise ValidationError({"priority": [_("No thematic priority has this code.")]})
            items = items.filter(code__startswith=f"{top.code}.")
        q = params.get("q", "")
        if q.strip():
            items = search_items(items, parse_query(q, edition.language if edition else "en"))
        return _with_links(items.order_by("position", "id"))


@extend_schema_view(
    list=extend_schema(
        summary="Security Council resolutions", parameters=[EDITION_PARAMETER, CATALOGUE_PARAMETER]
    )
)
class ResolutionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Item]):
    """The Security Council resolutions of an edition with their main messages."""

    serializer_class = ResolutionSerializer

    def get_queryset(self) -> QuerySet[Item]:
        items = Item.objects.filter(edition=_edition(self.request), kind=ItemKind.RESOLUTION)
        return _with_links(items.active().order_by("position", "id"))


@extend_schema_view(
    list=extend_schema(
        summary="Priority countries and forums as of a date",
        parameters=[
            OpenApiParameter("on", OpenApiTypes.DATE, description="The day (default: today)."),
            OpenApiParameter("kind", str, enum=PriorityKind.values),
        ],
    )
)
class PriorityEntryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[PriorityEntry]):
    """The priority lists as they stood on a day (``?on=YYYY-MM-DD``, default today)."""

    serializer_class = PriorityEntrySerializer

    def get_queryset(self) -> QuerySet[PriorityEntry]:
        params = self.request.query_params
        try:
            day = dt.date.fromisoformat(params["on"]) if params.get("on") else None
        except ValueError as exc:
            raise ValidationError({"on": [_("Give the date as YYYY-MM-DD.")]}) from exc
        entries = PriorityEntry.objects.on(day or timezone.localdate())
        kind = params.get("kind")
        if kind:
            if kind not in PriorityKind.values:
                raise ValidationError({"kind": [_("Choose country or forum.")]})
            entries = entries.filter(kind=kind)
        return entries.order_by("kind", "name", "id")
