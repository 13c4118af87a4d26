"""Every response that carries restricted content writes one ``restricted.read`` event.

Lists, search, fragments, API lists, detail pages and command-line exports go through the
same two pieces (the marked querysets of the policy layer and the request's read log),
so each test here asks the same question of a different path: one event, naming the
restricted records shown, with the person and the address — and none for internal ones.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.policyapp.models import Note, NoteComment
from tests.screening.test_pages import row
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation import policy, readlog
from wpsdesk.organisation.models import Classification
from wpsdesk.screening.models import ScreenedDocument

DOCUMENTS_API = "/api/screening/documents/"


def reads() -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind="restricted.read").order_by("sequence"))


def key(record: Any) -> str:
    return f"{record._meta.label_lower}#{record.pk}"


@pytest.fixture
def documents(cast: Cast) -> dict[str, ScreenedDocument]:
    return {
        "open": row(cast.bogota, title="Open draft"),
        "secret": row(cast.bogota, title="Back-channel draft", classification="restricted"),
        "secret2": row(cast.bogota, title="Ceasefire draft", classification="restricted"),
    }


# --- the central pieces -----------------------------------------------------------------


def test_outside_a_request_nothing_is_collected(cast: Cast) -> None:
    Note.objects.create(unit=cast.bogota, title="r", classification=Classification.RESTRICTED)
    assert readlog.current() is None
    list(policy.visible_to(Note.objects.all(), user=cast.officer))
    assert reads() == []


def test_a_block_of_reads_is_one_event_naming_every_restricted_record(cast: Cast) -> None:
    restricted = Note.objects.create(
        unit=cast.bogota, title="r", classification=Classification.RESTRICTED
    )
    strict = Note.objects.create(
        unit=cast.bogota, title="s", classification=Classification.STRICTLY_RESTRICTED
    )
    Note.objects.create(unit=cast.bogota, title="i")
    from wpsdesk.organisation.models import AccessGrant

    AccessGrant.objects.create(
        user=cast.officer,
        content_type_id=_ct(Note),
        object_id=strict.pk,
        reason="case",
        state="active",
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    with readlog.collecting(ip_address="203.0.113.9"):
        list(policy.visible_to(Note.objects.all(), user=cast.officer))
        list(policy.visible_to(Note.objects.all(), user=cast.officer).iterator())
        assert reads() == []  # written at the end, once
    [event] = reads()
    assert event.actor_id == cast.officer.pk
    assert event.ip_address == "203.0.113.9"
    assert sorted(event.details["records"]) == sorted([key(restricted), key(strict)])
    assert event.details["classification"] == Classification.STRICTLY_RESTRICTED
    assert event.details["count"] == 2


def test_counts_and_values_are_not_reads_of_records(cast: Cast) -> None:
    Note.objects.create(unit=cast.bogota, title="r", classification=Classification.RESTRICTED)
    with readlog.collecting():
        assert policy.visible_to(Note.objects.all(), user=cast.officer).count() == 1
        assert policy.visible_to(Note.objects.all(), user=cast.officer).exists()
    assert reads() == []


def test_records_below_a_restricted_parent_are_noted_without_a_query(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    note = Note.objects.create(
        unit=cast.bogota, title="r", classification=Classification.RESTRICTED
    )
    comment = NoteComment.objects.create(note=note, text="c")
    NoteComment.objects.create(note=Note.objects.create(unit=cast.bogota, title="i"), text="i")
    list(policy.visible_to(NoteComment.objects.all(), user=cast.officer))  # caches warm
    with readlog.collecting() as collector:
        with django_assert_num_queries(1):
            rows = list(policy.visible_to(NoteComment.objects.all(), user=cast.officer))
        assert len(rows) == 2
        assert list(collector.records) == [key(comment)]


def test_a_long_export_is_split_into_events_of_a_bounded_size(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readlog, "RECORDS_PER_EVENT", 2)
    for n in range(5):
        Note.objects.create(unit=cast.bogota, title=f"r{n}", classification="restricted")
    with readlog.collecting():
        list(policy.visible_to(Note.objects.all(), user=cast.officer))
    assert [e.details["count"] for e in reads()] == [2, 2, 1]


# --- every path that shows records ------------------------------------------------------


def test_a_restricted_record_in_an_api_list_writes_exactly_one_event(
    cast: Cast, as_officer: Client, documents: dict[str, ScreenedDocument]
) -> None:
    response = as_officer.get(DOCUMENTS_API, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    assert "Back-channel draft" in response.content.decode()
    [event] = reads()
    assert event.actor_id == cast.officer.pk
    assert event.ip_address == "198.51.100.7"
    assert sorted(event.details["records"]) == sorted(
        [key(documents["secret"]), key(documents["secret2"])]
    )


def test_a_token_read_names_the_tokens_owner(
    cast: Cast, documents: dict[str, ScreenedDocument]
) -> None:
    from tests.screening.test_api import token_client

    response = token_client(cast.officer, "read").get(DOCUMENTS_API, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 200
    [event] = reads()
    assert event.actor_id == cast.officer.pk
    assert event.ip_address == "198.51.100.8"


def test_an_api_list_of_internal_records_writes_none(
    cast: Cast, as_reader: Client, documents: dict[str, ScreenedDocument]
) -> None:
    response = as_reader.get(DOCUMENTS_API)
    assert "Open draft" in response.content.decode()
    assert "Back-channel draft" not in response.content.decode()
    assert reads() == []


def test_a_list_page_and_its_search_write_one_event_each(
    cast: Cast, as_officer: Client, documents: dict[str, ScreenedDocument]
) -> None:
    url = reverse("screening:list")
    assert "Back-channel draft" in as_officer.get(url).content.decode()
    assert len(reads()) == 1
    found = as_officer.get(url, {"q": "Back-channel"}).content.decode()
    assert "Back-channel draft" in found
    assert reads()[-1].details["records"] == [key(documents["secret"])]
    assert len(reads()) == 2


def test_a_search_that_finds_only_internal_records_writes_none(
    cast: Cast, as_officer: Client, documents: dict[str, ScreenedDocument]
) -> None:
    found = as_officer.get(reverse("screening:list"), {"q": "Open"}).content.decode()
    assert "Open draft" in found
    assert reads() == []


def test_a_fragment_of_a_restricted_record_writes_one_event(
    cast: Cast, as_officer: Client, documents: dict[str, ScreenedDocument]
) -> None:
    url = reverse("screening:progress", args=[documents["secret"].pk])
    assert as_officer.get(url, HTTP_HX_REQUEST="true").status_code == 200
    [event] = reads()
    assert event.target_id == str(documents["secret"].pk)
    as_officer.get(reverse("screening:progress", args=[documents["open"].pk]))
    assert len(reads()) == 1


def test_an_internal_only_page_writes_none_and_with_a_restricted_record_one(
    cast: Cast, as_officer: Client
) -> None:
    make_engagement(cast.bogota, title="Open meeting")
    url = reverse("engagements:list")
    assert "Open meeting" in as_officer.get(url).content.decode()
    assert reads() == []
    secret = make_engagement(cast.bogota, title="Quiet meeting", classification="restricted")
    assert "Quiet meeting" in as_officer.get(url).content.decode()
    [event] = reads()
    assert event.details["records"] == [key(secret)]


def test_a_detail_page_with_restricted_records_writes_one_event(
    cast: Cast, as_officer: Client, documents: dict[str, ScreenedDocument]
) -> None:
    url = reverse("screening:detail", args=[documents["secret"].pk])
    assert as_officer.get(url, REMOTE_ADDR="192.0.2.4").status_code == 200
    [event] = reads()
    assert event.target_type == "screening.screeneddocument"
    assert event.target_id == str(documents["secret"].pk)
    assert event.ip_address == "192.0.2.4"


def test_a_command_line_export_writes_one_event(cast: Cast) -> None:
    secret = make_engagement(cast.bogota, title="Quiet meeting", classification="restricted")
    make_engagement(cast.bogota, title="Open meeting")
    out = StringIO()
    call_command("engagements", "export", "--as", "officer", stdout=out, stderr=StringIO())
    assert "Quiet meeting" in out.getvalue()
    [event] = reads()
    assert event.actor_id == cast.officer.pk
    assert event.details["records"] == [key(secret)]


def test_a_command_line_export_of_internal_records_writes_none(cast: Cast) -> None:
    make_engagement(cast.bogota, title="Open meeting")
    out = StringIO()
    call_command("engagements", "export", "--as", "officer", stdout=out, stderr=StringIO())
    assert "Open meeting" in out.getvalue()
    assert reads() == []


def _ct(model: Any) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def test_a_page_of_a_record_below_a_restricted_plan_writes_one_event(
    cast: Cast, as_officer: Client
) -> None:
    from tests.planning.factories import load_guidelines, make_chain
    from wpsdesk.planning.models import WorkPlan

    load_guidelines()
    chain = make_chain(cast.bogota, cast.officer)
    response = as_officer.get(reverse("planning:activity_detail", args=[chain.activity.pk]))
    assert response.status_code == 200
    assert reads() == []
    WorkPlan.objects.filter(pk=chain.plan.pk).update(classification="restricted")
    response = as_officer.get(reverse("planning:activity_detail", args=[chain.activity.pk]))
    assert response.status_code == 200
    [event] = reads()
    assert key(chain.activity) in event.details["records"]
