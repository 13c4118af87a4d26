"""Writes to the catalogue: loading a data file, seeding and changing the priority lists."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from wpsdesk.audit.services import record_event
from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import AnyUser, is_person

from .countries import country_name
from .datafile import PRIORITY_SEED_FILE, CatalogueSpec
from .models import Catalogue, Edition, Item, ItemLink, PriorityEntry, PriorityKind, Relation
from .search import (
    search_document,
    search_index_is_complete,
    search_index_rebuild,
    search_index_update,
)

#: Fields a load writes when an item's content changes (with a history row).
ITEM_FIELDS_SAVED = [
    "kind",
    "title",
    "text",
    "parent",
    "added",
    "retired_at",
    "position",
    "depth",
    "search_document",
]
FORUM_CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{1,19}$")


# --- loading ------------------------------------------------------------------------------


@dataclass
class LoadReport:
    """What a load changed. A second load of the same file changes nothing."""

    catalogue: str
    edition: str
    created_edition: bool = False
    became_current: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    reordered: int = 0
    carried_over: int = 0
    links_added: int = 0
    links_removed: int = 0
    links_updated: int = 0
    header_changed: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            self.created_edition
            or self.became_current
            or self.header_changed
            or self.added
            or self.updated
            or self.retired
            or self.restored
            or self.reordered
            or self.links_added
            or self.links_removed
            or self.links_updated
        )

    def summary(self) -> str:
        """One line for the command line."""
        if not self.changed:
            return f"{self.catalogue} {self.edition}: up to date, nothing changed."
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.retired)} retired",
            f"{len(self.restored)} restored",
            f"{self.reordered} moved",
            f"links +{self.links_added} −{self.links_removed} ~{self.links_updated}",
        ]
        if self.created_edition:
            parts.insert(0, f"new edition ({self.carried_over} items carried over)")
        if self.became_current:
            parts.append("now the current edition")
        return f"{self.catalogue} {self.edition}: " + ", ".join(parts) + "."


def _save_if_changed(instance: Any, values: dict[str, Any], reason: str) -> bool:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(instance, name, values[name])
    instance._change_reason = reason
    instance.save(update_fields=changed)
    return True


def _demote_current(catalogue: Catalogue, reason: str) -> None:
    for old in catalogue.editions.filter(is_current=True):
        _save_if_changed(old, {"is_current": False}, reason)


def catalogue_load(
    *, spec: CatalogueSpec, make_current: bool | None = None, source_name: str = ""
) -> LoadReport:
    """Load a checked data file: insert new items, update changed ones in place, retire the rest.

    Items are matched by ``(edition, code)`` and never deleted, so foreign keys from other
    apps keep working; an item that leaves the file gets ``retired_at`` and is restored if
    it comes back. A new edition of a catalogue already loaded is created beside the old
    one, its items record the row they carry over from (same code), and it becomes the
    current edition unless ``make_current`` is False. Loading an edition that exists makes
    it current only when ``make_current`` is True. Nothing is written —
    no row, no history — when nothing differs. All or nothing.
    """
    reason = f"catalogue load {source_name}".strip()
    now = timezone.now()
    report = LoadReport(catalogue=spec.key, edition=spec.edition)
    with transaction.atomic():
        catalogue = Catalogue.objects.select_for_update().filter(key=spec.key).first()
        if catalogue is None:
            catalogue = Catalogue(
                key=spec.key, title=spec.title, source=spec.source, language=spec.language
            )
            catalogue._change_reason = reason  # type: ignore[attr-defined]
            catalogue.save()
        header = {"title": spec.title, "source": spec.source, "language": spec.language}
        edition = Edition.objects.filter(catalogue=catalogue, name=spec.edition).first()
        if edition is None:
            make_current = True if make_current is None else make_current
            previous = catalogue.editions.filter(is_current=True).first()
            if make_current:
                _demote_current(catalogue, reason)
            edition = Edition(
                catalogue=catalogue,
                name=spec.edition,
                previous=previous,
                loaded_at=now,
                is_current=make_current,
                **header,
            )
            edition._change_reason = reason  # type: ignore[attr-defined]
            edition.save()
            report.created_edition = True
            report.became_current = make_current
        else:
            for name, value in header.items():
                if getattr(edition, name) != value:
                    setattr(edition, name, value)
                    report.header_changed = True
            if make_current and not edition.is_current:
                _demote_current(catalogue, reason)
                edition.is_current = True
                report.became_current = True

        items = _load_items(spec=spec, edition=edition, now=now, reason=reason, report=report)
        _load_links(spec=spec, items=items, reason=reason, report=report)

        if edition.is_current:
            report.header_changed |= _save_if_changed(catalogue, header, reason)
        if report.changed and not report.created_edition:
            edition.loaded_at = now
            edition._change_reason = reason  # type: ignore[attr-defined]
            edition.save()
        if not search_index_is_complete():
            search_index_rebuild()
    return report


def _load_items(
    *, spec: CatalogueSpec, edition: Edition, now: dt.datetime, reason: str, report: LoadReport
) -> dict[str, Item]:
    """Insert, update, retire and restore the edition's items; return them all by code."""
    by_code: dict[str, Item] = {item.code: item for item in Item.objects.filter(edition=edition)}
    predecessors: dict[str, int] = {}
    if edition.previous_id is not None:
        predecessors = dict(
            Item.objects.filter(edition_id=edition.previous_id).values_list("code", "id")
        )
    wanted = {item_spec.code for item_spec in spec.items}

    # New items, one depth at a time so that every parent has its id before its children.
    new_specs = [s for s in spec.items if s.code not in by_code]
    for depth in sorted({s.depth for s in new_specs}):
        batch = []
        for s in new_specs:
            if s.depth != depth:
                continue
            batch.append(
                Item(
                    edition=edition,
                    code=s.code,
                    kind=s.kind,
                    title=s.title,
                    text=s.text,
                    parent=by_code[s.parent_code] if s.parent_code else None,
                    position=s.position,
                    depth=s.depth,
                    added=s.added,
                    carried_over_from_id=predecessors.get(s.code),
                    search_document=search_document(s.title, s.text, language=edition.language),
                )
            )
        created = bulk_create_with_history(batch, Item, default_change_reason=reason)
        for item in created:
            by_code[item.code] = item
            report.added.append(item.code)
            report.carried_over += item.carried_over_from_id is not None
    added = set(report.added)

    changed: list[Item] = []
    reordered: list[Item] = []
    for s in spec.items:
        if s.code in added:
            continue
        item = by_code[s.code]
        content: dict[str, Any] = {
            "kind": s.kind,
            "title": s.title,
            "text": s.text,
            "parent_id": by_code[s.parent_code].pk if s.parent_code else None,
            "added": s.added,
            "retired_at": None,
        }
        place = {"position": s.position, "depth": s.depth}
        differs = [name for name, value in content.items() if getattr(item, name) != value]
        moved = any(getattr(item, name) != value for name, value in place.items())
        for name, value in {**content, **place}.items():
            setattr(item, name, value)
        if differs:
            if "retired_at" in differs:
                report.restored.append(s.code)
            if set(differs) - {"retired_at"}:
                report.updated.append(s.code)
            item.search_document = search_document(s.title, s.text, language=edition.language)
            changed.append(item)
        elif moved:
            reordered.append(item)
    for code, item in by_code.items():
        if code not in wanted and item.retired_at is None:
            item.retired_at = now
            changed.append(item)
            report.retired.append(code)
    if changed:
        bulk_update_with_history(changed, Item, ITEM_FIELDS_SAVED, default_change_reason=reason)
    if reordered:
        # Place in the document is derived from the file's order and kept out of history.
        Item.objects.bulk_update(reordered, ["position", "depth"])
        report.reordered = len(reordered)

    search_index_update([by_code[code] for code in report.added] + changed)
    return by_code


