"""The priority countries and forums: seeded from the guidelines, dated, changed by HQ only."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.personas import Cast, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.catalogue.models import PriorityEntry, PriorityKind
from wpsdesk.catalogue.selectors import priority_list_on
from wpsdesk.catalogue.services import (
    priority_entry_add,
    priority_entry_end,
    priority_lists_seed,
)

SEEDED = dt.date(2023, 1, 1)
COUNTRIES = [
    "AF",
    "CO",
    "IQ",
    "JO",
    "ML",
    "MZ",
    "MM",
    "NG",
    "PS",
    "PH",
    "SO",
    "ZA",
    "SS",
    "SD",
    "SY",
    "UA",
    "VE",
    "YE",
]
FORUMS = ["ASEAN", "AU", "COE", "EU", "NATO", "OSCE", "UN"]


@pytest.fixture
def seeded(db: None) -> None:
    priority_lists_seed()


def codes_on(day: dt.date, kind: str) -> list[str]:
    return sorted(entry.code for entry in priority_list_on(day, kind=kind))


def entry(code: str) -> PriorityEntry:
    return PriorityEntry.objects.get(code=code, valid_to__isnull=True)


def test_the_lists_are_seeded_from_the_guidelines_footnote(seeded: None) -> None:
    assert codes_on(SEEDED, PriorityKind.COUNTRY) == sorted(COUNTRIES)
    assert codes_on(SEEDED, PriorityKind.FORUM) == FORUMS
    assert codes_on(SEEDED - dt.timedelta(days=1), PriorityKind.COUNTRY) == []
    assert PriorityEntry.history.count() == 25


def test_seeding_again_adds_nothing_and_does_not_bring_back_an_ended_entry(
    seeded: None, cast: Cast
) -> None:
    priority_entry_end(
        actor=cast.coordinator, entry=entry("ML"), valid_to=dt.date(2024, 6, 30), reason="Left."
    )
    assert priority_lists_seed() == 0
    assert "ML" not in codes_on(dt.date(2025, 1, 1), PriorityKind.COUNTRY)


def test_the_list_as_of_a_past_date_is_right_after_changes(seeded: None, cast: Cast) -> None:
    priority_entry_end(
        actor=cast.coordinator,
        entry=entry("ML"),
        valid_to=dt.date(2024, 6, 30),
        reason="The mission closed.",
    )
    priority_entry_add(
        actor=cast.coordinator,
        kind=PriorityKind.COUNTRY,
        code="ht",
        name="",
        valid_from=dt.date(2024, 7, 1),
        reason="A new peace process.",
    )

    before = codes_on(dt.date(2024, 6, 30), PriorityKind.COUNTRY)
    after = codes_on(dt.date(2024, 7, 1), PriorityKind.COUNTRY)
    assert "ML" in before and "HT" not in before
    assert "ML" not in after and "HT" in after
    assert codes_on(dt.date(2023, 6, 1), PriorityKind.COUNTRY) == sorted(COUNTRIES)
    assert len(after) == 18
    assert PriorityEntry.objects.get(code="HT").name == "Haiti"


def test_changes_are_kept_in_history_with_who_made_them(seeded: None, cast: Cast) -> None:
    mali = entry("ML")
    priority_entry_end(
        actor=cast.coordinator, entry=mali, valid_to=dt.date(2024, 6, 30), reason="Closed."
    )
    records = list(mali.history.order_by("history_date"))
    assert [record.history_type for record in records] == ["+", "~"]
    assert records[0].valid_to is None
    assert records[1].valid_to == dt.date(2024, 6, 30)
    assert records[1].history_user == cast.coordinator
    assert records[1].history_change_reason == "ended"


def test_each_change_is_audited_with_ids_and_codes_only(seeded: None, cast: Cast) -> None:
    added = priority_entry_add(
        actor=cast.coordinator,
        kind=PriorityKind.FORUM,
        code="OAS",
        name="Organization of American States",
        valid_from=dt.date(2025, 1, 1),
        reason="Secret reasons that must not reach the log.",
    )
    priority_entry_end(
        actor=cast.coordinator, entry=added, valid_to=dt.date(2025, 12, 31), reason="Over."
    )
    events = list(SecurityEvent.objects.filter(kind__startswith="catalogue.priority_entry"))
    assert [event.kind for event in events] == [
        "catalogue.priority_entry.added",
        "catalogue.priority_entry.ended",
    ]
    assert all(event.actor_id == cast.coordinator.pk for event in events)
    assert all(event.target_id == str(added.pk) for event in events)
    assert events[0].details == {"kind": "forum", "code": "OAS", "valid_from": "2025-01-01"}
    assert "Secret" not in str([event.details for event in events])


@pytest.mark.parametrize("persona", ["officer", "lead", "reader", "outsider", "auditor", "admin"])
def test_only_hq_coordinators_may_change_the_lists(seeded: None, cast: Cast, persona: str) -> None:
    actor = getattr(cast, persona)
    with pytest.raises(PermissionDenied):
        priority_entry_add(
            actor=actor,
            kind=PriorityKind.COUNTRY,
            code="HT",
            name="Haiti",
            valid_from=SEEDED,
            reason="No.",
        )
    with pytest.raises(PermissionDenied):
        priority_entry_end(actor=actor, entry=entry("CO"), valid_to=SEEDED, reason="No.")
    assert PriorityEntry.objects.count() == 25
    assert entry("CO").valid_to is None


def test_ending_twice_is_refused(seeded: None, cast: Cast) -> None:
    mali = entry("ML")
    priority_entry_end(
        actor=cast.coordinator, entry=mali, valid_to=dt.date(2024, 6, 30), reason="Closed."
    )
    with pytest.raises(ValidationError, match="already left the list after 2024-06-30"):
        priority_entry_end(
            actor=cast.coordinator, entry=mali, valid_to=dt.date(2025, 1, 1), reason="Again."
        )
    assert PriorityEntry.objects.get(pk=mali.pk).valid_to == dt.date(2024, 6, 30)


def test_ending_before_it_started_is_refused(seeded: None, cast: Cast) -> None:
    with pytest.raises(ValidationError, match="cannot be before the entry started on 2023-01-01"):
        priority_entry_end(
            actor=cast.coordinator, entry=entry("ML"), valid_to=dt.date(2022, 12, 31), reason="x"
        )
    assert entry("ML").valid_to is None


def test_an_entry_may_end_on_the_day_it_started(seeded: None, cast: Cast) -> None:
    priority_entry_end(actor=cast.coordinator, entry=entry("ML"), valid_to=SEEDED, reason="Error.")
    assert "ML" in codes_on(SEEDED, PriorityKind.COUNTRY)
    assert "ML" not in codes_on(SEEDED + dt.timedelta(days=1), PriorityKind.COUNTRY)


@pytest.mark.parametrize(
    ("kind", "code", "name", "reason", "field", "message"),
    [
        ("country", "XX", "", "Because.", "code", "XX is not an ISO 3166 country code."),
        ("country", "CO", "", "Because.", "code", "Colombia is already on the list"),
        ("country", "HT", "", "   ", "reason", "Say why it is added to the list."),
        ("forum", "x", "A forum", "Because.", "code", "A forum's short name has 2–20"),
        ("forum", "OAS", "", "Because.", "name", "Give the name"),
        ("planet", "MARS", "Mars", "Because.", "kind", "Choose a country or a forum."),
    ],
)
def test_adding_is_refused_in_plain_words(
    seeded: None,
    cast: Cast,
    kind: str,
    code: str,
    name: str,
    reason: str,
    field: str,
    message: str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        priority_entry_add(
            actor=cast.coordinator,
            kind=kind,
            code=code,
            name=name,
            valid_from=dt.date(2025, 1, 1),
            reason=reason,
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert PriorityEntry.objects.count() == 25


def test_a_country_may_come_back_after_its_entry_ended(seeded: None, cast: Cast) -> None:
    priority_entry_end(
        actor=cast.coordinator, entry=entry("ML"), valid_to=dt.date(2024, 6, 30), reason="Out."
    )
    with pytest.raises(ValidationError):
        priority_entry_add(
            actor=cast.coordinator,
            kind=PriorityKind.COUNTRY,
            code="ML",
            name="Mali",
            valid_from=dt.date(2024, 6, 30),
            reason="Overlaps its last day.",
        )
    priority_entry_add(
        actor=cast.coordinator,
        kind=PriorityKind.COUNTRY,
        code="ML",
        name="Mali",
        valid_from=dt.date(2025, 1, 1),
        reason="Back.",
    )
    assert "ML" not in codes_on(dt.date(2024, 9, 1), PriorityKind.COUNTRY)
    assert "ML" in codes_on(dt.date(2025, 1, 1), PriorityKind.COUNTRY)


# --- the pages ----------------------------------------------------------------------------


def test_the_page_shows_the_lists_as_they_stood_on_a_past_day(
    seeded: None, cast: Cast, as_reader: Client
) -> None:
    priority_entry_end(
        actor=cast.coordinator, entry=entry("ML"), valid_to=dt.date(2024, 6, 30), reason="Out."
    )
    page = as_reader.get("/catalogue/priorities/", {"on": "2024-06-30"}).content.decode()
    assert "18 priority countries on 2024-06-30" in page
    assert "7 priority forums on 2024-06-30" in page
    later = as_reader.get("/catalogue/priorities/", {"on": "2024-07-01"}).content.decode()
    assert "17 priority countries on 2024-07-01" in later
    date_input = re.search(r'<input[^>]* name="on"[^>]*>', later)
    assert date_input is not None
    assert 'id="id_on"' in date_input.group(0)
    assert 'value="2024-07-01"' in date_input.group(0)


def test_a_bad_date_is_explained_and_today_is_shown(seeded: None, as_reader: Client) -> None:
    page = as_reader.get("/catalogue/priorities/", {"on": "31.12.2024"}).content.decode()
    assert "Give the date as year-month-day" in page
    assert "18 priority countries on" in page


def test_readers_see_no_way_to_change_the_lists(seeded: None, as_reader: Client) -> None:
    page = as_reader.get("/catalogue/priorities/").content.decode()
    assert "Add a country or forum" not in page
    assert "/end/" not in page


def test_a_coordinator_adds_a_country_through_the_page(
    seeded: None, cast: Cast, as_coordinator: Client
) -> None:
    assert "Add a country or forum" in as_coordinator.get("/catalogue/priorities/").content.decode()
    response = as_coordinator.post(
        "/catalogue/priorities/add/",
        {
            "kind": "country",
            "country-code": "HT",
            "country-valid_from": "2025-01-01",
            "country-reason": "A new peace process.",
        },
    )
    assert response.status_code == 302
    added = PriorityEntry.objects.get(code="HT")
    assert (added.name, added.added_by, added.reason_added) == (
        "Haiti",
        cast.coordinator,
        "A new peace process.",
    )


def test_a_coordinator_adds_a_forum_through_the_page(seeded: None, as_coordinator: Client) -> None:
    response = as_coordinator.post(
        "/catalogue/priorities/add/",
        {
            "kind": "forum",
            "forum-name": "Organization of American States",
            "forum-code": "oas",
            "forum-valid_from": "2025-01-01",
            "forum-reason": "Colombia's peace process.",
        },
    )
    assert response.status_code == 302
    assert PriorityEntry.objects.get(code="OAS").kind == PriorityKind.FORUM


def test_a_refused_addition_shows_the_reason_next_to_the_field(
    seeded: None, as_coordinator: Client
) -> None:
    response = as_coordinator.post(
        "/catalogue/priorities/add/",
        {
            "kind": "country",
            "country-code": "CO",
            "country-valid_from": "2025-01-01",
            "country-reason": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "To go on, correct the following:" in page
    assert "Give a reason: it is kept with the list&#x27;s history." in page
    assert PriorityEntry.objects.count() == 25


def test_a_coordinator_ends_an_entry_through_the_page(
    seeded: None, cast: Cast, as_coordinator: Client
) -> None:
    mali = entry("ML")
    response = as_coordinator.post(
        f"/catalogue/priorities/{mali.pk}/end/", {"valid_to": "2024-06-30", "reason": "Closed."}
    )
    assert response.status_code == 302
    mali.refresh_from_db()
    assert (mali.valid_to, mali.ended_by, mali.reason_ended) == (
        dt.date(2024, 6, 30),
        cast.coordinator,
        "Closed.",
    )
    again = as_coordinator.post(
        f"/catalogue/priorities/{mali.pk}/end/", {"valid_to": "2025-01-01", "reason": "Again."}
    )
    assert "already left the list after 2024-06-30" in again.content.decode()


@pytest.mark.parametrize("persona", ["officer", "lead", "reader", "outsider", "auditor", "admin"])
def test_others_get_403_and_nothing_changes(seeded: None, cast: Cast, persona: str) -> None:
    client = verified_client(getattr(cast, persona))
    mali = entry("ML")
    added = client.post(
        "/catalogue/priorities/add/",
        {
            "kind": "country",
            "country-code": "HT",
            "country-valid_from": "2025-01-01",
            "country-reason": "x",
        },
    )
    ended = client.post(
        f"/catalogue/priorities/{mali.pk}/end/", {"valid_to": "2024-06-30", "reason": "x"}
    )
    assert (added.status_code, ended.status_code) == (403, 403)
    assert PriorityEntry.objects.count() == 25
    assert entry("ML").valid_to is None
    assert not SecurityEvent.objects.filter(kind__startswith="catalogue.priority_entry").exists()


def test_the_priorities_page_runs_a_fixed_number_of_queries(
    seeded: None, cast: Cast, as_coordinator: Client, django_assert_num_queries: Any
) -> None:
    for code in ("ML", "MZ", "MM"):
        priority_entry_end(
            actor=cast.coordinator, entry=entry(code), valid_to=dt.date(2024, 1, 1), reason="x"
        )
    with django_assert_num_queries(7):
        response = as_coordinator.get("/catalogue/priorities/")
    assert response.status_code == 200
