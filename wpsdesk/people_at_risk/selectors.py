"""Reads of people at risk: through the policy layer only, and aggregates with small cells hidden.

Every list, search and page starts from :func:`people_visible_to`, which is the policy
layer's :func:`~wpsdesk.organisation.policy.visible_to`: a strictly restricted record opens
only to a grant in force (approved by a second authoriser). Administrators and auditors get
nothing even with a grant. Reading records through it is logged by the read log.

Other apps that want to say something about people at risk outside the grant holders use
:func:`aggregate` only: counts of at least :data:`SMALL_CELL`, never a cell below that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation.policy import get_visible_or_404, unit_access, visible_to

from .models import Attachment, PersonAtRisk, ProtectionMeasure
from .services import may_take_part, name_index

#: Counts below this are never shown outside the grant holders.
SMALL_CELL = 5


def may_use(user: Any) -> bool:
    """Who gets the people-at-risk pages at all: people with a current unit role.

    Administrators and auditors never (by their capability); a page shows only what a
    grant opens, so for most people it is empty.
    """
    return may_take_part(user) and bool(unit_access(user))


@dataclass(frozen=True)
class PersonFilters:
    """The list's filters (from a GET form)."""

    q: str = ""
    country: str = ""
    role: str = ""


def people_visible_to(*, user: Any, filters: PersonFilters | None = None) -> QuerySet[PersonAtRisk]:
    """The people at risk this person holds a grant in force on, filtered."""
    if not may_use(user):
        return PersonAtRisk.objects.none()
    people = visible_to(PersonAtRisk.objects.select_related("unit"), user=user)
    if filters:
        if filters.q:
            people = people.filter(code_name__icontains=filters.q)
        if filters.country:
            people = people.filter(country=filters.country)
        if filters.role:
            people = people.filter(role=filters.role)
    return people.order_by("code_name", "pk")


def person_for(*, user: Any, pk: int) -> PersonAtRisk:
    """One person at risk the person may read, or 404 ("not yours" = "not there")."""
    if not may_use(user):
        raise Http404
    return get_visible_or_404(PersonAtRisk.objects.select_related("unit"), user=user, pk=pk)


def measure_for(*, user: Any, pk: int) -> ProtectionMeasure:
    """One measure on a record the person may read, or 404."""
    if not may_use(user):
        raise Http404
    return get_visible_or_404(
        ProtectionMeasure.objects.select_related("person", "person__unit"), user=user, pk=pk
    )


def attachment_for(*, user: Any, pk: int) -> Attachment:
    """One file on a record the person may read, or 404."""
    if not may_use(user):
        raise Http404
    return get_visible_or_404(Attachment.objects.select_related("person"), user=user, pk=pk)


def people_named(*, user: Any, name: str) -> list[PersonAtRisk]:
    """Exact-match search on the real name through the blind index, within what is visible."""
    index = name_index(name)
    if not index:
        return []
    return list(people_visible_to(user=user).filter(real_name_index=index))


@dataclass(frozen=True)
class Read:
    """One read of a record, from the security log."""

    who: str
    when: dt.datetime
    kind: str


def reads_of(person: PersonAtRisk, *, limit: int = 20) -> list[Read]:
    """Who has read (or exported) the record, newest first, from the security log."""
    label, number = person._meta.label_lower, str(person.pk)
    events = (
        SecurityEvent.objects.filter(kind__in=["restricted.read", "people_at_risk.exported"])
        .filter(
            Q(target_type=label, target_id=number)
            | Q(details__records__icontains=f'"{label}#{number}"')
        )
        .order_by("-sequence")
        .values_list("actor_label", "occurred_at", "kind")[:limit]
    )
    return [Read(who=who, when=when, kind=kind) for who, when, kind in events]


@dataclass(frozen=True)
class Aggregate:
    """How many people at risk are followed, safe to show to anyone.

    ``total`` is None when below :data:`SMALL_CELL`; ``by_country`` holds only countries
    with at least that many; ``more_elsewhere`` says that fewer than that many more are
    followed in countries not shown (so that the total cannot be taken apart).
    """

    total: int | None
    by_country: list[tuple[str, int]] = field(default_factory=list)
    more_elsewhere: bool = False


def aggregate(
    *, unit_ids: list[int] | None = None, countries: list[str] | None = None
) -> Aggregate:
    """Counts of the people at risk followed (not anonymised), with small cells suppressed.

    The one way other pages (dashboards, reports) speak of people at risk to someone
    without a grant. Counting is not reading a record, so nothing is logged; no cell below
    :data:`SMALL_CELL` is ever returned, and when some countries are hidden the total is
    given as the sum of those shown (with ``more_elsewhere``) so that it cannot reveal them.
    """
    people = PersonAtRisk.objects.active()
    if unit_ids is not None:
        people = people.filter(unit_id__in=unit_ids)
    if countries is not None:
        people = people.filter(country__in=countries)
    rows = list(people.order_by().values_list("country").annotate(n=Count("pk")))
    shown = sorted(((country, n) for country, n in rows if n >= SMALL_CELL), key=lambda row: row[0])
    hidden = sum(n for _country, n in rows if n < SMALL_CELL)
    total = sum(n for _country, n in shown)
    if hidden >= SMALL_CELL:
        total += hidden
        hidden = 0
    return Aggregate(
        total=total if total >= SMALL_CELL else None,
        by_country=shown,
        more_elsewhere=hidden > 0 and total >= SMALL_CELL,
    )
