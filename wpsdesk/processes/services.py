"""Writes to peace processes, their analyses and their inclusion assessment.

Views, the API and the demo call these, so every writer gets the same checks and history.
Each service asks the policy layer first and raises ``PermissionDenied`` when the person
may not; bad input raises ``ValidationError`` in plain words and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.catalogue.models import Item
from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.core.concurrency import ensure_current, touch
from wpsdesk.core.request_context import current_ip
from wpsdesk.organisation.models import Membership, Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, may_lead, may_read, visible_to
from wpsdesk.organisation.reclassification import reclassify
from wpsdesk.planning import services as planning_services
from wpsdesk.planning.models import Activity, WorkPlan

from .models import (
    INCLUSION_GROUP_ITEMS,
    Actor,
    AnalysisAnswer,
    AnalysisStatus,
    AnalysisVersion,
    ConflictAnalysis,
    InclusionEntry,
    PeaceProcess,
    PhaseChange,
    StrategyObjective,
)

PROCESS_FIELDS = ("name", "countries", "phase", "norway_role", "parties", "other_actors", "summary")

#: The seven questions of the box "Gender-sensitive conflict analyses, including actor
#: analyses" and the checklist's "consider gender when analysing conflicts" sub-points.
ANALYSIS_QUESTION_CODES = (
    *(f"P1.BOX.ANALYSIS.Q{n}" for n in range(1, 8)),
    "CL.2.a",
    "CL.2.b",
    "CL.2.c",
)

VERSION_FIELDS = ("analysed_on", "authors", "sources", "used_in")
ACTOR_FIELDS = (
    "name",
    "kind",
    "represents",
    "delegation_inclusiveness",
    "gender_standpoint",
    "stance",
    "gendered_risks",
    "protection_needed",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def normalise_countries(raw: str | Iterable[str]) -> str:
    """ "co, ve" or ["CO", "VE"] as stored ("CO,VE"): capitals, no repeats, order kept."""
    parts = raw.replace(";", ",").replace(" ", ",").split(",") if isinstance(raw, str) else raw
    seen: list[str] = []
    for part in parts:
        code = part.strip().upper()
        if code and code not in seen:
            seen.append(code)
    return ",".join(seen)


def _check_units(process: PeaceProcess, contributing: Iterable[Unit]) -> list[Unit]:
    units = list(contributing)
    if any(u.pk == process.unit_id for u in units):
        raise ValidationError(
            {"contributing_units": _("The lead unit cannot also be a contributing unit.")}
        )
    return units


def _set_fields(process: PeaceProcess, values: Mapping[str, Any]) -> bool:
    changed = False
    for name in PROCESS_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "countries":
            value = normalise_countries(value)
        if isinstance(value, str) and name != "countries":
            value = value.strip()
        if getattr(process, name) != value:
            setattr(process, name, value)
            changed = True
    return changed


def _check_name(process: PeaceProcess) -> None:
    taken = PeaceProcess.objects.filter(unit_id=process.unit_id, name__iexact=process.name)
    if process.pk is not None:
        taken = taken.exclude(pk=process.pk)
    if taken.exists():
        raise ValidationError({"name": _("The unit already has a process with this name.")})


@transaction.atomic
def process_create(
    *,
    actor: User,
    unit: Unit,
    values: Mapping[str, Any],
    contributing_units: Iterable[Unit] = (),
    phase_since: dt.date | None = None,
) -> PeaceProcess:
    """Record a peace process led by ``unit``, with its first phase in the history."""
    _require(may_create_in(actor, unit))
    process = PeaceProcess(unit=unit, created_by=actor)
    if "classification" in values:
        process.classification = values["classification"]
    _set_fields(process, values)
    process.full_clean(exclude=["unit", "created_by", "contributing_units"])
    _check_name(process)
    units = _check_units(process, contributing_units)
    process.save()
    process.contributing_units.set(units)
    PhaseChange.objects.create(
        process=process,
        phase=process.phase,
        since=phase_since or timezone.localdate(),
        recorded_by=actor,
    )
    return process


@transaction.atomic
def process_update(
    *,
    actor: User,
    process: PeaceProcess,
    values: Mapping[str, Any],
    contributing_units: Iterable[Unit] | None = None,
    version: int | None = None,
    classification_reason: str = "",
    phase_since: dt.date | None = None,
    phase_note: str = "",
) -> PeaceProcess:
    """Change a process; a new phase is added to its dated history.

    With ``version`` (the one the person read) a change made after someone else saved
    raises :class:`~wpsdesk.core.concurrency.StaleEdit` and writes nothing.
    """
    _require(may_edit(actor, process))
    ensure_current(process, version)
    old_phase = process.phase
    changed = False
    if "classification" in values:
        changed = reclassify(
            actor=actor,
            record=process,
            to=values["classification"],
            reason=classification_reason,
        )
    changed = _set_fields(process, values) or changed
    process.full_clean(exclude=["unit", "created_by", "contributing_units"])
    _check_name(process)
    if changed:
        process.save()
        # Imported here: the agreements module writes through the screening services.
        from .agreements import texts_follow_process

        texts_follow_process(actor=actor, process=process)
    if contributing_units is not None:
        units = _check_units(process, contributing_units)
        wanted = {u.pk for u in units}
        if wanted != set(process.contributing_units.values_list("pk", flat=True)):
            process.contributing_units.set(units)
            if not changed:
                touch(process)
    if process.phase != old_phase:
        since = phase_since or timezone.localdate()
        current = process.phases.order_by("-since", "-id").first()
        if current is not None and since < current.since:
            raise ValidationError(
                {
                    "phase_since": _(
                        "The new phase cannot start before the current one (since %(day)s)."
                    )
                    % {"day": current.since.isoformat()}
                }
            )
        PhaseChange.objects.create(
            process=process,
            phase=process.phase,
            since=since,
            note=phase_note.strip()[:300],
            recorded_by=actor,
        )
    return process


# --- analyses ----------------------------------------------------------------------------


def analysis_questions() -> list[Item]:
    """The catalogue items an analysis answers, in document order (current edition)."""
    edition = current_edition()
    if edition is None:
        return []
    return list(
        Item.objects.active()
        .filter(edition=edition, code__in=ANALYSIS_QUESTION_CODES)
        .order_by("position")
    )


@transaction.atomic
def analysis_create(
    *,
    actor: User,
    unit: Unit,
    title: str,
    process: PeaceProcess | None = None,
    country: str = "",
    classification: str | None = None,
) -> ConflictAnalysis:
    """Start an analysis of a process (or a country) in ``unit``, with an empty first draft.

    The unit must be the process's lead or a contributing unit, and the person must be
    able to read the process: an analysis is shown to the process's units.
    """
    _require(may_create_in(actor, unit))
    country = country.strip().upper()
    if process is not None:
        _require(may_read(actor, process))
        allowed = {process.unit_id, *process.contributing_units.values_list("pk", flat=True)}
        if unit.pk not in allowed:
            raise ValidationError(
                {"unit": _("Choose the process's lead unit or one of its contributing units.")}
            )
        classification = classification or process.classification
    analysis = ConflictAnalysis(
        unit=unit,
        process=process,
        country=country,
        title=title.strip(),
        classification=classification or "internal",
    )
    if process is None and not country:
        raise ValidationError(_("Say which process or which country the analysis is about."))
    analysis.full_clean(exclude=["unit", "process"])
    analysis.save()
    version = AnalysisVersion.objects.create(analysis=analysis, number=1)
    AnalysisAnswer.objects.bulk_create(
        [AnalysisAnswer(version=version, item=item) for item in analysis_questions()]
    )
    return analysis


def _draft_of(analysis: ConflictAnalysis) -> AnalysisVersion | None:
    return analysis.versions.filter(status=AnalysisStatus.DRAFT).first()


@transaction.atomic
def analysis_version_save(
    *,
    actor: User,
    version: AnalysisVersion,
    values: Mapping[str, Any],
    answers: Mapping[int, str],
    actors: Iterable[Mapping[str, Any]],
    seen: int | None = None,
) -> AnalysisVersion:
    """Save a draft: its dates, sources, authors, use, one answer per question and its actors.

    ``answers`` maps catalogue item ids to text; ``actors`` replaces the draft's actors
    (each a mapping of :data:`ACTOR_FIELDS`). An approved version is never changed: start a
    new draft. ``seen`` is the analysis's version number as read (concurrency).
    """
    analysis = version.analysis
    _require(may_edit(actor, analysis))
    ensure_current(analysis, seen)
    if version.status != AnalysisStatus.DRAFT:
        raise ValidationError(_("An approved version is kept as it is; start a new version."))
    for name in VERSION_FIELDS:
        if name in values:
            value = values[name]
            setattr(version, name, value.strip() if isinstance(value, str) else value)
    version.full_clean(exclude=["analysis", "approved_by"])
    version.save()
    questions = {item.pk: item for item in analysis_questions()}
    stored = {a.item_id: a for a in version.answers.all()}
    for item_id, text in answers.items():
        if item_id not in questions:
            raise ValidationError(_("That question is not one an analysis answers."))
        answer = stored.get(item_id)
        if answer is None:
            AnalysisAnswer.objects.create(version=version, item_id=item_id, answer=text.strip())
        elif answer.answer != text.strip():
            answer.answer = text.strip()
            answer.save(update_fields=["answer"])
    rows = []
    for data in actors:
        actor_row = Actor(version=version, **{k: data.get(k, "") for k in ACTOR_FIELDS})
        if not actor_row.stance:
            actor_row.stance = "unknown"
        actor_row.full_clean(exclude=["version"])
        rows.append(actor_row)
    version.actors.all().delete()
    Actor.objects.bulk_create(rows)
    touch(analysis)
    return version


@transaction.atomic
def analysis_approve(*, actor: User, analysis: ConflictAnalysis) -> AnalysisVersion:
    """Approve the draft: a lead of the analysis's unit; the approved version is kept."""
    _require(may_edit(actor, analysis))
    _require(may_lead(actor, analysis.unit_id))
    ensure_current(analysis, None)
    draft = _draft_of(analysis)
    if draft is None:
        raise ValidationError(_("There is no draft to approve."))
    draft.status = AnalysisStatus.APPROVED
    draft.approved_by = actor
    draft.approved_at = timezone.now()
    draft.save()
    touch(analysis)
    record_event(
        kind="analysis.approved",
        actor=actor,
        ip_address=current_ip(),
        target=analysis,
        details={"version": draft.number},
    )
    return draft


