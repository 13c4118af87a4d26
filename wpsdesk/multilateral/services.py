"""Writes to negotiation files, their objectives and drafts, statements and side events.

Views, the API and the demo call these, so every writer gets the same checks and history.
Each service asks the policy layer first and raises ``PermissionDenied`` when the person may
not; bad input raises ``ValidationError`` in plain words and writes nothing. A change made
from an older version raises :class:`~wpsdesk.core.concurrency.StaleEdit`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.catalogue.models import Item
from wpsdesk.core.concurrency import ensure_current, touch
from wpsdesk.core.request_context import current_ip
from wpsdesk.engagements.models import Gender
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, may_read
from wpsdesk.organisation.reclassification import reclassify
from wpsdesk.screening.models import ScreenedDocument, Status

from .models import (
    Draft,
    Forum,
    ForumRecord,
    NegotiationFile,
    NegotiationObjective,
    Outcome,
    SideEvent,
    SpeakerCount,
    Statement,
)

FILE_FIELDS = ("kind", "forum", "title", "session", "year", "status", "allies", "summary")
OBJECTIVE_FIELDS = ("objective", "proposed", "outcome", "adopted")
STATEMENT_FIELDS = ("forum", "delivered_on", "title", "speaker", "url", "summary")
EVENT_FIELDS = ("forum", "held_on", "title", "role", "notes")
#: Text kept on one line: runs of spaces and line breaks become one space.
ONE_LINE = frozenset({"title", "session", "speaker", "objective", "note"})
FORUM_RECORD_FIELDS = ("kind", "title", "url", "adopted_on", "runs_until", "note")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _current(record: Any, name: str) -> Any:
    """The record's value of ``name``; ``None`` for a relation not set yet."""
    try:
        return getattr(record, name)
    except ObjectDoesNotExist:
        return None


