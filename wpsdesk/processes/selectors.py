"""Reads of peace processes and what hangs from them, every one through the policy layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.models import Item
from wpsdesk.catalogue.serving import ServingType
from wpsdesk.engagements import figures
from wpsdesk.engagements.models import Engagement, Participation, Side, Team
from wpsdesk.mediators.models import MediatorRequest
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import (
    AnyUser,
    may_create_in,
    units_visible_to,
    visible_to,
)
from wpsdesk.planning.models import Activity
from wpsdesk.screening.models import ScreenedDocument

from .models import (
    Agreement,
    AnalysisAnswer,
    AnalysisVersion,
    Clause,
    ClauseDecision,
    ClauseStatus,
    ClauseStatusChange,
    ConflictAnalysis,
    InclusionEntry,
    InclusionGroup,
    ObjectiveServesItem,
    PeaceProcess,
    PhaseChange,
    StrategyObjective,
)

#: How many analyses an item page lists before saying "and N more".
PANEL_LIMIT = 10


@dataclass(frozen=True)
class ProcessFilters:
    """What the list is narrowed to; empty means everything the person may see."""

    q: str = ""
    phase: str = ""
    country: str = ""
    role: str = ""

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> ProcessFilters:
        return cls(
            q=(data.get("q") or "").strip(),
            phase=data.get("phase") or "",
            country=(data.get("country") or "").strip().upper(),
            role=data.get("role") or "",
        )

    def apply(self, qs: QuerySet[PeaceProcess]) -> QuerySet[PeaceProcess]:
        if self.phase:
            qs = qs.filter(phase=self.phase)
        if self.role:
            qs = qs.filter(norway_role=self.role)
        if self.country:
            # Codes are stored as "CO,VE" and the filter is a checked two-letter code: it can
            # only be found as a whole code (two letters never span the comma).
            qs = qs.filter(countries__contains=self.country)
        if self.q:
            qs = qs.filter(
                Q(name__icontains=self.q)
                | Q(parties__icontains=self.q)
                | Q(other_actors__icontains=self.q)
                | Q(summary__icontains=self.q)
            )
        return qs


def process_list_visible_to(
    *, user: AnyUser | None, filters: ProcessFilters | None = None
) -> QuerySet[PeaceProcess]:
    """The processes the person may open, by name, with what a list row shows."""
    qs = visible_to(PeaceProcess.objects.all(), user=user)
    if filters is not None:
        qs = filters.apply(qs)
    return qs.select_related("unit").order_by("name", "pk")


def processes_to_choose(*, user: AnyUser | None) -> QuerySet[PeaceProcess]:
    """Processes to offer in an engagement's or a team's form."""
    return visible_to(PeaceProcess.objects.all(), user=user).order_by("name", "pk")


class VisibleProcessNames:
    """The names of the processes a person may see, read once on first need.

    Engagements, teams and requests keep the process they belong to even for a reader who
    may not see that process; an API or export names it only through this, so such a
    process shows as empty (neither its id nor its name). Rows without a process cost no
    query.
    """

    def __init__(self, user: AnyUser | None) -> None:
        self.user = user
        self._names: dict[int, str] | None = None

    def name(self, process_id: int | None) -> str | None:
        """The process's name, or None when there is none or the person may not see it."""
        if process_id is None:
            return None
        if self._names is None:
            self._names = dict(
                visible_to(PeaceProcess.objects.all(), user=self.user).values_list("pk", "name")
            )
        return self._names.get(process_id)


def units_to_lead(*, user: AnyUser | None) -> list[Unit]:
    """Units the person may record a process in."""
    return [u for u in units_visible_to(user=user).order_by("name") if may_create_in(user, u)]


def process_detail_queryset() -> QuerySet[PeaceProcess]:
    return PeaceProcess.objects.select_related("unit").prefetch_related(
        "contributing_units",
        Prefetch("phases", queryset=PhaseChange.objects.order_by("-since", "-id")),
    )