@transaction.atomic
def analysis_new_version(*, actor: User, analysis: ConflictAnalysis) -> AnalysisVersion:
    """Start a new draft copied from the latest version (answers and actors)."""
    _require(may_edit(actor, analysis))
    ensure_current(analysis, None)
    if _draft_of(analysis) is not None:
        raise ValidationError(_("The analysis already has a draft; change that one."))
    latest = analysis.versions.order_by("-number").first()
    number = (latest.number if latest else 0) + 1
    new = AnalysisVersion.objects.create(
        analysis=analysis,
        number=number,
        authors=latest.authors if latest else "",
        sources=latest.sources if latest else "",
        used_in=latest.used_in if latest else "",
    )
    if latest is not None:
        AnalysisAnswer.objects.bulk_create(
            [
                AnalysisAnswer(version=new, item_id=a.item_id, answer=a.answer)
                for a in latest.answers.all()
            ]
        )
        Actor.objects.bulk_create(
            [
                Actor(version=new, **{k: getattr(a, k) for k in ACTOR_FIELDS})
                for a in latest.actors.all()
            ]
        )
    touch(analysis)
    return new


# --- inclusion ---------------------------------------------------------------------------


@transaction.atomic
def inclusion_save(
    *,
    actor: User,
    process: PeaceProcess,
    group: str,
    assessment: str,
    gaps: str,
    consultations: Iterable[Any] = (),
    seen: int | None = None,
) -> InclusionEntry:
    """Write the assessment of one group in one process; consultations must be readable."""
    _require(may_edit(actor, process))
    if group not in INCLUSION_GROUP_ITEMS:
        raise ValidationError({"group": _("Choose one of the groups the guidelines name.")})
    entry, created = InclusionEntry.objects.get_or_create(process=process, group=group)
    if not created:
        ensure_current(entry, seen)
    wanted = list(consultations)
    readable = {e.pk for e in wanted if may_read(actor, e)}
    if len(readable) != len({e.pk for e in wanted}):
        raise PermissionDenied
    entry.assessment = assessment.strip()
    entry.gaps = gaps.strip()
    entry.save()
    entry.consultations.set(wanted)
    return entry


