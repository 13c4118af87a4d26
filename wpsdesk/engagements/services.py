"""Writes: logging and changing engagements, their counts and the follow-up of issues.

Views, the API, the import and the demo all call these, so every writer gets the same
checks, history and security log. Counts are written as a difference against what is
stored: saving the same counts again writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.catalogue.models import Item
from wpsdesk.core.concurrency import ensure_current, touch
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, may_read, unit_access
from wpsdesk.organisation.reclassification import reclassify
from wpsdesk.planning.models import Category

from . import figures, tallies
from .models import (
    CATEGORIES,
    CELLS,
    Engagement,
    Envoy,
    FollowUpStatus,
    IssueRaised,
    Measure,
    Nomination,
    Participation,
    Team,
    TeamMember,
)

ENGAGEMENT_FIELDS = (
    "kind",
    "date",
    "country",
    "forum",
    "process",
    "operation",
    "peace_process",
    "title",
    "summary",
    "wps_on_agenda",
    "classification",
)

CHUNK = 500  # rows per INSERT of a bulk write
Cell = tuple[str, str, str, str]  # side, measure, dimension, category


def _cells(grid: figures.Grid) -> dict[Cell, int]:
    """Every cell to store: the counts given. A blank (None, or no key) is unknown and
    stores nothing, also beside filled counts of the same partition: it is not a zero."""
    cells: dict[Cell, int] = {}
    for side, measures in grid.items():
        for measure, dimensions in measures.items():
            for dimension, categories in dimensions.items():
                recorded = {c: n for c, n in categories.items() if n is not None}
                if not recorded:
                    continue
                for category, count in recorded.items():
                    cells[(side, measure, dimension, category)] = int(count)
    return cells


def vocabulary() -> dict[tuple[str, str], int]:
    """The shared vocabulary's category ids by (dimension, category) code, for the cells
    engagements record. Puts back missing standard categories (an emptied database)."""
    wanted = {(str(d), c) for d, c in CELLS}

    def read() -> dict[tuple[str, str], int]:
        return {
            (dimension, code): pk
            for dimension, code, pk in Category.objects.filter(
                dimension__code__in=list(CATEGORIES)
            ).values_list("dimension__code", "code", "pk")
            if (dimension, code) in wanted
        }

    found = read()
    if len(found) < len(wanted):
        from wpsdesk.planning.dimensions import dimensions_seed

        dimensions_seed()
        found = read()
    return found


GENDER_ONLY = frozenset(
    {(Measure.ATTENDED, "gender"), (Measure.SPOKE, "gender"), (Measure.LED, "gender")}
)


def _sync_counts(
    engagement: Engagement, grid: figures.Grid, scope: frozenset[tuple[str, str]] | None = None
) -> bool:
    """Make the stored counts equal ``grid``; zero counts are kept (zero is not missing).

    With ``scope`` only those (measure, dimension) pairs are touched: an import that carries
    gender counts leaves the age groups recorded on the page alone.
    """
    wanted = _cells(grid)
    stored = {
        (p.side, p.measure, p.dimension_code, p.category_code): p
        for p in engagement.participation.all()
        if scope is None or (p.measure, p.dimension_code) in scope
    }
    changed = False
    for cell, row in stored.items():
        if cell not in wanted:
            row.delete()
            changed = True
        elif row.count != wanted[cell]:
            row.count = wanted[cell]
            row.save(update_fields=["count"])
            changed = True
    new = [cell for cell in wanted if cell not in stored]
    ids = vocabulary() if new else {}
    for cell in new:
        side, measure, dimension, category = cell
        Participation.objects.create(
            engagement=engagement,
            side=side,
            measure=measure,
            category_id=ids[(dimension, category)],
            count=wanted[cell],
        )
        changed = True
    return changed


def _check(engagement: Engagement, grid: figures.Grid) -> None:
    problems = figures.check_grid(grid)
    if problems:
        raise ValidationError(problems)
    engagement.full_clean(exclude=["unit", "created_by", "messages"])


def _check_process(actor: User, record: Engagement | Team, process: Any) -> None:
    """A record links only to a process the person may read (a link kept as it is passes)."""
    if process is None or process.pk == record.process_id:
        return
    if not may_read(actor, process):
        raise PermissionDenied


def _check_operation(actor: User, engagement: Engagement, operation: Any) -> None:
    """An engagement names only an operation the person may read (a kept link passes)."""
    if operation is None or operation.pk == engagement.operation_id:
        return
    if not may_read(actor, operation):
        raise PermissionDenied


def engagement_save(
    *,
    actor: User,
    unit: Unit,
    values: dict[str, Any],
    grid: figures.Grid,
    messages: Iterable[Item] | None = None,
    engagement: Engagement | None = None,
    external_ref: str | None = None,
    scope: frozenset[tuple[str, str]] | None = None,
    classification_reason: str = "",
    version: int | None = None,
) -> tuple[Engagement, bool]:
    """Log a new engagement or change one; returns it and whether anything changed.

    The change is compared with the engagement as stored (re-read under a lock), not with
    the object passed in: a form may already have copied the new values onto it. With
    ``version`` (the one the person read) a change made after someone else saved raises
    :class:`~wpsdesk.core.concurrency.StaleEdit` and writes nothing.

    Raises ``PermissionDenied`` when the person may not write in the unit (or lowers the
    classification without being the unit lead: the one reclassification rule) and
    ``ValidationError`` (plain words) when the record or its counts do not add up.
    """
    if engagement is None:
        if not may_create_in(actor, unit):
            raise PermissionDenied
        engagement = Engagement(unit=unit, created_by=actor)
    elif not may_edit(actor, engagement) or engagement.unit_id != unit.pk:
        raise PermissionDenied
    _check_process(actor, engagement, values.get("process"))
    _check_operation(actor, engagement, values.get("operation"))
    with transaction.atomic():
        buckets: set[tallies.Bucket] = set()
        if engagement.pk is not None:
            ensure_current(engagement, version)
            buckets.add(tallies.bucket_of(engagement))  # as stored: the date may change
        changed = engagement.pk is None
        if not changed and "classification" in values:
            changed = reclassify(
                actor=actor,
                record=engagement,
                to=values["classification"],
                reason=classification_reason,
            )
        for name in ENGAGEMENT_FIELDS:
            if name in values and getattr(engagement, name) != values[name]:
                setattr(engagement, name, values[name])
                changed = True
        if external_ref is not None and engagement.external_ref != external_ref:
            engagement.external_ref = external_ref
            changed = True
        _check(engagement, grid)
        saved = changed
        if changed:
            engagement.save()
        if _sync_counts(engagement, grid, scope):
            changed = True
        if messages is not None:
            wanted = {item.pk for item in messages}
            stored = set(engagement.messages.values_list("pk", flat=True))
            if wanted != stored:
                engagement.messages.set(list(wanted))
                changed = True
        if changed and not saved:
            touch(engagement)
        if changed:
            # The kept figures change with the engagement, in the same transaction.
            buckets.add(tallies.bucket_of(engagement))
            tallies.refresh(buckets)
    return engagement, changed


def engagement_prepare_new(
    *,
    actor: User,
    unit: Unit,
    values: dict[str, Any],
    grid: figures.Grid,
    external_ref: str | None = None,
) -> Engagement:
    """A new engagement checked as :func:`engagement_save` checks it, not stored yet.

    For :func:`engagements_insert`: the checks read the database, so an import makes them
    before its write transaction. Raises ``PermissionDenied`` or ``ValidationError``.
    """
    if not may_create_in(actor, unit):
        raise PermissionDenied
    engagement = Engagement(unit=unit, created_by=actor, external_ref=external_ref or "")
    for name in ENGAGEMENT_FIELDS:
        if name in values:
            setattr(engagement, name, values[name])
    _check(engagement, grid)
    return engagement


@dataclass
class PreparedInsert:
    """New engagements with their counts and history as rows of SQL parameters.

    Made by :func:`engagements_prepare_insert` before the write transaction: turning tens
    of thousands of objects into parameters takes the ORM tens of seconds, which must not
    be spent holding SQLite's one write lock. Inside, :func:`engagements_insert` only runs
    the statements and fills in the ids the database gives.
    """

    actor: User
    engagements: list[Engagement]
    messages: list[list[Item]]
    rows: list[list[Any]]  # one per engagement, the INSERT's parameters
    cells: list[list[tuple[Cell, list[Any]]]]  # per engagement: each count's parameters
    history: list[list[Any]]  # per engagement: its history row, without its id
    cell_history: list[list[list[Any]]]  # per engagement: each count's history row


def _fields(model: type[models.Model], *, without: tuple[str, ...]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.attname not in without]


def _insert_sql(model: type[models.Model], fields: list[models.Field[Any, Any]]) -> str:
    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  # nosec B608 (names from the models; values are parameters)
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )


ENGAGEMENT_COLUMNS = _fields(Engagement, without=("id",))
PARTICIPATION_COLUMNS = _fields(Participation, without=("id",))
ENGAGEMENT_HISTORY = Engagement.history.model
PARTICIPATION_HISTORY = Participation.history.model
HISTORY_COLUMNS = _fields(ENGAGEMENT_HISTORY, without=("history_id",))
CELL_HISTORY_COLUMNS = _fields(PARTICIPATION_HISTORY, without=("history_id",))


def engagements_prepare_insert(
    *, actor: User, new: list[tuple[Engagement, figures.Grid, list[Item]]]
) -> PreparedInsert:
    """The parameters to insert engagements made by :func:`engagement_prepare_new`."""
    now = timezone.now()
    ids = vocabulary()
    prepared = PreparedInsert(actor, [], [], [], [], [], [])
    for engagement, grid, messages in new:
        row = [
            f.get_db_prep_save(f.pre_save(engagement, True), connection) for f in ENGAGEMENT_COLUMNS
        ]
        values = {
            f.attname: getattr(engagement, f.attname) for f in Engagement._meta.concrete_fields
        }
        values |= {
            "history_date": now,
            "history_change_reason": None,
            "history_type": "+",
            "history_user_id": actor.pk,
        }
        cells = []
        cell_history = []
        for cell, count in _cells(grid).items():
            side, measure, dimension, category = cell
            count_values = {
                "id": None,
                "engagement_id": None,
                "side": side,
                "measure": measure,
                "category_id": ids[(dimension, category)],
                "count": count,
            }
            cells.append(
                (
                    cell,
                    [
                        f.get_db_prep_save(count_values[f.attname], connection)
                        for f in PARTICIPATION_COLUMNS
                    ],
                )
            )
            history = count_values | {k: v for k, v in values.items() if k.startswith("history_")}
            cell_history.append(
                [f.get_db_prep_save(history[f.attname], connection) for f in CELL_HISTORY_COLUMNS]
            )
        prepared.engagements.append(engagement)
        prepared.messages.append(messages)
        prepared.rows.append(row)
        prepared.cells.append(cells)
        prepared.history.append(
            [f.get_db_prep_save(values[f.attname], connection) for f in HISTORY_COLUMNS]
        )
        prepared.cell_history.append(cell_history)
    return prepared


def engagements_insert(prepared: PreparedInsert) -> None:
    """Store engagements, their counts, messages and history prepared before the write.

    An import of thousands of new rows writes them in a second or two this way, instead of
    one engagement at a time (a minute or more): on SQLite the import holds the one write
    lock that briefly, so other people's saves wait well within the busy timeout.
    """
    n = len(prepared.engagements)
    if not n:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(_insert_sql(Engagement, ENGAGEMENT_COLUMNS), prepared.rows)
        # Every new engagement has an import reference, unique in its unit: read the ids.
        ids: dict[tuple[int, str], int] = {}
        by_unit: dict[int, list[str]] = {}
        for engagement in prepared.engagements:
            by_unit.setdefault(engagement.unit_id, []).append(engagement.external_ref)
        for unit_pk, refs in by_unit.items():
            for start in range(0, len(refs), CHUNK):
                for pk, ref in Engagement.objects.filter(
                    unit_id=unit_pk, external_ref__in=refs[start : start + CHUNK]
                ).values_list("pk", "external_ref"):
                    ids[(unit_pk, ref)] = pk
        at = [f.attname for f in PARTICIPATION_COLUMNS].index("engagement_id")
        cell_rows = []
        for engagement, cells in zip(prepared.engagements, prepared.cells, strict=True):
            engagement.pk = ids[(engagement.unit_id, engagement.external_ref)]
            engagement._state.adding = False
            for _cell, params in cells:
                cell_rows.append([*params[:at], engagement.pk, *params[at + 1 :]])
        cursor.executemany(_insert_sql(Participation, PARTICIPATION_COLUMNS), cell_rows)
        new_pks = [engagement.pk for engagement in prepared.engagements]
        cell_ids: dict[tuple[int, Cell], int] = {}
        for start in range(0, n, CHUNK):
            for pk, engagement_pk, *place in Participation.objects.filter(
                engagement_id__in=new_pks[start : start + CHUNK]
            ).values_list(
                "pk",
                "engagement_id",
                "side",
                "measure",
                "category__dimension__code",
                "category__code",
            ):
                cell_ids[(engagement_pk, (place[0], place[1], place[2], place[3]))] = pk
        id_at = [f.attname for f in HISTORY_COLUMNS].index("id")
        cursor.executemany(
            _insert_sql(ENGAGEMENT_HISTORY, HISTORY_COLUMNS),
            [
                [*row[:id_at], engagement.pk, *row[id_at + 1 :]]
                for engagement, row in zip(prepared.engagements, prepared.history, strict=True)
            ],
        )
        names = [f.attname for f in CELL_HISTORY_COLUMNS]
        cell_id_at, parent_at = names.index("id"), names.index("engagement_id")
        cell_history_rows = []
        for engagement, cells, history in zip(
            prepared.engagements, prepared.cells, prepared.cell_history, strict=True
        ):
            for (cell, _params), params in zip(cells, history, strict=True):
                filled = list(params)
                filled[cell_id_at] = cell_ids[(engagement.pk, cell)]
                filled[parent_at] = engagement.pk
                cell_history_rows.append(filled)
        cursor.executemany(
            _insert_sql(PARTICIPATION_HISTORY, CELL_HISTORY_COLUMNS), cell_history_rows
        )
        for engagement, messages in zip(prepared.engagements, prepared.messages, strict=True):
            if messages:
                engagement.messages.set(messages)
        tallies.refresh(tallies.bucket_of(engagement) for engagement in prepared.engagements)


def last_used(*, user: User, unit: Unit | None) -> dict[str, str]:
    """The kind, country and forum of the person's last engagement in the unit (for defaults)."""
    if unit is None:
        return {}
    last = (
        Engagement.objects.filter(unit=unit, created_by=user)
        .order_by("-created_at", "-pk")
        .values("kind", "country", "forum")
        .first()
    )
    return {key: str(value) for key, value in last.items()} if last else {}