@dataclass
class EngagementRow:
    engagement: Engagement
    people: int | None
    women: int
    share: str


@dataclass
class ProcessOverview:
    """What the process page brings together, each part read through the policy layer."""

    analyses: list[ConflictAnalysis] = field(default_factory=list)
    inclusion: list[tuple[str, Any, InclusionEntry | None]] = field(default_factory=list)
    engagements: list[EngagementRow] = field(default_factory=list)
    engagement_count: int = 0
    teams: list[Team] = field(default_factory=list)
    objectives: list[StrategyObjective] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    clause_counts: list[tuple[str, Any, int]] = field(default_factory=list)
    documents: list[ScreenedDocument] = field(default_factory=list)
    document_count: int = 0
    requests: list[MediatorRequest] = field(default_factory=list)
    request_count: int = 0


#: How many engagements and teams the page shows (newest first); the list page has the rest.
SHOWN = 25


def _engagement_row(engagement: Engagement) -> EngagementRow:
    grid = figures.grid_from_rows(p.as_row() for p in engagement.participation.all())
    everyone = [figures.side_total(grid, side) for side in Side.values]
    women = sum(n for n in (figures.women(grid, side) for side in Side.values) if n)
    people = sum(n for n in everyone if n)
    return EngagementRow(
        engagement=engagement,
        people=people if any(n is not None for n in everyone) else None,
        women=women,
        share=figures.format_share(figures.share(women, people)),
    )


def process_overview(*, process: PeaceProcess, user: AnyUser | None) -> ProcessOverview:
    """Analyses, inclusion, engagements (with participation) and teams of one process."""
    overview = ProcessOverview()
    overview.analyses = list(
        visible_to(ConflictAnalysis.objects.filter(process=process), user=user)
        .select_related("unit")
        .prefetch_related(
            Prefetch("versions", queryset=AnalysisVersion.objects.order_by("-number"))
        )
        .order_by("title", "pk")
    )
    entries = {
        e.group: e
        for e in visible_to(
            InclusionEntry.objects.filter(process=process), user=user
        ).prefetch_related(
            Prefetch(
                "consultations",
                queryset=visible_to(Engagement.objects.all(), user=user).order_by("-date"),
            )
        )
    }
    # Only an activity the person may see is named (the plan may be closed to them).
    activity_ids = [e.activity_id for e in entries.values() if e.activity_id]
    activities = (
        {a.pk: a for a in visible_to(Activity.objects.filter(pk__in=activity_ids), user=user)}
        if activity_ids
        else {}
    )
    for entry in entries.values():
        entry.visible_activity = (  # type: ignore[attr-defined]
            activities.get(entry.activity_id) if entry.activity_id else None
        )
    overview.inclusion = [
        (value, label, entries.get(value)) for value, label in InclusionGroup.choices
    ]
    engagements = visible_to(Engagement.objects.filter(process=process), user=user)
    shown = list(
        engagements.select_related("unit")
        .prefetch_related(
            Prefetch(
                "participation",
                queryset=Participation.objects.order_by("side", "measure", "category"),
            )
        )
        .order_by("-date", "-pk")[:SHOWN]
    )
    overview.engagements = [_engagement_row(e) for e in shown]
    overview.engagement_count = len(shown) if len(shown) < SHOWN else engagements.order_by().count()
    overview.objectives = list(
        visible_to(StrategyObjective.objects.filter(process=process), user=user)
        .select_related("responsible", "agreement")
        .prefetch_related("serves")
        .order_by("agreement__title", "approach", "pk")
    )
    overview.agreements = list(
        visible_to(Agreement.objects.filter(process=process), user=user).order_by(
            "-signed_on", "title", "pk"
        )
    )
    overview.clauses = tracked_clauses(process=process, user=user)
    overview.clause_counts = clause_counts(overview.clauses)
    # Each document and request only as far as the reader may open it (its own unit and
    # classification, not the process's); the text itself is never read for a list.
    documents = visible_to(ScreenedDocument.objects.filter(process=process), user=user)
    overview.documents = list(
        documents.defer("text", "result")
        .select_related("unit")
        .order_by("-added_at", "-pk")[:SHOWN]
    )
    overview.document_count = (
        len(overview.documents) if len(overview.documents) < SHOWN else documents.order_by().count()
    )
    # Imported here: the mediators' selectors offer processes from this module.
    from wpsdesk.mediators.selectors import requests_visible_to

    requests = requests_visible_to(user=user).filter(process=process)
    overview.requests = list(
        requests.select_related("unit", "mediator").order_by("-created_at", "-pk")[:SHOWN]
    )
    overview.request_count = (
        len(overview.requests) if len(overview.requests) < SHOWN else requests.order_by().count()
    )
    overview.teams = list(
        visible_to(Team.objects.filter(process=process), user=user)
        .select_related("unit")
        .prefetch_related("composition")
        .order_by("-start", "name", "pk")[:SHOWN]
    )
    return overview


