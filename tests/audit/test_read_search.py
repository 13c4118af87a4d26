"""The auditors' page answers "who has read record X" and "what has person Y read"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.policyapp.models import Note
from wpsdesk.audit.services import record_event
from wpsdesk.organisation import policy, readlog
from wpsdesk.organisation.models import Classification

URL = reverse("audit:events")


@pytest.fixture
def as_auditor(cast: Cast) -> Client:
    return verified_client(cast.auditor)


@pytest.fixture
def read_notes(cast: Cast) -> dict[str, Note]:
    """The officer reads notes 1 and 2 in one request, the lead reads note 2 alone."""
    one = Note.objects.create(unit=cast.bogota, title="1", classification=Classification.RESTRICTED)
    two = Note.objects.create(unit=cast.bogota, title="2", classification=Classification.RESTRICTED)
    with readlog.collecting(ip_address="192.0.2.1"):
        list(policy.visible_to(Note.objects.all(), user=cast.officer))
    with readlog.collecting(ip_address="192.0.2.2"):
        policy.get_visible_or_404(Note, user=cast.lead, pk=two.pk)
    record_event(kind="login.ok", actor=cast.officer)
    return {"one": one, "two": two}


def shown(response: Any) -> list[tuple[str, str]]:
    return [(e.kind, e.actor_label) for e in response.context["page"]]


def test_who_has_read_a_record(cast: Cast, as_auditor: Client, read_notes: Any) -> None:
    response = as_auditor.get(URL, {"record": f"policyapp.note#{read_notes['two'].pk}"})
    assert shown(response) == [("restricted.read", "lead"), ("restricted.read", "officer")]
    response = as_auditor.get(URL, {"record": f"policyapp.note #{read_notes['one'].pk}"})
    assert shown(response) == [("restricted.read", "officer")]


def test_a_record_number_does_not_match_a_longer_one(
    cast: Cast, as_auditor: Client, read_notes: Any
) -> None:
    number = read_notes["one"].pk
    for other in (f"{number}0", f"1{number}"):
        assert shown(as_auditor.get(URL, {"record": f"policyapp.note#{other}"})) == []


def test_what_a_person_has_read(cast: Cast, as_auditor: Client, read_notes: Any) -> None:
    response = as_auditor.get(URL, {"actor": "officer", "kind": "restricted.read"})
    [event] = response.context["page"]
    assert sorted(event.details["records"]) == sorted(
        [f"policyapp.note#{read_notes['one'].pk}", f"policyapp.note#{read_notes['two'].pk}"]
    )
    assert event.ip_address == "192.0.2.1"
    assert "192.0.2.1" in response.content.decode()


def test_a_malformed_reference_is_a_form_error(cast: Cast, as_auditor: Client) -> None:
    response = as_auditor.get(URL, {"record": "note 12; drop"})
    assert "Give the record as app.model#number." in response.content.decode()


def test_the_page_pages_and_costs_a_fixed_number_of_queries(
    cast: Cast, as_auditor: Client, read_notes: Any, django_assert_num_queries: Any
) -> None:
    for _n in range(60):
        with readlog.collecting():
            policy.get_visible_or_404(Note, user=cast.officer, pk=read_notes["one"].pk)
    as_auditor.get(URL)  # content types and sessions warm, as in a running server
    query = {"record": f"policyapp.note#{read_notes['one'].pk}"}
    # session, person, device, count, the person's units (menu), openings to review, events
    with django_assert_num_queries(7):
        first = as_auditor.get(URL, query)
    assert first.context["page"].paginator.count == 61
    assert len(first.context["page"]) == 50
    with django_assert_num_queries(7):
        second = as_auditor.get(URL, {**query, "page": "2"})
    assert len(second.context["page"]) == 11


def test_break_glass_openings_are_listed_for_review(cast: Cast, as_auditor: Client) -> None:
    from wpsdesk.organisation import breakglass

    note = Note.objects.create(unit=cast.amman, title="a", classification="restricted")
    opening, _record = breakglass.open_record(
        actor=cast.coordinator,
        label="policyapp.note",
        object_id=note.pk,
        reason="The embassy cannot be reached",
    )
    html = as_auditor.get(URL).content.decode()
    assert opening.reference in html and "The embassy cannot be reached" in html
    as_auditor.post(reverse("audit:break_glass_reviewed", args=[opening.pk]))
    assert (
        "The embassy cannot be reached"
        not in as_auditor.get(URL, {"kind": "login"}).content.decode()
    )


def test_event_details_read_as_names_and_values(cast: Cast, as_auditor: Client) -> None:
    record_event(
        kind="grant.proposed",
        actor=cast.lead,
        details={"reason": "Audit of the Bogotá files", "record_ids": [4, 7]},
    )
    body = as_auditor.get(URL).content.decode()
    assert "<dt>reason</dt><dd>Audit of the Bogotá files</dd>" in body
    assert "<dt>record ids</dt><dd>4, 7</dd>" in body
    assert "{&#x27;reason&#x27;" not in body
    assert "{'reason'" not in body