def _load_links(
    *, spec: CatalogueSpec, items: dict[str, Item], reason: str, report: LoadReport
) -> None:
    """Make the edition's ``related`` links exactly those of the file."""
    wanted: dict[tuple[int, int], int] = {}
    for s in spec.items:
        for position, code in enumerate(s.related):
            wanted[(items[s.code].pk, items[code].pk)] = position
    item_ids = [item.pk for item in items.values()]
    existing = {
        (link.from_item_id, link.to_item_id): link
        for link in ItemLink.objects.filter(from_item_id__in=item_ids, relation=Relation.RELATED)
    }
    stale = [link.pk for key, link in existing.items() if key not in wanted]
    if stale:
        for stale_link in ItemLink.objects.filter(pk__in=stale):
            stale_link._change_reason = reason  # type: ignore[attr-defined]
            stale_link.delete()
        report.links_removed = len(stale)
    moved = []
    for key, position in wanted.items():
        link = existing.get(key)
        if link is not None and link.position != position:
            link.position = position
            moved.append(link)
    if moved:
        bulk_update_with_history(moved, ItemLink, ["position"], default_change_reason=reason)
        report.links_updated = len(moved)
    new = [
        ItemLink(from_item_id=a, to_item_id=b, relation=Relation.RELATED, position=position)
        for (a, b), position in wanted.items()
        if (a, b) not in existing
    ]
    if new:
        bulk_create_with_history(new, ItemLink, default_change_reason=reason)
        report.links_added = len(new)


# --- priority lists -----------------------------------------------------------------------


def may_change_priority_lists(user: AnyUser | None) -> bool:
    """Only HQ coordinators add entries to and end entries of the priority lists."""
    return is_person(user) and bool(getattr(user, "is_hq_coordinator", False))