def _check_owner(engagement: Engagement, owner: User | None) -> None:
    if owner is not None and engagement.unit_id not in unit_access(owner):
        raise ValidationError(
            {"owner": _("The owner must be a current member of the engagement's unit.")}
        )


def issue_add(*, actor: User, engagement: Engagement, values: dict[str, Any]) -> IssueRaised:
    """Record an issue women raised, with who follows it up and by when."""
    if not may_edit(actor, engagement):
        raise PermissionDenied
    issue = IssueRaised(engagement=engagement, **values)
    return _issue_save(issue)


def issue_update(
    *, actor: User, issue: IssueRaised, values: dict[str, Any], version: int | None = None
) -> IssueRaised:
    """Change an issue's follow-up; marking it done dates it today unless a date is given.

    With ``version``, a change made after someone else saved raises ``StaleEdit``.
    """
    if not may_edit(actor, issue.engagement):
        raise PermissionDenied
    with transaction.atomic():
        ensure_current(issue, version)
        for name, value in values.items():
            setattr(issue, name, value)
        return _issue_save(issue)


def _issue_save(issue: IssueRaised) -> IssueRaised:
    if issue.status == FollowUpStatus.DONE and issue.completed_on is None:
        issue.completed_on = timezone.localdate()
    if issue.status != FollowUpStatus.DONE:
        issue.completed_on = None
    _check_owner(issue.engagement, issue.owner)
    issue.full_clean(exclude=["engagement"])
    issue.save()
    return issue


