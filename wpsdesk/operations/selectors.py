"""Reads on operations and their personnel, every one through the policy layer."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from wpsdesk.engagements.models import Engagement, IssueRaised, Nomination
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import AnyUser, unit_access, visible_to

from .models import DeployedPerson, Level, MandateRenewal, Operation, ParticipationFigure

#: Engagements (leadership contacts) shown on an operation's page; the total is given beside.
ENGAGEMENTS_SHOWN = 25
#: Nominations offered when linking (the newest the person may see).
LINK_CHOICES = 200


@dataclass(frozen=True)
class OperationFilters:
    """What the list or the API is narrowed to; empty means everything."""

    q: str = ""
    organisation: str = ""
    kind: str = ""
    country: str = ""
    current: bool = False
    unit: Unit | None = None

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> OperationFilters:
        return cls(
            q=(data.get("q") or "").strip(),
            organisation=data.get("organisation") or "",
            kind=data.get("kind") or "",
            country=(data.get("country") or "").strip().upper(),
            current=bool(data.get("current")),
            unit=data.get("unit"),
        )

    def apply(self, qs: QuerySet[Operation], today: dt.date | None = None) -> QuerySet[Operation]:
        conditions: dict[str, Any] = {}
        if self.organisation:
            conditions["organisation"] = self.organisation
        if self.kind:
            conditions["kind"] = self.kind
        if self.unit is not None:
            conditions["unit"] = self.unit
        if self.country:
            # Codes are whole two-letter words in the column (SS SD).
            conditions["countries__contains"] = self.country
        qs = qs.filter(**conditions)
        if self.current:
            qs = qs.filter(Q(ended__isnull=True) | Q(ended__gte=today or dt.date.today()))
        if self.q:
            qs = qs.filter(
                Q(name__icontains=self.q)
                | Q(acronym__icontains=self.q)
                | Q(contribution_note__icontains=self.q)
            )
        return qs


def operation_list_visible_to(
    *, user: AnyUser | None, filters: OperationFilters | None = None
) -> QuerySet[Operation]:
    """The operations the person may open, by name, with what a list row shows."""
    qs = visible_to(Operation.objects.all(), user=user)
    if filters is not None:
        qs = filters.apply(qs)
    return qs.select_related("unit").order_by("name", "pk")


def operations_to_choose(*, user: AnyUser | None) -> QuerySet[Operation]:
    """Operations to offer in an engagement's form."""
    return visible_to(Operation.objects.all(), user=user).order_by("name", "pk")


def operation_detail_queryset() -> QuerySet[Operation]:
    return Operation.objects.select_related("unit", "created_by").prefetch_related(
        Prefetch(
            "renewals",
            queryset=MandateRenewal.objects.prefetch_related("tasks").order_by("-date", "-pk"),
        ),
        Prefetch("participation", queryset=ParticipationFigure.objects.order_by("date", "level")),
    )


def contacts_of(*, user: AnyUser | None, operation: Operation) -> QuerySet[Engagement]:
    """The engagements naming the operation that the person may open, newest first, with
    their follow-ups."""
    return (
        visible_to(Engagement.objects.filter(operation=operation), user=user)
        .select_related("unit")
        .prefetch_related(
            Prefetch("issues", queryset=IssueRaised.objects.select_related("owner").order_by("pk"))
        )
        .order_by("-date", "-pk")
    )


def nominations_of(*, user: AnyUser | None, operation: Operation) -> list[Nomination]:
    """The nominations linked to the operation that the person may see (one query)."""
    return list(
        visible_to(Nomination.objects.filter(operations=operation), user=user).order_by(
            "-nominated_on", "pk"
        )
    )


def nominations_to_link(*, user: AnyUser | None, operation: Operation) -> QuerySet[Nomination]:
    """Nominations the person may see that are not linked yet, newest first."""
    return (
        visible_to(Nomination.objects.all(), user=user)
        .exclude(operations=operation)
        .order_by("-nominated_on", "-pk")
    )


def personnel_of(*, user: AnyUser | None, operation: Operation) -> list[DeployedPerson]:
    """The operation's deployed personnel that the person may read: the responsible
    mission's members with restricted clearance (and grant holders). Everyone else gets
    an empty list; nothing tells them that entries exist."""
    return list(
        visible_to(DeployedPerson.objects.filter(operation=operation), user=user)
        .select_related("unit")
        .order_by("review_due", "pk")
    )


@dataclass(frozen=True)
class ShareRow:
    """One date and level of the participation figures, with the share drawn as a bar."""

    figure: ParticipationFigure
    label: str
    percent: float | None
    y: int
    w: float


@dataclass(frozen=True)
class ParticipationChart:
    rows: list[ShareRow]
    width: int
    height: int
    label_width: int
    bar_width: int

    @property
    def half_x(self) -> float:
        return self.label_width + self.bar_width / 2

    @property
    def end_x(self) -> int:
        return self.label_width + self.bar_width


ROW_HEIGHT = 22
LABEL_WIDTH = 230
BAR_WIDTH = 360


def participation_chart(figures: list[ParticipationFigure]) -> ParticipationChart:
    """Women's share per date and level as horizontal bars (the table holds the same)."""
    levels = dict(Level.choices)
    by_date: dict[dt.date, list[ParticipationFigure]] = defaultdict(list)
    for figure in figures:
        by_date[figure.date].append(figure)
    rows: list[ShareRow] = []
    y = 24
    for date in sorted(by_date):
        for figure in sorted(by_date[date], key=lambda f: list(levels).index(f.level)):
            share = figure.share
            rows.append(
                ShareRow(
                    figure=figure,
                    label=f"{date:%Y-%m-%d} · {levels[figure.level]}",
                    percent=None if share is None else round(share * 100, 1),
                    y=y,
                    w=0 if share is None else BAR_WIDTH * share,
                )
            )
            y += ROW_HEIGHT
    return ParticipationChart(
        rows=rows,
        width=LABEL_WIDTH + BAR_WIDTH + 60,
        height=y + 4,
        label_width=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
    )


def units_for_personnel(units: list[Unit], user: AnyUser | None) -> list[Unit]:
    """Of the person's units, those whose restricted list they may keep: editors and leads
    with restricted clearance there (cached roles, no query)."""
    access = unit_access(user)
    return [
        unit
        for unit in units
        if unit.pk in access
        and access[unit.pk].at_least("editor")
        and access[unit.pk].restricted_clearance
    ]