def priority_lists_seed(*, path: Path = PRIORITY_SEED_FILE) -> int:
    """Add the seed file's entries for which no entry of that kind and code exists yet.

    Entries that coordinators have ended or added are never touched, so this is safe to
    run on every start. Returns the number of entries added.
    """
    with path.open(encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    valid_from = seed["valid_from"]
    if not isinstance(valid_from, dt.date):
        valid_from = dt.date.fromisoformat(str(valid_from))
    wanted = [(PriorityKind.COUNTRY, entry) for entry in seed.get("countries", [])] + [
        (PriorityKind.FORUM, entry) for entry in seed.get("forums", [])
    ]
    with transaction.atomic():
        present = set(PriorityEntry.objects.values_list("kind", "code"))
        new = [
            PriorityEntry(
                kind=kind,
                code=str(entry["code"]).upper(),
                name=entry["name"],
                valid_from=valid_from,
                reason_added=seed["reason"],
            )
            for kind, entry in wanted
            if (kind.value, str(entry["code"]).upper()) not in present
        ]
        if new:
            bulk_create_with_history(
                new, PriorityEntry, default_change_reason="seeded from the guidelines"
            )
    return len(new)


def _require_coordinator(actor: AnyUser | None) -> User:
    if not may_change_priority_lists(actor):
        raise PermissionDenied(_("Only HQ coordinators may change the priority lists."))
    assert isinstance(actor, User)  # noqa: S101 - may_change_priority_lists checked it
    return actor


def priority_entry_add(
    *, actor: AnyUser | None, kind: str, code: str, name: str, valid_from: dt.date, reason: str
) -> PriorityEntry:
    """Put a country or forum on its priority list from ``valid_from``, with a reason.

    Refused if it is already on the list on or after that day. Kept in history, audited.
    """
    user = _require_coordinator(actor)
    code = code.strip().upper()
    name = name.strip()
    reason = reason.strip()
    errors: dict[str, str] = {}
    if kind == PriorityKind.COUNTRY:
        official = country_name(code)
        if official is None:
            errors["code"] = _("%(code)s is not an ISO 3166 country code.") % {"code": code}
        name = name or (official or "")
    elif kind == PriorityKind.FORUM:
        if not FORUM_CODE_RE.match(code):
            errors["code"] = _(
                "A forum's short name has 2–20 capital letters, digits or hyphens, e.g. OSCE."
            )
    else:
        errors["kind"] = _("Choose a country or a forum.")
    if not name:
        errors["name"] = _("Give the name as it should appear on the list.")
    if not reason:
        errors["reason"] = _("Say why it is added to the list.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        overlapping = (
            PriorityEntry.objects.select_for_update()
            .filter(kind=kind, code=code)
            .exclude(valid_to__lt=valid_from)
            .order_by("valid_from")
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {
                    "code": _(
                        "%(name)s is already on the list from %(start)s. End that entry first, "
                        "or choose a later start."
                    )
                    % {"name": overlapping.name, "start": overlapping.valid_from.isoformat()}
                }
            )
        entry = PriorityEntry(
            kind=kind,
            code=code,
            name=name,
            valid_from=valid_from,
            reason_added=reason,
            added_by=user,
        )
        entry._history_user = user  # type: ignore[attr-defined]
        entry._change_reason = "added"  # type: ignore[attr-defined]
        entry.save()
        record_event(
            kind="catalogue.priority_entry.added",
            actor=user,
            target=entry,
            details={"kind": kind, "code": code, "valid_from": valid_from.isoformat()},
        )
    return entry


def priority_entry_end(
    *, actor: AnyUser | None, entry: PriorityEntry, valid_to: dt.date, reason: str
) -> PriorityEntry:
    """Take an entry off its list: ``valid_to`` is its last day on the list. Audited.

    Refused if the entry has ended already or the day is before the entry started.
    """
    user = _require_coordinator(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is taken off the list.")})
    with transaction.atomic():
        locked = PriorityEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.valid_to is not None:
            raise ValidationError(
                _("%(name)s already left the list after %(end)s.")
                % {"name": locked.name, "end": locked.valid_to.isoformat()}
            )
        if valid_to < locked.valid_from:
            raise ValidationError(
                {
                    "valid_to": _("The last day cannot be before the entry started on %(start)s.")
                    % {"start": locked.valid_from.isoformat()}
                }
            )
        locked.valid_to = valid_to
        locked.reason_ended = reason
        locked.ended_by = user
        locked._history_user = user  # type: ignore[attr-defined]
        locked._change_reason = "ended"  # type: ignore[attr-defined]
        locked.save(update_fields=["valid_to", "reason_ended", "ended_by"])
        record_event(
            kind="catalogue.priority_entry.ended",
            actor=user,
            target=locked,
            details={
                "kind": locked.kind,
                "code": locked.code,
                "valid_to": valid_to.isoformat(),
                "fields": ["valid_to", "reason_ended", "ended_by"],
            },
        )
    return locked
