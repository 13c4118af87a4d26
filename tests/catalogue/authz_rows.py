"""Authorization rows for the catalogue's pages and API.

Every verified person reads the whole catalogue, including a person whose membership has
ended (the guidelines are not a unit's records); only HQ coordinators change the
priority lists.
"""

from __future__ import annotations

import datetime as dt

from tests.authz import PERSONAS, Row
from tests.catalogue.datafiles import small_data, spec_of
from tests.personas import Cast
from wpsdesk.catalogue.models import PriorityEntry, PriorityKind
from wpsdesk.catalogue.services import catalogue_load

READERS = frozenset(PERSONAS)
COORDINATOR = frozenset({"coordinator"})


def small_catalogue(cast: Cast) -> None:
    catalogue_load(spec=spec_of(small_data()))


def open_entry(cast: Cast) -> PriorityEntry:
    return PriorityEntry.objects.create(
        kind=PriorityKind.COUNTRY,
        code="CO",
        name="Colombia",
        valid_from=dt.date(2023, 1, 1),
        reason_added="Seeded.",
    )


ADD_COUNTRY = {
    "kind": "country",
    "country-code": "HT",
    "country-valid_from": "2025-01-01",
    "country-reason": "A new peace process.",
}
END_ENTRY = {"valid_to": "2025-06-30", "reason": "Conditions changed."}

ROWS = [
    Row("catalogue:index", allowed=READERS, setup=small_catalogue),
    Row(
        "catalogue:item",
        allowed=READERS,
        setup=small_catalogue,
        kwargs=lambda cast, setup: {"code": "P1.C.1"},
    ),
    Row("catalogue:search", allowed=READERS, setup=small_catalogue, query="q=gender"),
    Row("catalogue:resolutions", allowed=READERS, setup=small_catalogue),
    Row("catalogue:resources", allowed=READERS, setup=small_catalogue),
    Row("catalogue:priorities", allowed=READERS, query="on=2024-01-01"),
    Row(
        "catalogue:index",
        method="POST",
        allowed=frozenset(),
        denied=405,
        setup=small_catalogue,
        notes="the catalogue pages only read",
    ),
    Row("catalogue:priority_add", allowed=COORDINATOR),
    Row(
        "catalogue:priority_add",
        method="POST",
        allowed=COORDINATOR,
        data=lambda cast, setup: ADD_COUNTRY,
        notes="adds Haiti; the coordinator is the only one who gets through",
    ),
    Row(
        "catalogue:priority_end",
        allowed=COORDINATOR,
        setup=open_entry,
        kwargs=lambda cast, entry: {"pk": entry.pk},
    ),
    Row(
        "catalogue:priority_end",
        method="POST",
        allowed=COORDINATOR,
        setup=open_entry,
        kwargs=lambda cast, entry: {"pk": entry.pk},
        data=lambda cast, entry: END_ENTRY,
    ),
    Row("api:catalogue:item-list", api=True, allowed=READERS, setup=small_catalogue),
    Row(
        "api:catalogue:item-detail",
        api=True,
        allowed=READERS,
        setup=small_catalogue,
        kwargs=lambda cast, setup: {"code": "P1.C.1"},
    ),
    Row(
        "api:catalogue:item-list",
        method="POST",
        api=True,
        allowed=frozenset(),
        denied=405,
        setup=small_catalogue,
        notes="the API only reads the catalogue",
    ),
    Row("api:catalogue:resolution-list", api=True, allowed=READERS, setup=small_catalogue),
    Row(
        "api:catalogue:priority-entry-list",
        api=True,
        allowed=READERS,
        setup=open_entry,
        query="on=2024-01-01",
    ),
    Row(
        "api:catalogue:priority-entry-list",
        method="POST",
        api=True,
        allowed=frozenset(),
        denied=405,
        notes="priority lists change through the coordinators' pages only",
    ),
    Row(
        "catalogue:serving",
        allowed=READERS,
        setup=small_catalogue,
        kwargs=lambda cast, setup: {"code": "P1.C.1", "key": "engagements"},
        notes="everyone reads the list; each type's records are filtered by its policy",
    ),
    Row(
        "catalogue:serving",
        method="POST",
        allowed=frozenset(),
        denied=405,
        setup=small_catalogue,
        kwargs=lambda cast, setup: {"code": "P1.C.1", "key": "engagements"},
        notes="the serving lists only read",
    ),
]
