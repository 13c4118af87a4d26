"""Three fictional peace processes for the demo, each marked "(demo)".

* "Andean dialogue (demo)": led by the Section for Peace and Reconciliation, with the
  Embassy in Bogotá contributing; a conflict and actor analysis in two versions (the first
  approved, the second a draft), an inclusion assessment, and the demo engagements and
  teams that name it linked to it, and a WPS strategy of two objectives (one due for review
  on peace.lead's home page). Its final agreement has its text screened; five of the WPS
  provisions found are tracked with a dated implementation history, one is turned down,
  the women's seats in the follow-up commission are counted twice, and the agreement has
  its own WPS strategy objective.
* "Nile basin talks (demo)": led by the Section, internal, no contributing unit.
* "Island mediation (demo)": led by the Section and restricted — only the Section's
  cleared people read it; anyone else gets "not found".

Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.engagements.models import Engagement, Kind, Team
from wpsdesk.organisation.models import Unit, User

from . import agreements, services
from .models import AnalysisStatus, ConflictAnalysis, InclusionEntry, PeaceProcess

PROCESSES = [
    {
        "name": "Andean dialogue (demo)",
        "countries": "CO",
        "phase": "implementation",
        "norway_role": "facilitator",
        "classification": "internal",
        "parties": "Government of the fictional republic (demo)\nFrente Andino (demo)",
        "other_actors": "Guarantor countries (demo)\nWomen's platform for peace (demo)",
        "summary": "A fictional process for the demo: the agreement is being implemented.",
        "contributing": ["demo-bogota"],
    },
    {
        "name": "Nile basin talks (demo)",
        "countries": "SS,SD",
        "phase": "negotiation",
        "norway_role": "supporter",
        "classification": "internal",
        "parties": "Transitional government (demo)\nOpposition movement (demo)",
        "other_actors": "Regional organisation (demo)",
        "summary": "A fictional process for the demo: talks under way in the region.",
        "contributing": [],
    },
    {
        "name": "Island mediation (demo)",
        "countries": "PH",
        "phase": "exploratory",
        "norway_role": "facilitator",
        "classification": "restricted",
        "parties": "Island authorities (demo)\nIsland front (demo)",
        "other_actors": "",
        "summary": "A fictional, restricted process for the demo: first contacts.",
        "contributing": [],
    },
]

FIRST_ANSWER = "Displacement hits rural women hardest; few women in the delegations (demo)."
SECOND_ANSWER = "Since the agreement, returns began; women leaders face threats (demo)."


def _analysis(process: PeaceProcess, lead: User, editor: User) -> None:
    if ConflictAnalysis.objects.filter(process=process).exists() or current_edition() is None:
        return
    analysis = services.analysis_create(
        actor=editor,
        unit=process.unit,
        title="Gender-sensitive conflict analysis (demo)",
        process=process,
    )
    for text, approve in ((FIRST_ANSWER, True), (SECOND_ANSWER, False)):
        draft = analysis.versions.get(status=AnalysisStatus.DRAFT)
        services.analysis_version_save(
            actor=editor,
            version=draft,
            values={
                "authors": "Section desk officer (demo)",
                "sources": "Interviews with women's organisations (demo)",
                "used_in": "Country strategy (demo)",
            },
            answers={a.item_id: text for a in draft.answers.all()},
            actors=[
                {
                    "name": "Frente Andino (demo)",
                    "kind": "armed_group",
                    "represents": "Rural combatants (demo)",
                    "delegation_inclusiveness": "One woman in a delegation of twelve (demo).",
                    "gender_standpoint": "Opposes quotas (demo).",
                    "stance": "spoiler",
                    "gendered_risks": "Women ex-combatants stigmatised (demo).",
                    "protection_needed": "Safe transport to the talks (demo).",
                },
                {
                    "name": "Women's platform for peace (demo)",
                    "kind": "womens_group",
                    "represents": "Forty women's organisations (demo)",
                    "stance": "agent",
                    "gendered_risks": "Threats against leaders (demo).",
                    "protection_needed": "Protection scheme for leaders (demo).",
                },
            ],
        )
        if approve:
            services.analysis_approve(actor=lead, analysis=analysis)
            services.analysis_new_version(actor=editor, analysis=analysis)


def _inclusion(process: PeaceProcess, editor: User) -> None:
    if InclusionEntry.objects.filter(process=process).exists():
        return
    consultations = list(
        Engagement.objects.filter(process=process, kind=Kind.CIVIL_SOCIETY).order_by("date")[:2]
    )
    services.inclusion_save(
        actor=editor,
        process=process,
        group="grassroots_women",
        assessment="A national platform exists; rural groups disagree on land (demo).",
        gaps="Rural women's groups were not consulted on land clauses (demo).",
        consultations=consultations,
    )
    services.inclusion_save(
        actor=editor,
        process=process,
        group="displaced_women",
        assessment="Displaced women met the delegations once (demo).",
        gaps="No consultation in the settlements (demo).",
    )


def _strategy(process: PeaceProcess, lead: User) -> None:
    if process.objectives.exists():
        return
    today = timezone.localdate()
    for objective, approach, days in (
        (
            "Women in both parties' delegations to the follow-up commission (demo)",
            "delegations",
            10,
        ),
        ("Transport and security for rural women's delegates (demo)", "support", 60),
    ):
        services.objective_save(
            actor=lead,
            process=process,
            values={
                "objective": objective,
                "approach": approach,
                "responsible": lead,
                "review_on": today + dt.timedelta(days=days),
            },
        )


AGREEMENT_TITLE = "Final agreement of the Andean dialogue (demo)"
AGREEMENT_TEXT = """FINAL AGREEMENT OF THE ANDEAN DIALOGUE (DEMO)