def analysis_detail_queryset() -> QuerySet[ConflictAnalysis]:
    return ConflictAnalysis.objects.select_related("unit", "process")


def version_with_parts(*, analysis: ConflictAnalysis, number: int | None) -> AnalysisVersion | None:
    """One version of the analysis (the newest if ``number`` is None), answers and actors read."""
    versions = analysis.versions.prefetch_related(
        Prefetch("answers", queryset=AnalysisAnswer.objects.select_related("item")),
        "actors",
    ).select_related("approved_by")
    if number is None:
        return versions.order_by("-number").first()
    return versions.filter(number=number).first()


@dataclass
class ComparedAnswer:
    item: Item
    left: str
    right: str

    @property
    def changed(self) -> bool:
        return self.left != self.right


def compare_versions(left: AnalysisVersion, right: AnalysisVersion) -> list[ComparedAnswer]:
    """The two versions' answers side by side, question by question (document order)."""
    lefts = {a.item_id: a for a in left.answers.all()}
    rights = {a.item_id: a for a in right.answers.all()}
    items = {a.item_id: a.item for a in [*lefts.values(), *rights.values()]}
    ordered = sorted(items.values(), key=lambda item: item.position)
    return [
        ComparedAnswer(
            item=item,
            left=lefts[item.pk].answer if item.pk in lefts else "",
            right=rights[item.pk].answer if item.pk in rights else "",
        )
        for item in ordered
    ]


def analyses_answering(
    *, codes: list[str], edition_id: int, user: AnyUser | None
) -> tuple[list[ConflictAnalysis], int]:
    """Analyses the person may see with a version that answers one of the items ``codes``.

    An answer left empty does not count. At most :data:`PANEL_LIMIT` of them (by title),
    and how many there are in all.
    """
    answered = (
        AnalysisAnswer.objects.filter(item__edition_id=edition_id, item__code__in=codes)
        .exclude(answer="")
        .values("version__analysis_id")
    )
    qs = visible_to(ConflictAnalysis.objects.filter(pk__in=answered), user=user)
    shown = list(qs.select_related("unit").order_by("title", "pk")[:PANEL_LIMIT])
    total = len(shown) if len(shown) < PANEL_LIMIT else qs.order_by().count()
    return shown, total


def engagements_to_consult(*, process: PeaceProcess, user: AnyUser | None) -> QuerySet[Engagement]:
    """Engagements to offer as consultations: those of the process the person may see."""
    return visible_to(Engagement.objects.filter(process=process), user=user).order_by(
        "-date", "-pk"
    )


# --- what strategy objectives serve ----------------------------------------------------


def objectives_serving_visible_to(user: AnyUser | None) -> QuerySet[StrategyObjective]:
    """The strategy objectives the person may read (through their process), for the registry."""
    return visible_to(StrategyObjective.objects.all(), user=user)


