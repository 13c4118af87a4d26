"""Reads of multilateral work, every one through the policy layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.serving import ServingType, year_range
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import AnyUser, may_create_in, units_visible_to, visible_to
from wpsdesk.screening.models import ScreenedDocument, Status

from .models import (
    Draft,
    Forum,
    ForumRecord,
    MessageServesItem,
    NegotiationFile,
    NegotiationObjective,
    ObjectiveServesItem,
    SideEvent,
    SpeakerCount,
    Statement,
)

#: How many statements and side events a forum page shows (newest first).
SHOWN = 25


@dataclass(frozen=True)
class FileFilters:
    """What the list is narrowed to; empty means everything the person may see."""

    q: str = ""
    forum: Forum | None = None
    kind: str = ""
    year: int | None = None
    status: str = ""

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> FileFilters:
        return cls(
            q=(data.get("q") or "").strip(),
            forum=data.get("forum"),
            kind=data.get("kind") or "",
            year=data.get("year"),
            status=data.get("status") or "",
        )

    def apply(self, qs: QuerySet[NegotiationFile]) -> QuerySet[NegotiationFile]:
        if self.forum is not None:
            qs = qs.filter(forum=self.forum)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.year:
            qs = qs.filter(year=self.year)
        if self.status:
            qs = qs.filter(status=self.status)
        if self.q:
            qs = qs.filter(
                Q(title__icontains=self.q)
                | Q(session__icontains=self.q)
                | Q(allies__icontains=self.q)
                | Q(summary__icontains=self.q)
            )
        return qs


def file_list_visible_to(
    *, user: AnyUser | None, filters: FileFilters | None = None
) -> QuerySet[NegotiationFile]:
    """The negotiation files the person may open, newest year first, with a row's parts."""
    qs = visible_to(NegotiationFile.objects.all(), user=user)
    if filters is not None:
        qs = filters.apply(qs)
    return qs.select_related("unit", "forum").order_by("-year", "title", "pk")


def units_to_write(*, user: AnyUser | None) -> list[Unit]:
    """Units the person may record multilateral work in."""
    return [u for u in units_visible_to(user=user).order_by("name") if may_create_in(user, u)]


def file_detail_queryset() -> QuerySet[NegotiationFile]:
    return NegotiationFile.objects.select_related("unit", "forum")


def files_to_attach(*, user: AnyUser | None, unit: Unit) -> QuerySet[NegotiationFile]:
    """Files of ``unit`` the person may see: what a statement or side event may hang from."""
    return visible_to(NegotiationFile.objects.filter(unit=unit), user=user).order_by(
        "-year", "title"
    )


@dataclass
class DraftRow:
    draft: Draft
    previous: Draft | None


@dataclass
class FileOverview:
    """What a file's page shows besides the file itself, each part read through the policy."""

    objectives: list[NegotiationObjective] = field(default_factory=list)
    drafts: list[DraftRow] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    side_events: list[SideEvent] = field(default_factory=list)


def file_overview(*, file: NegotiationFile, user: AnyUser | None) -> FileOverview:
    """Objectives (with what they serve), drafts in order, statements and side events."""
    overview = FileOverview()
    overview.objectives = list(
        visible_to(NegotiationObjective.objects.filter(file=file), user=user)
        .prefetch_related("serves")
        .order_by("pk")
    )
    # A draft is shown only if its document is one the person may read (a document can be
    # more restricted than the file).
    documents = visible_to(ScreenedDocument.objects.all(), user=user)
    drafts = list(
        Draft.objects.filter(file=file, document__in=documents)
        .select_related("document")
        .order_by("position", "pk")
    )
    overview.drafts = [
        DraftRow(draft=d, previous=drafts[i - 1] if i else None) for i, d in enumerate(drafts)
    ]
    overview.statements = list(
        visible_to(Statement.objects.filter(file=file), user=user)
        .select_related("forum")
        .prefetch_related("messages")
        .order_by("-delivered_on", "-pk")
    )
    overview.side_events = list(
        visible_to(SideEvent.objects.filter(file=file), user=user)
        .select_related("forum")
        .prefetch_related(Prefetch("speakers", queryset=SpeakerCount.objects.order_by("gender")))
        .order_by("-held_on", "-pk")
    )
    return overview