def _set(record: Any, names: Iterable[str], values: Mapping[str, Any]) -> bool:
    """Copy the named values onto the record (text stripped); whether anything changed."""
    changed = False
    for name in names:
        if name not in values:
            continue
        value = values[name]
        if isinstance(value, str):
            value = " ".join(value.split()) if name in ONE_LINE else value.strip()
        if _current(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


def _classify(
    *, actor: User, record: Any, values: Mapping[str, Any], reason: str, is_new: bool
) -> bool:
    """A new record takes the classification given; a stored one changes under the one rule."""
    if "classification" not in values:
        return False
    if is_new:
        record.classification = values["classification"]
        return True
    return reclassify(actor=actor, record=record, to=values["classification"], reason=reason)


def _items_changed(record: Any, relation: str, items: Iterable[Item]) -> bool:
    wanted = {item.pk for item in items}
    return wanted != set(getattr(record, relation).values_list("pk", flat=True))


# --- negotiation files -------------------------------------------------------------------


def file_save(
    *,
    actor: User,
    values: Mapping[str, Any],
    unit: Unit | None = None,
    file: NegotiationFile | None = None,
    version: int | None = None,
    classification_reason: str = "",
) -> NegotiationFile:
    """Open a negotiation file in ``unit``, or change one.

    Raises ``PermissionDenied`` when the person may not write in the unit or edit the file
    (or lowers its classification without being the unit lead).
    """
    if file is None:
        _require(unit is not None and may_create_in(actor, unit))
        file = NegotiationFile(unit=unit, created_by=actor)
    else:
        _require(may_edit(actor, file))
    is_new = file.pk is None
    with transaction.atomic():
        if not is_new:
            ensure_current(file, version)
        changed = _classify(
            actor=actor, record=file, values=values, reason=classification_reason, is_new=is_new
        )
        changed = _set(file, FILE_FIELDS, values) or changed
        file.full_clean(exclude=["unit", "created_by"])
        if changed or is_new:
            file.save()
    return file


# --- objectives --------------------------------------------------------------------------


def objective_save(
    *,
    actor: User,
    file: NegotiationFile,
    values: Mapping[str, Any],
    objective: NegotiationObjective | None = None,
    version: int | None = None,
) -> NegotiationObjective:
    """Add one of Norway's WPS objectives to a file, or change one (language and outcome).

    An objective adopted in full or in part says what was adopted; one not adopted, or
    not decided yet, keeps no adopted language.
    """
    _require(may_edit(actor, file))
    with transaction.atomic():
        if objective is None:
            objective = NegotiationObjective(file=file)
        else:
            if objective.file_id != file.pk:
                raise PermissionDenied
            ensure_current(objective, version)
        changed = _set(objective, OBJECTIVE_FIELDS, values) or objective.pk is None
        if objective.outcome in (Outcome.IN_FULL, Outcome.IN_PART) and not objective.adopted:
            raise ValidationError(
                {"adopted": _("Give the language adopted, or choose another outcome.")}
            )
        if objective.outcome in (Outcome.PENDING, Outcome.NOT_ADOPTED) and objective.adopted:
            raise ValidationError(
                {
                    "adopted": _(
                        "Language adopted is only kept when it was adopted in full or in part."
                    )
                }
            )
        objective.full_clean(exclude=["file"])
        if changed:
            objective.save()
        # The catalogue items, through the serving registry's links.
        if "serves" in values and _items_changed(objective, "serves", values["serves"]):
            objective.serves.set(values["serves"])
            if not changed:
                touch(objective)
    return objective


# --- drafts ------------------------------------------------------------------------------


def draft_add(
    *, actor: User, file: NegotiationFile, document: ScreenedDocument, label: str = ""
) -> Draft:
    """Add a screened document as the file's next draft.

    The document must be one of the file's unit, screened, readable by the person and not
    already a draft of the file.
    """
    _require(may_edit(actor, file))
    _require(may_read(actor, document))
    if document.unit_id != file.unit_id:
        raise ValidationError(
            {"document": _("Choose a screened document of the unit that owns the file.")}
        )
    if document.status != Status.DONE:
        raise ValidationError(
            {"document": _("“%(title)s” has not been screened yet.") % {"title": document.title}}
        )
    with transaction.atomic():
        ensure_current(file, None)  # one writer at a time numbers the drafts
        if Draft.objects.filter(file=file, document=document).exists():
            raise ValidationError({"document": _("This document is already one of the drafts.")})
        last = Draft.objects.filter(file=file).aggregate(last=Max("position"))["last"] or 0
        draft = Draft.objects.create(
            file=file,
            document=document,
            position=last + 1,
            label=" ".join(label.split())[:100],
            added_by=actor,
        )
        touch(file)
    return draft


# --- statements --------------------------------------------------------------------------


def _check_file(actor: User, unit_id: int, attached: NegotiationFile | None) -> None:
    if attached is None:
        return
    _require(may_read(actor, attached))
    if attached.unit_id != unit_id:
        raise ValidationError({"file": _("Choose a negotiation file of the same unit.")})


def statement_save(
    *,
    actor: User,
    values: Mapping[str, Any],
    unit: Unit | None = None,
    statement: Statement | None = None,
    version: int | None = None,
    classification_reason: str = "",
) -> Statement:
    """Record a statement delivered in a forum (with its WPS messages), or change one.

    ``values["file"]`` attaches it to a negotiation file of the same unit; ``values["messages"]``
    are the catalogue items its WPS messages carry.
    """
    if statement is None:
        _require(unit is not None and may_create_in(actor, unit))
        statement = Statement(unit=unit)
    else:
        _require(may_edit(actor, statement))
    is_new = statement.pk is None
    with transaction.atomic():
        if not is_new:
            ensure_current(statement, version)
        changed = _classify(
            actor=actor,
            record=statement,
            values=values,
            reason=classification_reason,
            is_new=is_new,
        )
        changed = _set(statement, STATEMENT_FIELDS, values) or changed
        if "file" in values and values["file"] != statement.file:
            _check_file(actor, statement.unit_id, values["file"])
            statement.file = values["file"]
            changed = True
        statement.full_clean(exclude=["unit", "file", "messages"])
        if changed or is_new:
            statement.save()
        if "messages" in values and _items_changed(statement, "messages", values["messages"]):
            statement.messages.set(values["messages"])
            if not (changed or is_new):
                touch(statement)
    return statement


# --- side events -------------------------------------------------------------------------


def side_event_save(
    *,
    actor: User,
    values: Mapping[str, Any],
    unit: Unit | None = None,
    event: SideEvent | None = None,
    speakers: Mapping[str, int | None] | None = None,
    version: int | None = None,
    classification_reason: str = "",
) -> SideEvent:
    """Record a side event organised or attended, or change one; ``speakers`` by gender code.

    A gender left out (or ``None``) was not counted; zero is a count.
    """
    if event is None:
        _require(unit is not None and may_create_in(actor, unit))
        event = SideEvent(unit=unit)
    else:
        _require(may_edit(actor, event))
    is_new = event.pk is None
    if speakers is not None:
        unknown = set(speakers) - set(Gender.values)
        if unknown:
            raise ValidationError(_("Count speakers as women, men or another gender."))
        if any(n is not None and n < 0 for n in speakers.values()):
            raise ValidationError(_("A number of speakers cannot be negative."))
    with transaction.atomic():
        if not is_new:
            ensure_current(event, version)
        changed = _classify(
            actor=actor, record=event, values=values, reason=classification_reason, is_new=is_new
        )
        changed = _set(event, EVENT_FIELDS, values) or changed
        if "file" in values and values["file"] != event.file:
            _check_file(actor, event.unit_id, values["file"])
            event.file = values["file"]
            changed = True
        event.full_clean(exclude=["unit", "file"])
        if changed or is_new:
            event.save()
        if speakers is not None:
            wanted = {g: n for g, n in speakers.items() if n is not None}
            stored = {s.gender: s.count for s in event.speakers.all()}
            if wanted != stored:
                event.speakers.all().delete()
                SpeakerCount.objects.bulk_create(
                    [SpeakerCount(event=event, gender=g, count=n) for g, n in wanted.items()]
                )
                if not (changed or is_new):
                    touch(event)
    return event


# --- forums' own plans and mandates --------------------------------------------------------


def forum_record_add(
    *, actor: User, forum: Forum, values: Mapping[str, Any], unit: Unit
) -> ForumRecord:
    """Add one of a forum's WPS action plans or mandates (public), on behalf of ``unit``.

    Anyone who may write in a unit may add one; the addition is in the security log.
    """
    _require(may_create_in(actor, unit))
    record = ForumRecord(forum=forum, added_by=actor)
    _set(record, FORUM_RECORD_FIELDS, values)
    if record.adopted_on and record.runs_until and record.runs_until < record.adopted_on:
        raise ValidationError({"runs_until": _("It cannot end before it was adopted.")})
    record.full_clean(exclude=["forum", "added_by"])
    with transaction.atomic():
        record.save()
        record_event(
            kind="multilateral.forum_record_added",
            actor=actor,
            ip_address=current_ip(),
            target=record,
            details={"forum": forum.code, "kind": record.kind},
        )
    return record
