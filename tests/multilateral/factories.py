"""Negotiation files, statements, side events and screened drafts, for tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wpsdesk.multilateral.forums import ensure_forums
from wpsdesk.multilateral.models import (
    Draft,
    Forum,
    NegotiationFile,
    NegotiationObjective,
    SideEvent,
    SpeakerCount,
    Statement,
)
from wpsdesk.organisation.models import Unit
from wpsdesk.screening.models import ScreenedDocument, Status


def forum(code: str = "unsc") -> Forum:
    ensure_forums()
    return Forum.objects.get(code=code)


def make_file(unit: Unit, **fields: Any) -> NegotiationFile:
    values: dict[str, Any] = {
        "kind": "resolution",
        "title": "Resolution on women mediators",
        "session": "80th session",
        "year": 2026,
        "classification": "internal",
    }
    values.update(fields)
    if "forum" not in values:
        values["forum"] = forum()
    return NegotiationFile.objects.create(unit=unit, **values)


def make_objective(file: NegotiationFile, **fields: Any) -> NegotiationObjective:
    values: dict[str, Any] = {
        "objective": "Women in every delegation",
        "proposed": "Urges all parties to include women in their delegations.",
    }
    values.update(fields)
    return NegotiationObjective.objects.create(file=file, **values)


def make_statement(unit: Unit, **fields: Any) -> Statement:
    values: dict[str, Any] = {
        "delivered_on": dt.date(2026, 10, 24),
        "title": "Statement at the open debate",
        "speaker": "Permanent Representative",
        "classification": "internal",
    }
    values.update(fields)
    if "forum" not in values:
        values["forum"] = forum()
    return Statement.objects.create(unit=unit, **values)


def make_event(unit: Unit, speakers: dict[str, int] | None = None, **fields: Any) -> SideEvent:
    values: dict[str, Any] = {
        "held_on": dt.date(2026, 3, 12),
        "title": "Women mediators' networks",
        "role": "organised",
        "classification": "internal",
    }
    values.update(fields)
    if "forum" not in values:
        values["forum"] = forum("csw")
    event = SideEvent.objects.create(unit=unit, **values)
    for gender, count in (speakers or {}).items():
        SpeakerCount.objects.create(event=event, gender=gender, count=count)
    return event


def document(unit: Unit, title: str = "Draft", **fields: Any) -> ScreenedDocument:
    """A screened document as a finished screening leaves it, without running the engine."""
    values: dict[str, Any] = {"title": title, "source": "paste", "status": Status.DONE}
    values.update(fields)
    return ScreenedDocument.objects.create(unit=unit, **values)


def add_draft(
    file: NegotiationFile, doc: ScreenedDocument, position: int, label: str = ""
) -> Draft:
    return Draft.objects.create(file=file, document=doc, position=position, label=label)
