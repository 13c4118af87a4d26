"""Fictional multilateral work for the demo, each record marked "(demo)".

The UN delegation in New York (un.officer's unit) follows a fictional Security Council
resolution renewing a mission's mandate: two drafts, screened on load (the second drops the
women protection advisers and weakens participation), Norway's three WPS objectives with
the language proposed and adopted, the allies, a statement at the open debate with its WPS
messages, and a side event it organised at CSW with its speakers by gender. The Section for
Peace and Reconciliation keeps a restricted file of its own, which the delegation cannot
see. Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from wpsdesk.catalogue.models import Item
from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.organisation.models import Unit, User
from wpsdesk.screening import services as screening_services

from . import services
from .forums import ensure_forums
from .models import Forum, ForumRecord, NegotiationFile

MARK = "(demo)"
FILE_TITLE = "Mandate renewal of the fictional verification mission (demo)"

DRAFT_ONE = """\
Draft resolution: renewal of the verification mission's mandate (demo, zero draft)

The Security Council,
Reaffirming its resolutions 1325 (2000), 1820 (2008) and 2467 (2019) on women and peace and
security,

1. Decides to extend the mandate of the verification mission for twelve months;

2. Requests the mission to ensure the full, equal and meaningful participation of women in
the verification of the ceasefire, including women from rural communities;

3. Requests the mission to deploy women protection advisers and to monitor and report on
conflict-related sexual violence;

4. Requests the Secretary-General to include gender-sensitive analysis and sex-disaggregated
data in each of his reports;
"""

DRAFT_TWO = """\
Draft resolution: renewal of the verification mission's mandate (demo, revision 1)

The Security Council,
Reaffirming its resolutions 1325 (2000) and 2467 (2019) on women and peace and security,

1. Decides to extend the mandate of the verification mission for twelve months;

2. Encourages the mission to take into account the participation of women in its work;

3. Requests the Secretary-General to include gender-sensitive analysis and sex-disaggregated
data in each of his reports;
"""

OBJECTIVES = [
    {
        "objective": "Women's full, equal and meaningful participation in verification (demo)",
        "proposed": "Requests the mission to ensure the full, equal and meaningful participation "
        "of women in the verification of the ceasefire.",
        "outcome": "in_part",
        "adopted": "Encourages the mission to take into account the participation of women in "
        "its work.",
        "codes": ["P2.C.1", "P2.C.3"],
    },
    {
        "objective": "Women protection advisers in the mission (demo)",
        "proposed": "Requests the mission to deploy women protection advisers.",
        "outcome": "not_adopted",
        "adopted": "",
        "codes": ["P2.AP.4"],
    },
    {
        "objective": "Gender analysis in the Secretary-General's reports (demo)",
        "proposed": "Requests the Secretary-General to include gender-sensitive analysis and "
        "sex-disaggregated data in each of his reports.",
        "outcome": "in_full",
        "adopted": "Requests the Secretary-General to include gender-sensitive analysis and "
        "sex-disaggregated data in each of his reports.",
        "codes": ["P2.C.3"],
    },
]

FORUM_RECORDS = [
    ("nato", "action_plan", "NATO WPS policy and action plan (demo entry)", dt.date(2024, 7, 10)),
    (
        "osce",
        "action_plan",
        "OSCE action plan for the promotion of gender equality (demo entry)",
        dt.date(2004, 12, 7),
    ),
    ("unsc", "mandate", "Informal expert group on WPS (demo entry)", dt.date(2015, 10, 13)),
]


def _items(codes: list[str]) -> list[Item]:
    edition = current_edition()
    if edition is None:
        return []
    return list(Item.objects.filter(edition=edition, code__in=codes))


def _un_file(unit: Unit, editor: User) -> str:
    if NegotiationFile.objects.filter(unit=unit, title=FILE_TITLE).exists():
        return ""
    unsc = Forum.objects.get(code="unsc")
    file = services.file_save(
        actor=editor,
        unit=unit,
        values={
            "kind": "mandate_renewal",
            "forum": unsc,
            "title": FILE_TITLE,
            "session": "Open consultations, October (demo)",
            "year": 2026,
            "status": "adopted",
            "allies": "Group of Friends of WPS (demo)\nFictional coastal state (demo)\n"
            "Nordic countries",
            "summary": "A fictional mandate renewal for the demo.",
            "classification": "internal",
        },
    )
    for n, (label, text) in enumerate((("zero draft", DRAFT_ONE), ("rev. 1", DRAFT_TWO)), 1):
        document = screening_services.add_document(
            actor=editor,
            unit=unit,
            title=f"Verification mission renewal, draft {n} {MARK}",
            classification="internal",
            chosen_type="mandate",
            text=text,
        )
        services.draft_add(actor=editor, file=file, document=document, label=label)
    for spec in OBJECTIVES:
        services.objective_save(
            actor=editor,
            file=file,
            values={
                **{k: v for k, v in spec.items() if k != "codes"},
                "serves": _items(spec["codes"]),  # type: ignore[arg-type]
            },
        )
    services.statement_save(
        actor=editor,
        unit=unit,
        values={
            "forum": unsc,
            "delivered_on": dt.date(2026, 10, 24),
            "title": "Statement at the open debate on women, peace and security (demo)",
            "speaker": "Permanent Representative (demo)",
            "file": file,
            "summary": "Norway called for women protection advisers in every mission (demo).",
            "classification": "internal",
            "messages": _items(["P2.C.1", "P2.AP.4", "P3.AP.6"]),
        },
    )
    services.side_event_save(
        actor=editor,
        unit=unit,
        values={
            "forum": Forum.objects.get(code="csw"),
            "held_on": dt.date(2026, 3, 12),
            "title": "Women mediators' networks: what works (demo)",
            "role": "organised",
            "notes": "Co-hosted with a fictional regional network (demo).",
            "classification": "internal",
        },
        speakers={"women": 4, "men": 1, "another-or-not-stated": 0},
    )
    return "a negotiation file with two drafts, a statement and a side event"


def _restricted_file(unit: Unit, editor: User) -> None:
    title = "Budget of the fictional special political mission (demo)"
    if NegotiationFile.objects.filter(unit=unit, title=title).exists():
        return
    services.file_save(
        actor=editor,
        unit=unit,
        values={
            "kind": "budget",
            "forum": Forum.objects.get(code="unga"),
            "title": title,
            "session": "Fifth Committee (demo)",
            "year": 2026,
            "status": "open",
            "summary": "A fictional, restricted file for the demo.",
            "classification": "restricted",
        },
    )


def _forum_records(unit: Unit, editor: User) -> None:
    for code, kind, title, adopted in FORUM_RECORDS:
        forum = Forum.objects.get(code=code)
        if ForumRecord.objects.filter(forum=forum, title=title).exists():
            continue
        services.forum_record_add(
            actor=editor,
            forum=forum,
            unit=unit,
            values={"kind": kind, "title": title, "adopted_on": adopted},
        )


def load_demo() -> str:
    """Add the demo's multilateral work where it is missing; return a one-line summary."""
    un = Unit.objects.filter(code="demo-un-ny").first()
    un_officer = User.objects.filter(username="un.officer").first()
    if un is None or un_officer is None:
        return "Multilateral: the demo organisation is missing."
    ensure_forums()
    with transaction.atomic():
        added = _un_file(un, un_officer)
        _forum_records(un, un_officer)
        peace = Unit.objects.filter(code="demo-peace").first()
        peace_lead = User.objects.filter(username="peace.lead").first()
        if peace is not None and peace_lead is not None:
            _restricted_file(peace, peace_lead)
    return f"Multilateral: {added or 'already loaded'}."
