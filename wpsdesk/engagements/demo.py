"""A fictional year of engagements for the demo units, so that the dashboard tells a story.

The story: Norway's delegations move towards an even gender balance over the year, while
the parties' delegations stay mostly men; civil society brings women to the table and
raises most issues; WPS is on the agenda more often in consultations and multilateral
meetings than in bilateral security talks; about two in three issues are followed up on
time, and a few are overdue on the demo officers' home pages. Every name is invented and
marked "(demo)". A fixed seed gives the same spread each time; loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from wpsdesk.catalogue.models import Item
from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.organisation.models import Unit, User

from . import figures, services, tallies
from .models import (
    Engagement,
    Envoy,
    FollowUpStatus,
    IssueRaised,
    Kind,
    Measure,
    Nomination,
    Outcome,
    Side,
    Team,
)

SEED = 1325
PREFIX = "demo-"

# unit code → (editor, countries, forums, peace process, engagements in the year, kinds)
UNITS: dict[str, dict[str, Any]] = {
    "demo-bogota": {
        "editor": "bogota.officer",
        "countries": ["CO"],
        "forums": [],
        "process": "Andean dialogue (demo)",
        "count": 40,
        "kinds": [Kind.BILATERAL, Kind.CIVIL_SOCIETY, Kind.NEGOTIATION, Kind.VISIT],
    },
    "demo-amman": {
        "editor": "amman.officer",
        "countries": ["JO", "IQ", "SY"],
        "forums": [],
        "process": "",
        "count": 30,
        "kinds": [Kind.BILATERAL, Kind.CIVIL_SOCIETY, Kind.TRAINING, Kind.VISIT],
    },
    "demo-juba": {
        "editor": "juba.officer",
        "countries": ["SS", "SD"],
        "forums": [],
        "process": "Nile basin talks (demo)",
        "count": 28,
        "kinds": [Kind.BILATERAL, Kind.CIVIL_SOCIETY, Kind.NEGOTIATION],
    },
    "demo-peace": {
        "editor": "peace.lead",
        "countries": ["CO", "SS", "PH"],
        "forums": [],
        "process": "Andean dialogue (demo)",
        "count": 26,
        "kinds": [Kind.NEGOTIATION, Kind.CIVIL_SOCIETY, Kind.BILATERAL],
    },
    "demo-un-ny": {
        "editor": "un.officer",
        "countries": [],
        "forums": ["UN Security Council", "UN General Assembly", "CSW"],
        "process": "",
        "count": 34,
        "kinds": [Kind.MULTILATERAL, Kind.SIDE_EVENT, Kind.BILATERAL],
    },
    "demo-nato": {
        "editor": "nato.officer",
        "countries": [],
        "forums": ["NATO"],
        "process": "",
        "count": 24,
        "kinds": [Kind.MULTILATERAL, Kind.TRAINING, Kind.BILATERAL],
    },
}

TITLES = {
    Kind.BILATERAL: "Bilateral consultations with the host ministry (demo)",
    Kind.NEGOTIATION: "Negotiation round {n} (demo)",
    Kind.CIVIL_SOCIETY: "Consultation with women's organisations (demo)",
    Kind.MULTILATERAL: "Open debate on women, peace and security (demo)",
    Kind.SIDE_EVENT: "Side event on women mediators (demo)",
    Kind.VISIT: "Delegation visit to a border region (demo)",
    Kind.TRAINING: "Gender perspective in operations: exercise (demo)",
}
# Chance that WPS is on the agenda, by kind.
WPS_CHANCE = {
    Kind.BILATERAL: 0.35,
    Kind.NEGOTIATION: 0.55,
    Kind.CIVIL_SOCIETY: 0.95,
    Kind.MULTILATERAL: 0.8,
    Kind.SIDE_EVENT: 0.95,
    Kind.VISIT: 0.5,
    Kind.TRAINING: 0.7,
}
ISSUES = [
    "Safe transport for women delegates to the talks (demo)",
    "Childcare during consultation sessions (demo)",
    "A quota for women in the ceasefire monitoring commission (demo)",
    "Access to justice for survivors of conflict-related sexual violence (demo)",
    "Women's seats in the local peace councils (demo)",
    "Protection for women human rights defenders who spoke publicly (demo)",
    "Funding for women-led organisations in displaced communities (demo)",
]


def _split(rng: random.Random, total: int, women_share: float) -> dict[str, int]:
    women = sum(1 for _ in range(total) if rng.random() < women_share)
    other = 1 if total > 6 and women < total and rng.random() < 0.08 else 0
    return {"women": women, "men": max(total - women - other, 0), "another-or-not-stated": other}


def _grid(rng: random.Random, kind: str, progress: float) -> figures.Grid:
    """Counts for one engagement; ``progress`` runs from 0 (a year ago) to 1 (today)."""
    grid = figures.empty_grid()
    norway_share = 0.3 + 0.25 * progress
    sides = {Side.NORWAY: (rng.randint(2, 6), norway_share)}
    if kind == Kind.CIVIL_SOCIETY:
        sides[Side.CIVIL_SOCIETY] = (rng.randint(6, 18), 0.75)
    elif kind in (Kind.MULTILATERAL, Kind.SIDE_EVENT):
        sides[Side.OTHER_PARTIES] = (rng.randint(8, 30), 0.35)
        sides[Side.INTERNATIONAL] = (rng.randint(2, 8), 0.5)
        if kind == Kind.SIDE_EVENT:
            sides[Side.CIVIL_SOCIETY] = (rng.randint(3, 8), 0.8)
    elif kind == Kind.NEGOTIATION:
        sides[Side.COUNTERPART] = (rng.randint(6, 14), 0.12 + 0.1 * progress)
        sides[Side.OTHER_PARTIES] = (rng.randint(5, 12), 0.15)
    else:
        sides[Side.COUNTERPART] = (rng.randint(2, 8), 0.2)
    for side, (total, share) in sides.items():
        counts = _split(rng, total, share)
        grid[side][Measure.ATTENDED]["gender"] = counts
        spoke = {g: min(n, rng.randint(0, 3)) for g, n in counts.items()}
        grid[side][Measure.SPOKE]["gender"] = spoke
        lead = "women" if counts["women"] and rng.random() < share else "men"
        if counts[lead]:
            grid[side][Measure.LED]["gender"] = {lead: 1}
        if side == Side.CIVIL_SOCIETY and rng.random() < 0.6:
            young = rng.randint(0, total)
            grid[side][Measure.ATTENDED]["age-band"] = {
                "under-30": young,
                "30-59": total - young,
                "60-plus": 0,
                "not-stated": 0,
            }
    return grid


def _message_pool() -> list[Item]:
    edition = current_edition()
    if edition is None:
        return []
    return list(
        Item.objects.active()
        .filter(edition=edition, kind__in=["checklist_item", "commitment", "resolution"])
        .order_by("position")[:60]
    )


@transaction.atomic
def load_demo() -> str:
    """Add the demo year where a unit has none yet; return a one-line summary."""
    rng = random.Random(SEED)  # noqa: S311  (a repeatable demo, not a secret)
    today = timezone.localdate()
    pool = _message_pool()
    created = issues = 0
    # Each unit's year is counted once, after its engagements, not after each one.
    with tallies.deferred():
        for code, spec in UNITS.items():
            unit = Unit.objects.filter(code=code).first()
            editor = User.objects.filter(username=spec["editor"]).first()
            if unit is None or editor is None:
                continue
            if Engagement.objects.filter(unit=unit, external_ref__startswith=PREFIX).exists():
                continue
            for n in range(spec["count"]):
                days_ago = rng.randint(0, 364)
                date = today - dt.timedelta(days=days_ago)
                progress = 1 - days_ago / 364
                kind = rng.choice(spec["kinds"])
                wps = rng.random() < min(WPS_CHANCE[kind] + 0.2 * progress, 1)
                values = {
                    "kind": kind,
                    "date": date,
                    "country": rng.choice(spec["countries"]) if spec["countries"] else "",
                    "forum": rng.choice(spec["forums"]) if spec["forums"] else "",
                    "peace_process": spec["process"] if kind == Kind.NEGOTIATION else "",
                    "title": TITLES[kind].format(n=n + 1),
                    "summary": "Fictional engagement for the demo.",
                    "wps_on_agenda": wps,
                }
                messages = rng.sample(pool, rng.randint(1, 3)) if wps and pool else []
                engagement, _changed = services.engagement_save(
                    actor=editor,
                    unit=unit,
                    values=values,
                    grid=_grid(rng, kind, progress),
                    messages=messages,
                    external_ref=f"{PREFIX}{code}-{n + 1}",
                )
                created += 1
                raised = 1 if kind in (Kind.CIVIL_SOCIETY, Kind.SIDE_EVENT) else 0
                if kind == Kind.NEGOTIATION and rng.random() < 0.4:
                    raised = 1
                for _ in range(raised + (1 if rng.random() < 0.2 else 0)):
                    issues += _demo_issue(rng, engagement, editor, today)
    _demo_representation(rng, today)
    return f"Engagements: {created} fictional engagements and {issues} issues raised by women."


def _demo_issue(rng: random.Random, engagement: Engagement, owner: User, today: dt.date) -> int:
    due = engagement.date + dt.timedelta(days=rng.choice([21, 30, 45, 60]))
    status = FollowUpStatus.OPEN
    completed = None
    if due < today:
        roll = rng.random()
        if roll < 0.62:
            status, completed = FollowUpStatus.DONE, due - dt.timedelta(days=rng.randint(0, 10))
        elif roll < 0.8:
            status, completed = FollowUpStatus.DONE, due + dt.timedelta(days=rng.randint(3, 20))
        elif roll < 0.9:
            status = FollowUpStatus.IN_PROGRESS
    elif rng.random() < 0.4:
        status = FollowUpStatus.IN_PROGRESS
    if completed is not None and completed > today:
        completed = today
    IssueRaised.objects.create(
        engagement=engagement,
        side=Side.CIVIL_SOCIETY if engagement.kind == Kind.CIVIL_SOCIETY else Side.COUNTERPART,
        issue=rng.choice(ISSUES),
        follow_up="Raise it at the next meeting and report back (demo).",
        owner=owner,
        due_date=due,
        status=status,
        completed_on=completed,
    )
    return 1


TEAMS = [
    ("demo-peace", "Facilitation team, Andean dialogue (demo)", "peace_process", "CO", ""),
    ("demo-peace", "Support team, Nile basin talks (demo)", "peace_process", "SS", ""),
    (
        "demo-un-ny",
        "Delegation to the Commission on the Status of Women (demo)",
        "meeting",
        "",
        "CSW",
    ),
    (
        "demo-un-ny",
        "Delegation to the WPS open debate (demo)",
        "meeting",
        "",
        "UN Security Council",
    ),
    ("demo-nato", "Delegation to the ministerial meeting (demo)", "meeting", "", "NATO"),
    ("demo-juba", "Delegation to the talks in the region (demo)", "negotiation", "SS", ""),
]


def _demo_representation(rng: random.Random, today: dt.date) -> None:
    units = {u.code: u for u in Unit.objects.filter(code__in={t[0] for t in TEAMS})}
    for code, name, kind, country, forum in TEAMS:
        unit = units.get(code)
        if unit is None or Team.objects.filter(unit=unit, name=name).exists():
            continue
        editor = User.objects.get(username=UNITS[code]["editor"])
        head = rng.choice(["women", "men"])
        composition = {
            ("head", head): 1,
            ("deputy", "men" if head == "women" else "women"): 1,
            ("member", "women"): rng.randint(1, 4),
            ("member", "men"): rng.randint(1, 4),
            ("adviser", "women"): rng.randint(0, 2),
            ("adviser", "men"): rng.randint(0, 2),
            ("expert", "women"): rng.randint(0, 2),
        }
        services.team_save(
            actor=editor,
            unit=unit,
            values={
                "name": name,
                "kind": kind,
                "country": country,
                "forum": forum,
                "start": today - dt.timedelta(days=rng.randint(30, 330)),
            },
            composition=composition,
        )
    peace = Unit.objects.filter(code="demo-peace").first()
    if peace is None or Envoy.objects.filter(unit=peace).exists():
        return
    for post, mandate, gender, years in [
        ("Special envoy (demo)", "Andean dialogue (demo)", "women", 2),
        ("Special representative (demo)", "Nile basin talks (demo)", "men", 3),
        ("Special envoy for women, peace and security (demo)", "Global", "women", 1),
        ("Special envoy (demo)", "Island mediation (demo)", "men", 4),
    ]:
        Envoy.objects.create(
            unit=peace,
            post=post,
            mandate=mandate,
            gender=gender,
            start=today - dt.timedelta(days=365 * years),
        )
    for post, organisation, gender, outcome in [
        ("Head of a UN political mission (demo)", "United Nations (demo)", "women", "appointed"),
        ("Senior gender adviser (demo)", "OSCE (demo)", "women", "appointed"),
        ("Deputy special representative (demo)", "United Nations (demo)", "men", "not_appointed"),
        ("Mediation expert (demo)", "African Union (demo)", "women", "pending"),
        ("Police commissioner (demo)", "United Nations (demo)", "men", "appointed"),
    ]:
        nominated = today - dt.timedelta(days=rng.randint(60, 300))
        Nomination.objects.create(
            unit=peace,
            post=post,
            organisation=organisation,
            gender=gender,
            nominated_on=nominated,
            outcome=outcome,
            decided_on=None if outcome == Outcome.PENDING else nominated + dt.timedelta(days=45),
        )