def objectives_serving_rows(records: QuerySet[StrategyObjective]) -> QuerySet[StrategyObjective]:
    """What a row of the serving panel shows: the objective, its process and lead unit."""
    return records.select_related("process", "process__unit").order_by("process__name", "pk")


#: A process's WPS strategy objectives serve the commitments they name; an objective
#: counts in every year (a strategy runs for the life of its process).
SERVING = ServingType(
    key="objectives",
    link=ObjectiveServesItem,
    label=gettext_lazy("WPS strategy objectives"),
    visible=objectives_serving_visible_to,
    rows=objectives_serving_rows,
    template="processes/_serving_rows.html",
)


# --- agreements and clauses --------------------------------------------------------------


def tracked_clauses(*, process: PeaceProcess, user: AnyUser | None) -> list[Clause]:
    """The tracked clauses of the process's agreements, by agreement and position."""
    return list(
        visible_to(
            Clause.objects.filter(agreement__process=process, decision=ClauseDecision.TRACKED),
            user=user,
        )
        .select_related("agreement")
        .order_by("agreement__title", "agreement_id", "pk")
    )


def clause_counts(clauses: list[Clause]) -> list[tuple[str, Any, int]]:
    """How many of ``clauses`` stand at each implementation status, in the status order."""
    return [
        (value, label, sum(1 for c in clauses if c.status == value))
        for value, label in ClauseStatus.choices
    ]


def agreement_detail_queryset() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("process", "process__unit", "document")


def agreement_clauses(agreement: Agreement) -> tuple[list[Clause], list[Clause]]:
    """The agreement's tracked clauses (with their history) and those turned down."""
    clauses = list(
        agreement.clauses.prefetch_related(
            Prefetch(
                "status_history",
                queryset=ClauseStatusChange.objects.select_related("recorded_by").order_by(
                    "-since", "-id"
                ),
            )
        ).order_by("pk")
    )
    tracked = [c for c in clauses if c.decision == ClauseDecision.TRACKED]
    rejected = [c for c in clauses if c.decision == ClauseDecision.REJECTED]
    return tracked, rejected


def agreements_to_choose(*, process: PeaceProcess, user: AnyUser | None) -> QuerySet[Agreement]:
    """The process's agreements the person may see, for an objective's form."""
    return visible_to(Agreement.objects.filter(process=process), user=user).order_by("title", "pk")


def documents_to_choose(
    *, process: PeaceProcess, user: AnyUser | None
) -> QuerySet[ScreenedDocument]:
    """Screened documents that may become an agreement's text: readable, and the process's
    own or not yet linked to any process."""
    return (
        visible_to(ScreenedDocument.objects.all(), user=user)
        .filter(Q(process=process) | Q(process__isnull=True))
        .defer("text", "result")
        .order_by("-added_at", "-pk")
    )


# --- analyses of a process or a country --------------------------------------------------


@dataclass(frozen=True)
class AnalysisFilters:
    q: str = ""
    country: str = ""

    def apply(self, qs: QuerySet[ConflictAnalysis]) -> QuerySet[ConflictAnalysis]:
        if self.country:
            # An analysis of a process counts for the process's countries too.
            qs = qs.filter(Q(country=self.country) | Q(process__countries__contains=self.country))
        if self.q:
            qs = qs.filter(Q(title__icontains=self.q) | Q(process__name__icontains=self.q))
        return qs


def analysis_list_visible_to(
    *, user: AnyUser | None, filters: AnalysisFilters | None = None
) -> QuerySet[ConflictAnalysis]:
    """The analyses the person may open, by title, with what a list row shows."""
    qs = visible_to(ConflictAnalysis.objects.all(), user=user)
    if filters is not None:
        qs = filters.apply(qs)
    return qs.select_related("unit", "process").order_by("title", "pk")