def current_plan(*, actor: User, unit_id: int) -> WorkPlan | None:
    """The unit's plan for this year that the person may see (the first kind if several)."""
    return (
        visible_to(WorkPlan.objects.all(), user=actor)
        .filter(unit_id=unit_id, year=timezone.localdate().year)
        .order_by("kind", "pk")
        .first()
    )


@transaction.atomic
def inclusion_gap_to_activity(
    *,
    actor: User,
    entry: InclusionEntry,
    title: str,
    owner: User | None = None,
    due_date: dt.date | None = None,
) -> Activity:
    """Turn a group's gaps into an activity in the lead unit's plan for this year.

    The activity goes under the plan's goal for the box item naming the group (made if
    there is none, pointing to the item) through the planning services, and the entry
    links to it. Sending the same form twice gives the same activity.
    """
    _require(may_edit(actor, entry))
    if not entry.gaps.strip():
        raise ValidationError(_("Write down the gaps first; they become the activity."))
    if not title.strip():
        raise ValidationError({"title": _("Give the activity a title.")})
    process = entry.process
    plan = current_plan(actor=actor, unit_id=process.unit_id)
    if plan is None:
        raise ValidationError(
            _("%(unit)s has no plan for %(year)s yet; make the plan first.")
            % {"unit": process.unit, "year": timezone.localdate().year}
        )
    _require(may_edit(actor, plan))
    if entry.activity is not None and entry.activity.title == title.strip():
        return entry.activity  # the same form sent twice
    code = INCLUSION_GROUP_ITEMS[entry.group]
    edition = current_edition()
    item = Item.objects.filter(edition=edition, code=code).first() if edition else None
    goal = plan.goals.filter(items=item).order_by("position", "id").first() if item else None
    if goal is None:
        goal_title = (_("Inclusion: %(group)s") % {"group": entry.get_group_display()})[:300]
        goal = plan.goals.filter(title=goal_title).first() or planning_services.goal_create(
            actor=actor, plan=plan, title=goal_title, items=[item] if item else []
        )
    activity = goal.activities.filter(title=title.strip()).first()
    if activity is None:
        activity = planning_services.activity_create(
            actor=actor,
            goal=goal,
            title=title,
            owner=owner,
            due_date=due_date,
            notes=_("From the inclusion assessment of %(process)s: %(gaps)s")
            % {"process": process.name, "gaps": entry.gaps},
        )
    entry.activity = activity
    entry.save(update_fields=["activity"])
    return activity


