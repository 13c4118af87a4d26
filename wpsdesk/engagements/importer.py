"""Bulk import of engagements from CSV or Excel: check every row, then write all or nothing.

The layout is :mod:`.tabular`'s (an export can be edited and imported again). Each row needs
a ``reference``; a row whose unit and reference are already stored updates that engagement,
so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core import spreadsheet
from wpsdesk.core.spreadsheet import cell_date, cell_text
from wpsdesk.core.write_lock import retry_when_locked
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, visible_to

from . import figures, services, tabular
from .forms import clean_country, items_for_codes
from .models import Dimension, Engagement, Kind, Measure

MAX_BYTES = spreadsheet.MAX_BYTES
MAX_ROWS = spreadsheet.MAX_ROWS
REQUIRED = ("reference", "date", "kind", "title")
KNOWN = set(tabular.COLUMNS) | set(tabular.EXPORT_ONLY)
OWN_REFERENCE = re.compile(r"^wpsdesk-(\d+)$")
YES = {"yes", "y", "true", "1", "ja", "x"}
NO = {"no", "n", "false", "0", "nei", ""}
LEADS = {v: k for k, v in tabular.LEAD_WORDS.items()}


#: The file as a whole cannot be read; nothing was written.
ImportRefused = spreadsheet.SpreadsheetRefused


@dataclass
class ParsedRow:
    number: int
    unit: Unit
    reference: str
    values: dict[str, Any]
    grid: figures.Grid
    messages: list[Any]
    engagement: Engagement | None = None
    new: Engagement | None = None  # a new engagement, checked, to be inserted


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def read_table(name: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """The file's rows as (row number, {column: value}); refused as a whole if unreadable.

    Read by the shared spreadsheet reader (``core/spreadsheet.py``: size, row, zip-bomb,
    macro and outside-link checks); the columns must be the template's.
    """
    table = spreadsheet.read_table(
        name,
        data,
        known=KNOWN,
        required=REQUIRED,
        broken=_("The file is not an Excel workbook."),
        max_rows=MAX_ROWS,
    )
    return table.records()


def _count(value: Any, column: str) -> int | None:
    text = cell_text(value)
    if text == "":
        return None
    if not text.isdigit():
        raise ValueError(
            _("%(column)s must be a whole number of 0 or more, not “%(value)s”")
            % {"column": column, "value": text}
        )
    return int(text)


KIND_LOOKUP = {k: k for k in Kind.values} | {str(label).lower(): k for k, label in Kind.choices}


def _parse(
    number: int, raw: dict[str, Any], *, user: User, default_unit: Unit, units: dict[str, Unit]
) -> ParsedRow:
    problems: list[str] = []
    code = cell_text(raw.get("unit"))
    unit = default_unit if not code else units.get(code)
    if unit is None:
        raise ValueError(
            _("there is no unit with the code “%(code)s” that you may write in") % {"code": code}
        )
    reference = cell_text(raw.get("reference"))
    if not reference:
        problems.append(_("the reference is empty"))
    values: dict[str, Any] = {}
    try:
        values["date"] = cell_date(raw.get("date"))
    except ValueError as exc:
        problems.append(str(exc))
    kind = KIND_LOOKUP.get(cell_text(raw.get("kind")).lower())
    if kind is None:
        problems.append(
            _("the kind “%(value)s” is not one of: %(kinds)s")
            % {"value": cell_text(raw.get("kind")), "kinds": ", ".join(Kind.values)}
        )
    values["kind"] = kind
    try:
        values["country"] = clean_country(cell_text(raw.get("country")))
    except ValidationError as exc:
        problems.extend(exc.messages)
    values["forum"] = cell_text(raw.get("forum"))
    values["peace_process"] = cell_text(raw.get("peace_process"))
    values["title"] = cell_text(raw.get("title"))
    values["summary"] = cell_text(raw.get("summary"))
    if not values["title"]:
        problems.append(_("the title is empty"))
    if not values.get("country") and not values["forum"]:
        problems.append(_("give a country, a forum or both"))
    wps = cell_text(raw.get("wps_on_agenda")).lower()
    if wps not in YES | NO:
        problems.append(_("wps_on_agenda must be yes or no, not “%(value)s”") % {"value": wps})
    values["wps_on_agenda"] = wps in YES
    items, unknown = items_for_codes(cell_text(raw.get("messages")))
    if unknown:
        problems.append(
            _("these codes are not in the current guidelines: %(codes)s")
            % {"codes": ", ".join(unknown)}
        )
    grid = figures.empty_grid()
    for columns, measure in (
        (tabular.COUNT_COLUMNS, Measure.ATTENDED),
        (tabular.SPOKE_COLUMNS, Measure.SPOKE),
    ):
        for name, side, _measure, gender in columns:
            try:
                n = _count(raw.get(name), name)
            except ValueError as exc:
                problems.append(str(exc))
                continue
            if n is not None:
                grid[side][measure][Dimension.GENDER][gender] = n
    # A blank cell is unknown, also beside filled ones: it stores nothing (0 means nobody).
    for name, side in tabular.LEAD_COLUMNS:
        words = cell_text(raw.get(name)).lower().split()
        for word in words:
            lead = LEADS.get(word)
            if lead is None:
                problems.append(
                    _("%(column)s must be woman, man or other, not “%(value)s”")
                    % {"column": name, "value": word}
                )
            else:
                cell = grid[side][Measure.LED][Dimension.GENDER]
                cell[lead] = cell.get(lead, 0) + 1
    problems.extend(figures.check_grid(grid))
    if problems:
        raise ValueError("; ".join(p.rstrip(".") for p in problems))
    return ParsedRow(number, unit, reference, values, grid, items)


CHUNK = 500  # ids per IN (...) query; well under every database's limit


def _resolve(rows: list[ParsedRow], user: User) -> list[str]:
    """Find each row's stored engagement with a few queries for the whole file.

    Fills ``row.engagement``; returns the problems (an own reference naming nothing one may
    open). The participation counts and messages come along, so deciding which rows change
    anything needs no further query.
    """
    errors: list[str] = []
    by_unit: dict[int, list[ParsedRow]] = {}
    for row in rows:
        by_unit.setdefault(row.unit.pk, []).append(row)
    for unit_pk, unit_rows in by_unit.items():
        own = {
            int(match.group(1)): row
            for row in unit_rows
            if (match := OWN_REFERENCE.match(row.reference))
        }
        external = {
            row.reference: row for row in unit_rows if not OWN_REFERENCE.match(row.reference)
        }
        found: dict[Any, Engagement] = {}
        for keys, field_name in ((list(own), "pk__in"), (list(external), "external_ref__in")):
            for start in range(0, len(keys), CHUNK):
                qs = visible_to(
                    Engagement.objects.filter(
                        unit_id=unit_pk, **{field_name: keys[start : start + CHUNK]}
                    ),
                    user=user,
                ).prefetch_related("participation", "messages")
                for engagement in qs:
                    key = engagement.pk if field_name == "pk__in" else engagement.external_ref
                    found[(field_name, key)] = engagement
        for pk, row in own.items():
            row.engagement = found.get(("pk__in", pk))
            if row.engagement is None:
                errors.append(
                    _("Row %(n)d: %(problem)s.")
                    % {
                        "n": row.number,
                        "problem": _(
                            "the reference %(ref)s names no engagement of this unit that you "
                            "may open"
                        )
                        % {"ref": row.reference},
                    }
                )
        for ref, row in external.items():
            row.engagement = found.get(("external_ref__in", ref))
    return errors


def _changes_anything(row: ParsedRow) -> bool:
    """Whether writing the row would change its engagement (always, for a new one).

    The same comparison ``services.engagement_save`` makes, done before the write so that
    the rows already stored as the file says never enter the write transaction.
    """
    engagement = row.engagement
    if engagement is None:
        return True
    for name in services.ENGAGEMENT_FIELDS:
        if name in row.values and getattr(engagement, name) != row.values[name]:
            return True
    if not OWN_REFERENCE.match(row.reference) and engagement.external_ref != row.reference:
        return True
    stored = {
        (p.side, p.measure, p.dimension_code, p.category_code): p.count
        for p in engagement.participation.all()
        if (p.measure, p.dimension_code) in services.GENDER_ONLY
    }
    if stored != services._cells(row.grid):
        return True
    return {item.pk for item in row.messages} != {item.pk for item in engagement.messages.all()}


def import_engagements(
    *, user: User, default_unit: Unit, name: str, data: bytes, dry_run: bool = False
) -> ImportResult:
    """Check every row; write all of them in one transaction only if none has a problem.

    Everything that only reads — parsing, checking, finding the stored engagements and
    deciding which rows change anything, checking the new ones — happens before the write
    transaction. New rows are then inserted together in a few statements, so on SQLite the
    write lock is held only briefly (about a second for 5,000 new rows; for a file that
    changes nothing, only for its log entry) and other people's saves wait within the busy
    timeout instead of failing.
    The one transaction keeps the import all or nothing, to readers too: a killed import
    leaves nothing, and running the file again does the whole of it.
    """
    result = ImportResult()
    try:
        table = read_table(name, data)
    except ImportRefused as exc:
        result.errors.append(str(exc))
        return result
    units = {
        unit.code: unit for unit in Unit.objects.filter(is_active=True) if may_create_in(user, unit)
    }
    parsed: list[ParsedRow] = []
    seen: dict[tuple[int, str], int] = {}
    for number, raw in table:
        try:
            row = _parse(number, raw, user=user, default_unit=default_unit, units=units)
        except ValueError as exc:
            result.errors.append(_("Row %(n)d: %(problem)s.") % {"n": number, "problem": exc})
            continue
        key = (row.unit.pk, row.reference)
        if key in seen:
            result.errors.append(
                _("Row %(n)d: the reference %(ref)s is also on row %(other)d.")
                % {"n": number, "ref": row.reference, "other": seen[key]}
            )
            continue
        seen[key] = number
        parsed.append(row)
    result.errors.extend(_resolve(parsed, user))
    # An engagement found through visible_to in a unit where the person may create is one
    # they may edit (the rule of may_edit); ask the policy row by row only elsewhere.
    writable = {unit.pk for unit in units.values()}
    for row in parsed:
        if row.engagement is None or row.unit.pk in writable:
            continue
        if not may_edit(user, row.engagement):
            result.errors.append(
                _("Row %(n)d: you may not change the engagement %(ref)s.")
                % {"n": row.number, "ref": row.reference}
            )
    if not table:
        result.errors.append(_("The file has no rows under its header."))
    if result.errors or dry_run:
        return result
    changing = [row for row in parsed if _changes_anything(row)]
    # New rows are checked here, before the write transaction (the checks read), and then
    # written together in a few statements.
    for row in changing:
        if row.engagement is not None:
            continue
        try:
            row.new = services.engagement_prepare_new(
                actor=user,
                unit=row.unit,
                values=row.values,
                grid=row.grid,
                external_ref=None if OWN_REFERENCE.match(row.reference) else row.reference,
            )
        except ValidationError as exc:
            result.errors.append(
                _("Row %(n)d: %(problem)s.") % {"n": row.number, "problem": "; ".join(exc.messages)}
            )
        except PermissionDenied:  # not met: ``units`` holds only units one may create in
            result.errors.append(_("The import was refused; nothing was changed."))
            return result
    if result.errors:
        return result
    prepared = services.engagements_prepare_insert(
        actor=user, new=[(row.new, row.grid, row.messages) for row in changing if row.new]
    )
    runs = 0

    def attempt() -> None:
        nonlocal runs
        runs += 1
        if runs > 1:  # the rolled-back run changed the objects in memory: read them again
            _resolve([row for row in changing if row.new is None], user)
            for engagement in prepared.engagements:
                engagement.pk = None
                engagement._state.adding = True
        _write(changing, prepared, total=len(parsed), user=user, result=result)

    try:
        retry_when_locked(attempt)
    except (ValidationError, PermissionDenied):
        if not result.errors:
            result.errors.append(_("The import was refused; nothing was changed."))
        result.created = result.updated = result.unchanged = 0
    return result


def _write(
    changing: list[ParsedRow],
    prepared: services.PreparedInsert,
    *,
    total: int,
    user: User,
    result: ImportResult,
) -> None:
    """Write the rows that change something, and the log entry, in one transaction.

    Stored engagements that change go one by one through ``engagement_save``; the new ones
    go in together through ``engagements_insert``, which keeps the transaction (and, on
    SQLite, the write lock) short even for a file of thousands of new rows.
    """
    result.created = result.updated = 0
    result.unchanged = total - len(changing)
    new = [row for row in changing if row.new is not None]
    with transaction.atomic():
        for row in changing:
            if row.new is not None:
                continue
            own = OWN_REFERENCE.match(row.reference)
            try:
                _engagement, changed = services.engagement_save(
                    actor=user,
                    unit=row.unit,
                    values=row.values,
                    grid=row.grid,
                    messages=row.messages,
                    engagement=row.engagement,
                    external_ref=None if own else row.reference,
                    scope=services.GENDER_ONLY,
                )
            except ValidationError as exc:
                result.errors.append(
                    _("Row %(n)d: %(problem)s.")
                    % {"n": row.number, "problem": "; ".join(exc.messages)}
                )
                raise
            if changed:
                result.updated += 1
            else:
                result.unchanged += 1
        services.engagements_insert(prepared)
        result.created = len(new)
        record_event(
            kind="engagements.imported",
            actor=user,
            details={
                "rows": total,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