def team_save(
    *,
    actor: User,
    unit: Unit,
    values: dict[str, Any],
    composition: dict[tuple[str, str], int],
    team: Team | None = None,
    version: int | None = None,
) -> Team:
    """Create or change one of Norway's teams and its composition by role and gender.

    With ``version``, a change made after someone else saved raises ``StaleEdit``.
    """
    if team is None:
        if not may_create_in(actor, unit):
            raise PermissionDenied
        team = Team(unit=unit)
    elif not may_edit(actor, team):
        raise PermissionDenied
    _check_process(actor, team, values.get("process"))
    with transaction.atomic():
        if team.pk is not None:
            ensure_current(team, version)
        for name, value in values.items():
            setattr(team, name, value)
        team.full_clean(exclude=["unit"])
        team.save()
        stored = {(m.role, m.gender): m for m in team.composition.all()}
        for key, member in stored.items():
            if key not in composition:
                member.delete()
            elif member.count != composition[key]:
                member.count = composition[key]
                member.save(update_fields=["count"])
        for (role, gender), count in composition.items():
            if (role, gender) not in stored:
                TeamMember.objects.create(team=team, role=role, gender=gender, count=count)
    return team


def representation_save(
    *,
    actor: User,
    unit: Unit,
    model: type[Envoy] | type[Nomination],
    values: dict[str, Any],
    record: Envoy | Nomination | None = None,
    version: int | None = None,
) -> Envoy | Nomination:
    """Add or change an envoy or a nomination (the post, never the person).

    With ``version``, a change made after someone else saved raises ``StaleEdit``.
    """
    with transaction.atomic():
        if record is None:
            if not may_create_in(actor, unit):
                raise PermissionDenied
            record = model(unit=unit)
        else:
            if not may_edit(actor, record):
                raise PermissionDenied
            ensure_current(record, version)
        for name, value in values.items():
            setattr(record, name, value)
        record.full_clean()
        record.save()
    return record