Preamble

Recalling Security Council resolution 1325 (2000) and the women's organisations that called
for this agreement,

Article 1 – Participation

1.1 The Parties shall ensure that women make up at least forty per cent of the Follow-up
and Verification Commission.
1.2 Women's organisations shall be consulted on the design of the transitional justice
mechanism.

Article 2 – Protection

2.1 The Parties shall prevent and punish rape and all other forms of sexual violence.
2.2 The Government shall establish a protection programme for women human rights
defenders and women leaders.

Article 3 – Land and reintegration

3.1 Rural women shall have equal access to the land fund and to land titles.
3.2 Female ex-combatants shall benefit from the reintegration programme on equal terms,
with childcare provided.

Article 4 – Final provisions

This agreement enters into force on signature.
"""

#: What happened to each tracked provision: (provision, body, [(days ago, status, evidence)]).
CLAUSE_STORIES = [
    (
        "Article 1 › 1.1",
        "Follow-up and Verification Commission (demo)",
        [
            (300, "partly", "Four women among twelve members at the first session (demo)."),
            (60, "implemented", "Five women among twelve after the renewal (demo)."),
        ],
    ),
    (
        "Article 1 › 1.2",
        "Transitional justice secretariat (demo)",
        [(200, "implemented", "Three regional consultations with women's networks (demo).")],
    ),
    (
        "Article 2 › 2.2",
        "Ministry of the Interior (demo)",
        [
            (240, "partly", "Programme decreed; no budget yet (demo)."),
            (30, "reversed", "Budget line cut in the new finance law (demo)."),
        ],
    ),
    (
        "Article 2 › 2.1",
        "Attorney General's office (demo)",
        [(150, "partly", "A special unit set up; few cases before the courts (demo).")],
    ),
    ("Article 3 › 3.2", "Reintegration agency (demo)", []),
]


def _agreement(process: PeaceProcess, lead: User) -> None:
    if process.agreements.exists():
        return
    today = timezone.localdate()
    agreement = agreements.agreement_save(
        actor=lead,
        process=process,
        values={
            "title": AGREEMENT_TITLE,
            "signed_on": today - dt.timedelta(days=380),
            "parties": process.parties,
        },
        text=AGREEMENT_TEXT,
    )
    offered = {o.provision for o in agreements.offers_for(agreement)}
    for provision, body, story in CLAUSE_STORIES:
        if provision not in offered:
            continue  # the screening reads the text differently: track what it found
        clause = agreements.clause_accept(actor=lead, agreement=agreement, provision=provision)
        clause = agreements.clause_update(
            actor=lead, clause=clause, values={"responsible_body": body}
        )
        for days, status, evidence in story:
            agreements.clause_status_record(
                actor=lead,
                clause=clause,
                status=status,
                since=today - dt.timedelta(days=days),
                evidence=evidence,
            )
    # The land clause is followed by the land programme's own tracking, not here.
    if "Article 3 › 3.1" in offered:
        agreements.clause_reject(actor=lead, agreement=agreement, provision="Article 3 › 3.1")
    commission = agreement.clauses.filter(provision="Article 1 › 1.1").first()
    for days, women in ((300, 4), (60, 5)):
        agreements.seats_record(
            actor=lead,
            agreement=agreement,
            mechanism="Follow-up and Verification Commission (demo)",
            seats_total=12,
            seats_women=women,
            as_of=today - dt.timedelta(days=days),
            clause=commission,
        )
    agreements.seats_record(
        actor=lead,
        agreement=agreement,
        mechanism="Regional monitoring tables (demo)",
        seats_total=30,
        seats_women=9,
        as_of=today - dt.timedelta(days=45),
    )
    services.objective_save(
        actor=lead,
        process=process,
        values={
            "objective": "Restore the protection programme's budget for women leaders (demo)",
            "agreement": agreement,
            "approach": "commitments",
            "responsible": lead,
            "review_on": today + dt.timedelta(days=7),
        },
    )


@transaction.atomic
def load_demo() -> str:
    """Create the demo processes once and link the demo engagements and teams naming them."""
    units = {u.code: u for u in Unit.objects.filter(code__startswith="demo-")}
    section = units.get("demo-peace")
    lead = User.objects.filter(username="peace.lead").first()
    if section is None or lead is None:
        return "Peace processes: skipped (load the demo organisation first)."
    made = 0
    since = timezone.localdate() - dt.timedelta(days=400)
    for spec in PROCESSES:
        process = PeaceProcess.objects.filter(unit=section, name=spec["name"]).first()
        if process is None:
            values = {k: v for k, v in spec.items() if k != "contributing"}
            process = services.process_create(
                actor=lead,
                unit=section,
                values=values,
                contributing_units=[units[c] for c in spec["contributing"] if c in units],
                phase_since=since,
            )
            made += 1
        readers = [process.unit_id, *process.contributing_units.values_list("pk", flat=True)]
        for model in (Engagement, Team):
            model.objects.filter(
                unit_id__in=readers, process__isnull=True, peace_process=process.name
            ).update(process=process)
        Team.objects.filter(
            unit_id__in=readers, process__isnull=True, name__icontains=process.name
        ).update(process=process)
    andean = PeaceProcess.objects.get(unit=section, name=PROCESSES[0]["name"])
    _analysis(andean, lead, lead)
    _inclusion(andean, lead)
    _strategy(andean, lead)
    _agreement(andean, lead)
    return f"Peace processes: {made} fictional processes (one restricted)."
