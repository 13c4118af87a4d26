"""Reads on the civil-society map, every one through the policy layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import AnyUser, visible_to

from .models import LinkKind, Organisation, OrganisationLink

#: Engagements shown on an organisation's page (the newest; the total is given beside them).
ENGAGEMENTS_SHOWN = 25
#: Choices a page offers when linking (the newest engagements, organisations by name); the
#: querysets below are not cut, so that a posted choice is checked against all of them.
LINK_CHOICES = 200


@dataclass(frozen=True)
class OrganisationFilters:
    """What a list, the API or an export is narrowed to; empty means everything."""

    q: str = ""
    country: str = ""
    kind: str = ""
    theme: str = ""
    stance: str = ""
    scope: str = ""
    unit: Unit | None = None

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> OrganisationFilters:
        return cls(
            q=(data.get("q") or "").strip(),
            country=(data.get("country") or "").strip().upper(),
            kind=data.get("kind") or "",
            theme=data.get("theme") or "",
            stance=data.get("stance") or "",
            scope=data.get("scope") or "",
            unit=data.get("unit"),
        )

    def apply(self, qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
        conditions: dict[str, Any] = {}
        if self.country:
            conditions["country"] = self.country
        if self.kind:
            conditions["kind"] = self.kind
        if self.stance:
            conditions["stance"] = self.stance
        if self.scope:
            conditions["scope"] = self.scope
        if self.unit is not None:
            conditions["unit"] = self.unit
        if self.theme:
            # Codes are whole words in the column (P1 P3) and none is part of another.
            conditions["themes__contains"] = self.theme
        qs = qs.filter(**conditions)
        if self.q:
            qs = qs.filter(
                Q(name__icontains=self.q)
                | Q(who_they_are__icontains=self.q)
                | Q(represents__icontains=self.q)
                | Q(views__icontains=self.q)
            )
        return qs


def organisation_list_visible_to(
    *, user: AnyUser | None, filters: OrganisationFilters | None = None
) -> QuerySet[Organisation]:
    """The organisations the person may open, by name, with what a list row shows."""
    qs = visible_to(Organisation.objects.all(), user=user)
    if filters is not None:
        qs = filters.apply(qs)
    return qs.select_related("unit").order_by("name", "pk")


def organisation_detail_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("unit", "created_by")


@dataclass
class LinkRow:
    """One link as seen from an organisation's page: what it is and the organisation across."""

    link: OrganisationLink
    label: str
    other: Organisation


@dataclass
class Links:
    """An organisation's links to others the person may read, grouped for its page."""

    partners: list[LinkRow] = field(default_factory=list)  # its partners in the country
    partner_of: list[LinkRow] = field(default_factory=list)  # Norwegian organisations it partners
    members: list[LinkRow] = field(default_factory=list)  # its members
    member_of: list[LinkRow] = field(default_factory=list)  # networks it is a member of

    def __bool__(self) -> bool:
        return bool(self.partners or self.partner_of or self.members or self.member_of)


def links_of(*, user: AnyUser | None, organisation: Organisation) -> Links:
    """The organisation's links whose other side the person may read (two queries).

    The other sides are read through the policy layer, so a restricted one is left out for
    those who may not see it and its reading is logged for those who may.
    """
    rows = list(
        OrganisationLink.objects.filter(
            Q(organisation=organisation) | Q(other=organisation)
        ).order_by("kind", "pk")
    )
    across = {
        link.other_id if link.organisation_id == organisation.pk else link.organisation_id
        for link in rows
    }
    visible = (
        {org.pk: org for org in visible_to(Organisation.objects.filter(pk__in=across), user=user)}
        if across
        else {}
    )
    links = Links()
    for link in rows:
        outgoing = link.organisation_id == organisation.pk
        other = visible.get(link.other_id if outgoing else link.organisation_id)
        if other is None:
            continue
        row = LinkRow(link=link, label=link.get_kind_display(), other=other)
        if link.kind == LinkKind.PARTNER:
            (links.partners if outgoing else links.partner_of).append(row)
        else:
            (links.members if outgoing else links.member_of).append(row)
    for group in (links.partners, links.partner_of, links.members, links.member_of):
        group.sort(key=lambda r: (r.other.name, r.other.pk))
    return links


def engagements_of(*, user: AnyUser | None, organisation: Organisation) -> QuerySet[Engagement]:
    """The engagements with the organisation that the person may open, newest first."""
    return visible_to(
        Engagement.objects.filter(civil_society_organisations=organisation), user=user
    ).order_by("-date", "-pk")


def engagements_to_link(
    *, user: AnyUser | None, organisation: Organisation
) -> QuerySet[Engagement]:
    """Engagements the person may open that could be linked: the newest ones of the
    organisation's unit not linked yet."""
    return (
        visible_to(Engagement.objects.filter(unit_id=organisation.unit_id), user=user)
        .exclude(civil_society_organisations=organisation)
        .order_by("-date", "-pk")
    )


def organisations_to_link(
    *, user: AnyUser | None, organisation: Organisation
) -> QuerySet[Organisation]:
    """Other organisations the person may read, to link as partner or member."""
    return (
        visible_to(Organisation.objects.exclude(pk=organisation.pk), user=user)
        .only("pk", "name", "country", "unit", "classification")
        .order_by("name", "pk")
    )


#: How many processes and grants the organisation page lists.
RELATED_SHOWN = 25


def processes_of(*, user: AnyUser | None, organisation: Organisation) -> list[Any]:
    """The peace processes the organisation takes part in, as far as the person may see:
    those of the engagements and consultations it is linked to (one query)."""
    from wpsdesk.processes.models import PeaceProcess

    engagement_ids = visible_to(
        Engagement.objects.filter(civil_society_organisations=organisation), user=user
    ).values("process_id")
    return list(
        visible_to(PeaceProcess.objects.filter(pk__in=engagement_ids), user=user).order_by(
            "name", "pk"
        )[:RELATED_SHOWN]
    )


def grants_of(*, user: AnyUser | None, organisation: Organisation) -> list[Any]:
    """The grants with the organisation as partner that the person may see (one query)."""
    from wpsdesk.grants.models import Grant

    return list(
        visible_to(Grant.objects.filter(partner=organisation), user=user)
        .select_related("unit")
        .order_by("-start_date", "pk")[:RELATED_SHOWN]
    )