# --- WPS strategy ------------------------------------------------------------------------

OBJECTIVE_FIELDS = ("objective", "agreement", "approach", "responsible", "review_on", "progress")


@transaction.atomic
def objective_save(
    *,
    actor: User,
    process: PeaceProcess,
    values: Mapping[str, Any],
    objective: StrategyObjective | None = None,
    version: int | None = None,
) -> StrategyObjective:
    """Add an objective to the process's WPS strategy, or change one.

    With an ``agreement`` (one of the process's) the objective belongs to the simple
    strategy for implementing that agreement. The person responsible must be a member of
    the lead unit (the review is their task).
    """
    _require(may_edit(actor, process))
    if objective is None:
        objective = StrategyObjective(process=process)
    else:
        if objective.process_id != process.pk:
            raise PermissionDenied
        ensure_current(objective, version)
    agreement = values.get("agreement")
    if agreement is not None and agreement.process_id != process.pk:
        raise ValidationError({"agreement": _("Choose an agreement of this process.")})
    responsible = values.get("responsible")
    if (
        responsible is not None
        and not Membership.objects.current()
        .filter(user=responsible, unit_id=process.unit_id)
        .exists()
    ):
        raise ValidationError(
            {"responsible": _("The person responsible must be a member of the lead unit.")}
        )
    for name in OBJECTIVE_FIELDS:
        if name in values:
            value = values[name]
            setattr(objective, name, value.strip() if isinstance(value, str) else value)
    objective.full_clean(exclude=["process"])
    objective.save()
    if "serves_codes" in values:  # the catalogue items, through the serving registry's links
        objective.serves.set(values["serves_codes"])
    return objective
