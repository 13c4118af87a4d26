"""A passed review date reminds the granted lead; after the set period the record is anonymised."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.people_at_risk.factories import grant, make_person_at_risk
from tests.personas import Cast, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.core import sealed_files
from wpsdesk.people_at_risk import services
from wpsdesk.people_at_risk.models import (
    Assessment,
    Attachment,
    MonitoringEvent,
    PersonAtRisk,
    ProtectionMeasure,
)

TODAY = timezone.localdate()


@pytest.fixture
def overdue(cast: Cast, settings) -> PersonAtRisk:
    settings.PEOPLE_AT_RISK_ANONYMISE_DAYS = 30
    person = make_person_at_risk(
        cast.bogota,
        "HERON",
        real_name="Ada Example",
        contact="+57 000 0000",
        notes="Lives near the market",
        consent_scope="Keep notes",
        review_on=TODAY - dt.timedelta(days=3),
    )
    grant(person, cast.lead, by=cast.officer, approver=cast.reader)
    MonitoringEvent.objects.create(
        person=person,
        occurred_on=TODAY - dt.timedelta(days=40),
        kind="threat",
        severity="high",
        source="person",
        reliability="confirmed",
        description="Letter under the door",
    )
    Assessment.objects.create(
        person=person,
        assessed_on=TODAY - dt.timedelta(days=40),
        freedom_of_action="constrained",
        security="high",
        note="Cannot travel",
    )
    ProtectionMeasure.objects.create(
        person=person,
        kind="referral_un",
        started_on=TODAY - dt.timedelta(days=30),
        mechanism="UN Special Rapporteur",
        outcome="Appeal sent",
    )
    Attachment.objects.create(
        person=person,
        file_key=sealed_files.store(b"threat letter", "people_at_risk/files"),
        file_name="letter.txt",
        content_type="text/plain",
        size=13,
    )
    return person


def test_a_passed_review_date_is_a_task_for_the_granted_lead_only(
    cast: Cast, overdue: PersonAtRisk
) -> None:
    home = reverse("core:home")
    page = verified_client(cast.lead).get(home).content.decode()
    assert "Review HERON (person at risk)" in page
    shown = SecurityEvent.objects.filter(kind="restricted.read", actor=cast.lead).last()
    assert shown is not None and shown.target_id == str(overdue.pk)  # the task is a read
    # Nobody else hears of it: not the unit's officer, not another lead without a grant.
    from tests.people_at_risk.factories import second_lead

    other_lead = second_lead(cast.bogota)
    for user in (cast.officer, cast.reader, cast.coordinator, other_lead):
        assert "HERON" not in verified_client(user).get(home).content.decode()


def test_a_record_not_yet_due_is_no_task(cast: Cast) -> None:
    person = make_person_at_risk(cast.bogota, "WREN", review_on=TODAY + dt.timedelta(days=1))
    grant(person, cast.lead, by=cast.officer, approver=cast.reader)
    assert "WREN" not in verified_client(cast.lead).get(reverse("core:home")).content.decode()


def test_the_review_command_anonymises_only_after_the_set_period(
    cast: Cast, overdue: PersonAtRisk, django_capture_on_commit_callbacks
) -> None:
    # Three days past the review date, thirty days allowed: a reminder, nothing wiped yet.
    run = services.run_reviews()
    assert run.overdue == 1 and run.anonymised == []
    overdue.refresh_from_db()
    assert overdue.real_name == "Ada Example"

    key = Attachment.objects.get().file_key
    out = StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        django_capture_on_commit_callbacks(execute=True),
    ):
        patch.setattr(timezone, "localdate", lambda *a: TODAY + dt.timedelta(days=28))
        call_command("people_at_risk", "review", stdout=out)
    assert f"1 anonymised: {overdue.pk}" in out.getvalue()

    person = PersonAtRisk.objects.get(pk=overdue.pk)
    assert person.anonymised_at is not None
    assert person.code_name == f"ANON-{person.pk}"
    assert (person.real_name, person.contact, person.notes, person.consent_scope) == (
        "",
        "",
        "",
        "",
    )
    assert person.real_name_index == ""
    assert MonitoringEvent.objects.get().description == ""
    assert MonitoringEvent.objects.get().kind == "threat"  # kept for the aggregates
    assert Assessment.objects.get().note == ""
    assert ProtectionMeasure.objects.get().outcome == ""
    assert not Attachment.objects.exists()
    from django.core.files.storage import default_storage

    assert not default_storage.exists(key)
    assert set(person.history.values_list("code_name", flat=True)) == {person.code_name}
    event = SecurityEvent.objects.get(kind="people_at_risk.anonymised")
    assert event.target_id == str(person.pk)
    assert event.details["files"] == 1 and event.details["log_entries"] == 1
    assert "Ada" not in str(event.details)
    # Not a silent loss: the record is still there, marked, for its grant holder.
    page = verified_client(cast.lead).get(person.get_absolute_url()).content.decode()
    assert "This record was anonymised" in page
    # A second run changes nothing more.
    assert services.run_reviews(today=TODAY + dt.timedelta(days=60)).anonymised == []


def test_a_review_moves_the_date_and_stops_the_reminder(cast: Cast, overdue: PersonAtRisk) -> None:
    services.person_review(
        actor=cast.lead, person=overdue, next_review_on=TODAY + dt.timedelta(days=90)
    )
    assert "HERON" not in verified_client(cast.lead).get(reverse("core:home")).content.decode()
    assert services.run_reviews(today=TODAY + dt.timedelta(days=100)).anonymised == []
    assert SecurityEvent.objects.filter(kind="people_at_risk.reviewed").count() == 1


def test_reindex_recomputes_the_name_index(cast: Cast, overdue: PersonAtRisk) -> None:
    PersonAtRisk.objects.filter(pk=overdue.pk).update(real_name_index="stale")
    out = StringIO()
    call_command("people_at_risk", "reindex", stdout=out)
    assert "1 name index" in out.getvalue()
    overdue.refresh_from_db()
    assert overdue.real_name_index == services.name_index("ada example")
