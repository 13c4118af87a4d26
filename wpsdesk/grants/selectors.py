"""Reads on grants, grantee reports and best practice, every one through the policy layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.serving import ServingType
from wpsdesk.civil_society.models import Organisation
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation import readlog
from wpsdesk.organisation.models import Classification, Unit
from wpsdesk.organisation.policy import (
    AnyUser,
    is_person,
    may_create_in,
    units_visible_to,
    visibility_filter,
    visible_to,
)

from .models import (
    BestPractice,
    Grant,
    GrantAmount,
    GrantReport,
    GrantServesItem,
    PracticeServesItem,
)

#: Engagements shown on a grant's page (the newest; the total is given beside them).
ENGAGEMENTS_SHOWN = 25
#: Choices a page offers when linking; the querysets themselves are not cut.
LINK_CHOICES = 200


@dataclass(frozen=True)
class GrantFilters:
    """What the list, the API or an export is narrowed to; empty means everything."""

    q: str = ""
    country: str = ""
    priority: int | None = None
    gender_marker: int | None = None
    channel: str = ""
    year: int | None = None
    unit: Unit | None = None
    wps_relevant: bool | None = None

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> GrantFilters:
        def number(name: str) -> int | None:
            value = data.get(name)
            return None if value is None or value == "" else int(value)

        relevant = data.get("wps_relevant") or ""
        return cls(
            q=(data.get("q") or "").strip(),
            country=(data.get("country") or "").strip().upper(),
            priority=number("priority"),
            gender_marker=number("gender_marker"),
            channel=data.get("channel") or "",
            year=number("year"),
            unit=data.get("unit"),
            wps_relevant={"yes": True, "no": False}.get(relevant),
        )

    def apply(self, qs: QuerySet[Grant]) -> QuerySet[Grant]:
        conditions: dict[str, Any] = {}
        if self.country:
            conditions["country"] = self.country
        if self.priority is not None:
            conditions["priority"] = self.priority
        if self.gender_marker is not None:
            conditions["gender_marker"] = self.gender_marker
        if self.channel:
            conditions["channel"] = self.channel
        if self.unit is not None:
            conditions["unit"] = self.unit
        if self.wps_relevant is not None:
            conditions["wps_relevant"] = self.wps_relevant
        if self.year is not None:
            conditions["start_date__lt"] = dt.date(self.year + 1, 1, 1)
            conditions["end_date__gte"] = dt.date(self.year, 1, 1)
        qs = qs.filter(**conditions)
        if self.q:
            qs = qs.filter(
                Q(agreement_number__icontains=self.q)
                | Q(title__icontains=self.q)
                | Q(multilateral_partner__icontains=self.q)
                | Q(partner__name__icontains=self.q)
            )
        return qs


def grants_visible_to(*, user: AnyUser | None) -> QuerySet[Grant]:
    """Every grant the person may open (no order, no joins)."""
    return visible_to(Grant.objects.all(), user=user)


def grant_list_visible_to(
    *, user: AnyUser | None, filters: GrantFilters | None = None
) -> QuerySet[Grant]:
    """The grants the person may open, newest agreement first, with what a row shows."""
    qs = grants_visible_to(user=user)
    if filters is not None:
        qs = filters.apply(qs)
    return qs.select_related("unit", "partner").order_by("-start_date", "-pk")


def grant_detail_queryset() -> QuerySet[Grant]:
    return Grant.objects.select_related("unit", "partner", "created_by")


def amounts_of(grant: Grant) -> list[GrantAmount]:
    return list(grant.amounts.order_by("year", "currency", "pk"))


def reports_of(grant: Grant) -> list[GrantReport]:
    return list(grant.reports.select_related("assessed_by").order_by("due_date", "pk"))


def engagements_of(*, user: AnyUser | None, grant: Grant) -> QuerySet[Engagement]:
    """The dialogues with the grant recipient that the person may open, newest first."""
    return visible_to(Engagement.objects.filter(grants=grant), user=user).order_by("-date", "-pk")


def engagements_to_link(*, user: AnyUser | None, grant: Grant) -> QuerySet[Engagement]:
    """Engagements the person may open that are not linked to the grant yet, newest first."""
    return (
        visible_to(Engagement.objects.all(), user=user)
        .exclude(grants=grant)
        .only("pk", "title", "date", "unit", "classification")
        .order_by("-date", "-pk")
    )


def partners_to_choose(*, user: AnyUser | None) -> QuerySet[Organisation]:
    """Organisations on the civil-society map the person may read, by name."""
    return (
        visible_to(Organisation.objects.all(), user=user)
        .only("pk", "name", "country", "unit", "classification")
        .order_by("name", "pk")
    )


def units_for_grants(*, user: AnyUser | None) -> list[Unit]:
    """Units the person may register grants in."""
    return [
        unit for unit in units_visible_to(user=user).order_by("name") if may_create_in(user, unit)
    ]


def filter_units(*, user: AnyUser | None) -> QuerySet[Unit]:
    return units_visible_to(user=user).order_by("name")


# --- grantee reports ---------------------------------------------------------------------


def open_reports_visible_to(*, user: AnyUser | None) -> QuerySet[GrantReport]:
    """Reports not received yet, of grants the person may open, earliest due first."""
    return (
        visible_to(GrantReport.objects.filter(received_on__isnull=True), user=user)
        .select_related("grant", "grant__unit")
        .order_by("due_date", "pk")
    )


def overdue_reports_visible_to(
    *, user: AnyUser | None, unit: Unit | None = None, today: dt.date | None = None
) -> QuerySet[GrantReport]:
    """Reports past their due date and not received, for the unit (or all the person sees)."""
    today = today or timezone.localdate()
    qs = open_reports_visible_to(user=user).filter(due_date__lt=today)
    if unit is not None:
        qs = qs.filter(grant__unit=unit)
    return qs


# --- best practice ---------------------------------------------------------------------------


def practice_filter(user: AnyUser | None) -> Q | None:
    """What a person may read of best practice: every internal note, across units, and the
    restricted ones the policy layer lets them read. Nothing for someone not signed in."""
    condition = visibility_filter(user, BestPractice)
    if condition is None or not is_person(user):
        return None
    return condition | Q(classification=Classification.INTERNAL)


def practices_visible_to(*, user: AnyUser | None, q: str = "") -> QuerySet[BestPractice]:
    """Best-practice notes the person may read, newest first, searchable by words."""
    condition = practice_filter(user)
    if condition is None:
        return BestPractice.objects.none()
    qs = BestPractice.objects.filter(condition)
    if q.strip():
        words = q.strip()
        qs = qs.filter(Q(title__icontains=words) | Q(summary__icontains=words))
    # Restricted notes read through this are noted for the request's read log, as
    # ``visible_to`` does.
    return readlog.mark(
        qs.select_related("unit").order_by("-created_at", "-pk"),
        reader=user,
        class_path="classification",
    )


def practice_grants(*, user: AnyUser | None, practice: BestPractice) -> list[Grant]:
    """The grants a note is linked to that the person may open."""
    return list(
        visible_to(Grant.objects.filter(practices=practice), user=user).order_by("agreement_number")
    )


def practices_of(*, user: AnyUser | None, grant: Grant) -> list[BestPractice]:
    """Best-practice notes linked to a grant that the person may read."""
    condition = practice_filter(user)
    if condition is None:
        return []
    notes = BestPractice.objects.filter(condition, grants=grant).order_by("-created_at", "-pk")
    return list(readlog.mark(notes, reader=user, class_path="classification")[:25])


# --- what grants and best practice serve -----------------------------------------------------


def grants_in_year(records: QuerySet[Grant], year: int) -> QuerySet[Grant]:
    """Grants whose agreement period touches the year."""
    return records.filter(start_date__lt=dt.date(year + 1, 1, 1), end_date__gte=dt.date(year, 1, 1))


SERVING = ServingType(
    key="grants",
    link=GrantServesItem,
    label=gettext_lazy("Grants"),
    visible=lambda user: grants_visible_to(user=user),
    rows=lambda records: records.select_related("unit", "partner").order_by("-start_date", "-pk"),
    template="grants/_serving_rows.html",
    in_year=grants_in_year,
)

PRACTICE_SERVING = ServingType(
    key="best-practice",
    link=PracticeServesItem,
    label=gettext_lazy("Best practice"),
    visible=lambda user: practices_visible_to(user=user),
    rows=lambda records: records.select_related("unit").order_by("-created_at", "-pk"),
    template="grants/_practice_serving_rows.html",
    in_year=None,
)
