"""Fictional organisations on the demo units' civil-society maps.

Every organisation is invented and marked "(demo)"; any likeness to a real one is by
chance. Bogotá's map has a local women's network, a Norwegian organisation with that
network as its partner in the country, an organisation working with men, an opponent and
one restricted organisation that must not be seen to talk to the embassy; Amman's has a
regional network Norway supports with a member. Some are linked with the demo
consultations. Loading twice adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wpsdesk.engagements.models import Engagement, Kind
from wpsdesk.organisation.models import Classification, Unit, User

from . import services
from .models import LinkKind, Organisation, OrganisationType, Scope, Stance

# unit code → (the person who adds them, organisations)
ORGANISATIONS: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "demo-bogota": (
        "bogota.officer",
        [
            {
                "name": "Red de Mujeres Constructoras de Paz (demo)",
                "scope": Scope.LOCAL,
                "kind": OrganisationType.NETWORK,
                "country": "CO",
                "themes": "P1 P3",
                "stance": Stance.ALLY,
                "who_they_are": "A fictional network of 40 local women's groups in the south-west.",
                "views": "Peace must be built from the territories, with women at the table.",
                "represents": "Rural and Afro-Colombian women peacebuilders (fictional).",
                "challenges": "Threats against leaders; little money for travel to the talks.",
                "alliance_strategies": "Joint community dialogues with local male leaders.",
            },
            {
                "name": "Fundación Norte-Sur (demo)",
                "scope": Scope.NORWEGIAN,
                "kind": OrganisationType.OTHER,
                "country": "CO",
                "themes": "P1",
                "stance": Stance.ALLY,
                "who_they_are": "A fictional Norwegian foundation with an office in Bogotá.",
            },
            {
                "name": "Colectivo Hombres por la Igualdad (demo)",
                "scope": Scope.LOCAL,
                "kind": OrganisationType.MEN_AND_MASCULINITIES,
                "country": "CO",
                "themes": "P3",
                "stance": Stance.MIXED,
                "who_they_are": "A fictional group running workshops on masculinities.",
                "views": "Supports women's participation, hesitant on reproductive rights.",
            },
            {
                "name": "Movimiento Familia y Tradición (demo)",
                "scope": Scope.LOCAL,
                "kind": OrganisationType.OTHER,
                "country": "CO",
                "themes": "",
                "stance": Stance.OPPONENT,
                "views": "Campaigns against the gender chapter of the agreement (fictional).",
            },
            {
                "name": "Asociación de Defensoras del Valle (demo)",
                "scope": Scope.LOCAL,
                "kind": OrganisationType.WOMENS_ORGANISATION,
                "country": "CO",
                "themes": "P3",
                "stance": Stance.ALLY,
                "classification": Classification.RESTRICTED,
                "who_they_are": "A fictional association of defenders; contact must stay discreet.",
                "challenges": "Its members are followed and threatened.",
            },
        ],
    ),
    "demo-amman": (
        "amman.officer",
        [
            {
                "name": "Levant Women Mediators Network (demo)",
                "scope": Scope.REGIONAL,
                "kind": OrganisationType.NETWORK,
                "country": "JO",
                "themes": "P1",
                "stance": Stance.ALLY,
                "supported_by_norway": True,
                "who_they_are": "A fictional regional network of women mediators.",
            },
            {
                "name": "Amman Women's Forum (demo)",
                "scope": Scope.LOCAL,
                "kind": OrganisationType.WOMENS_ORGANISATION,
                "country": "JO",
                "themes": "P3",
                "stance": Stance.ALLY,
            },
            {
                "name": "National Council for Women's Affairs (demo)",
                "scope": Scope.LOCAL,
                "kind": OrganisationType.GENDER_EQUALITY_BODY,
                "country": "JO",
                "themes": "P2",
                "stance": Stance.MIXED,
            },
        ],
    ),
    "demo-juba": (
        "juba.officer",
        [
            {
                "name": "South Sudan Women Peacebuilders Coalition (demo)",
                "scope": Scope.LOCAL,
                "kind": OrganisationType.NETWORK,
                "country": "SS",
                "themes": "P1 P2",
                "stance": Stance.ALLY,
            },
            {
                "name": "Nile Diaspora Women's Association (demo)",
                "scope": Scope.DIASPORA,
                "kind": OrganisationType.WOMENS_ORGANISATION,
                "country": "SS",
                "themes": "P1",
                "stance": Stance.UNKNOWN,
            },
        ],
    ),
}
# (unit, organisation, other, kind)
LINKS = [
    (
        "demo-bogota",
        "Fundación Norte-Sur (demo)",
        "Red de Mujeres Constructoras de Paz (demo)",
        LinkKind.PARTNER,
    ),
    (
        "demo-amman",
        "Levant Women Mediators Network (demo)",
        "Amman Women's Forum (demo)",
        LinkKind.MEMBER,
    ),
]
#: Organisations linked with their unit's first consultations (engagement kind).
CONSULTED = {
    "demo-bogota": [
        "Red de Mujeres Constructoras de Paz (demo)",
        "Colectivo Hombres por la Igualdad (demo)",
    ],
    "demo-amman": ["Amman Women's Forum (demo)"],
    "demo-juba": ["South Sudan Women Peacebuilders Coalition (demo)"],
}
CONSULTATIONS_LINKED = 3


@transaction.atomic
def load_demo() -> str:
    """Add the demo organisations, their links and their consultations (idempotent)."""
    added = 0
    for code, (username, organisations) in ORGANISATIONS.items():
        unit = Unit.objects.filter(code=code).first()
        actor = User.objects.filter(username=username).first()
        if unit is None or actor is None:
            continue
        for values in organisations:
            if Organisation.objects.filter(unit=unit, name=values["name"]).exists():
                continue
            services.organisation_save(actor=actor, unit=unit, values=values)
            added += 1
        for name in CONSULTED.get(code, []):
            organisation = Organisation.objects.get(unit=unit, name=name)
            if organisation.engagements.exists():
                continue
            consultations = Engagement.objects.filter(unit=unit, kind=Kind.CIVIL_SOCIETY).order_by(
                "date", "pk"
            )[:CONSULTATIONS_LINKED]
            for engagement in consultations:
                services.engagement_link(
                    actor=actor, organisation=organisation, engagement=engagement
                )
    for code, name, other_name, kind in LINKS:
        on_map = Organisation.objects.filter(unit__code=code)
        source = on_map.filter(name=name).first()
        other = on_map.filter(name=other_name).first()
        if source is None or other is None:
            continue
        if source.links_out.filter(other=other, kind=kind).exists():
            continue
        actor = User.objects.get(username=ORGANISATIONS[code][0])
        services.link_add(actor=actor, organisation=source, other=other, kind=kind)
    return f"civil society: {added} demo organisations added"