def documents_to_add(*, file: NegotiationFile, user: AnyUser | None) -> QuerySet[ScreenedDocument]:
    """Screened documents of the file's unit the person may read and not yet among its drafts."""
    return (
        visible_to(
            ScreenedDocument.objects.filter(unit_id=file.unit_id, status=Status.DONE), user=user
        )
        .exclude(pk__in=Draft.objects.filter(file=file).values("document_id"))
        .order_by("-added_at", "-pk")
    )


# --- forums ------------------------------------------------------------------------------


def forums() -> QuerySet[Forum]:
    return Forum.objects.order_by("position", "name")


@dataclass
class ForumOverview:
    records: list[ForumRecord]
    statements: list[Statement]
    side_events: list[SideEvent]


def forum_overview(*, forum: Forum, user: AnyUser | None) -> ForumOverview:
    """The forum's own plans and mandates, and the latest statements and side events in it."""
    return ForumOverview(
        records=list(forum.records.order_by("kind", "-adopted_on", "title")),
        statements=list(
            visible_to(Statement.objects.filter(forum=forum), user=user)
            .select_related("unit")
            .order_by("-delivered_on", "-pk")[:SHOWN]
        ),
        side_events=list(
            visible_to(SideEvent.objects.filter(forum=forum), user=user)
            .select_related("unit")
            .prefetch_related(
                Prefetch("speakers", queryset=SpeakerCount.objects.order_by("gender"))
            )
            .order_by("-held_on", "-pk")[:SHOWN]
        ),
    )


def statement_detail_queryset() -> QuerySet[Statement]:
    return Statement.objects.select_related("unit", "forum", "file").prefetch_related("messages")


def event_detail_queryset() -> QuerySet[SideEvent]:
    return SideEvent.objects.select_related("unit", "forum", "file").prefetch_related(
        Prefetch("speakers", queryset=SpeakerCount.objects.order_by("gender"))
    )


# --- what objectives and statements serve ------------------------------------------------


def objectives_serving_visible_to(user: AnyUser | None) -> QuerySet[NegotiationObjective]:
    """The negotiation objectives the person may read (through their file), for the registry."""
    return visible_to(NegotiationObjective.objects.all(), user=user)


def objectives_serving_rows(
    records: QuerySet[NegotiationObjective],
) -> QuerySet[NegotiationObjective]:
    """What a row of the serving panel shows: the objective, its file, forum and unit."""
    return records.select_related("file", "file__forum", "file__unit").order_by(
        "-file__year", "file__title", "pk"
    )


def _objectives_in_year(
    records: QuerySet[NegotiationObjective], year: int
) -> QuerySet[NegotiationObjective]:
    return records.filter(file__year=year)


def statements_serving_visible_to(user: AnyUser | None) -> QuerySet[Statement]:
    return visible_to(Statement.objects.all(), user=user)


def statements_serving_rows(records: QuerySet[Statement]) -> QuerySet[Statement]:
    return records.select_related("forum", "unit").order_by("-delivered_on", "-pk")


#: Norway's WPS objectives in negotiations serve the commitments they name, in the file's year.
OBJECTIVES_SERVING = ServingType(
    key="negotiation-objectives",
    link=ObjectiveServesItem,
    label=gettext_lazy("WPS objectives in negotiations"),
    visible=objectives_serving_visible_to,
    rows=objectives_serving_rows,
    template="multilateral/_objective_serving_rows.html",
    in_year=_objectives_in_year,
)

#: A statement's WPS messages serve the items they carry, in the year it was delivered.
STATEMENTS_SERVING = ServingType(
    key="statements",
    link=MessageServesItem,
    label=gettext_lazy("Statements in multilateral forums"),
    visible=statements_serving_visible_to,
    rows=statements_serving_rows,
    template="multilateral/_statement_serving_rows.html",
    in_year=year_range("delivered_on"),
)
