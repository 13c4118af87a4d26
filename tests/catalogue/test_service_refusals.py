"""The priority-list services refuse on their own: only HQ coordinators change the lists.

Called directly, as the command line would, by anyone else (or by no one), they refuse and
leave the lists, their history and the security log as they were.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.personas import Cast
from tests.refusals import assert_refused
from wpsdesk.catalogue.models import PriorityEntry, PriorityKind
from wpsdesk.catalogue.services import priority_entry_add, priority_entry_end, priority_lists_seed

REFUSED = ["officer", "lead", "reader", "outsider", "auditor", "admin", "former", None]
DAY = dt.date(2025, 1, 1)


@pytest.fixture
def colombia(cast: Cast) -> PriorityEntry:
    priority_lists_seed()
    return PriorityEntry.objects.get(code="CO", valid_to__isnull=True)


@pytest.mark.parametrize("who", REFUSED)
def test_priority_entry_add_refuses_anyone_but_an_hq_coordinator(
    cast: Cast, colombia: PriorityEntry, who: str | None
) -> None:
    assert_refused(
        lambda: priority_entry_add(
            actor=getattr(cast, who) if who else None,
            kind=PriorityKind.COUNTRY,
            code="HT",
            name="Haiti",
            valid_from=DAY,
            reason="Talks began.",
        ),
        "catalogue",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_priority_entry_end_refuses_anyone_but_an_hq_coordinator(
    cast: Cast, colombia: PriorityEntry, who: str | None
) -> None:
    assert_refused(
        lambda: priority_entry_end(
            actor=getattr(cast, who) if who else None,
            entry=colombia,
            valid_to=DAY,
            reason="Talks ended.",
        ),
        "catalogue",
    )


def test_an_hq_coordinator_changes_the_lists(cast: Cast, colombia: PriorityEntry) -> None:
    priority_entry_end(actor=cast.coordinator, entry=colombia, valid_to=DAY, reason="Ended.")
    priority_entry_add(
        actor=cast.coordinator,
        kind=PriorityKind.COUNTRY,
        code="HT",
        name="Haiti",
        valid_from=DAY,
        reason="Talks began.",
    )
    assert PriorityEntry.objects.get(code="CO").valid_to == DAY
    assert PriorityEntry.objects.filter(code="HT").exists()
