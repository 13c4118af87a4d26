"""The people-at-risk pages: only the grant holder sees a record; every read is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.upload_files import PERSON as EXIF_PERSON
from tests.core.upload_files import jpeg_with_gps
from tests.people_at_risk.factories import grant, make_person_at_risk
from tests.personas import Cast, reauthenticated_client, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.core import sealed_files
from wpsdesk.people_at_risk.models import (
    Assessment,
    Attachment,
    MonitoringEvent,
    PersonAtRisk,
    ProtectionMeasure,
)

#: Exact query counts (session, person, second factor, roles and grants, the page's own).
QUERIES_LIST = 13
QUERIES_DETAIL = 17
QUERIES_CREATE = 5
QUERIES_EDIT = 12
QUERIES_MEASURE = 12


@pytest.fixture
def heron(cast: Cast) -> PersonAtRisk:
    person = make_person_at_risk(
        cast.bogota, "HERON", real_name="Ada Example", notes="Moved house in March"
    )
    grant(person, cast.lead, by=cast.officer, approver=cast.reader)
    return person


@pytest.fixture
def as_lead(cast: Cast) -> Client:
    return verified_client(cast.lead)


def test_the_granted_lead_sees_the_record_and_the_officer_sees_none(
    cast: Cast, heron: PersonAtRisk, as_lead: Client, as_officer: Client
) -> None:
    assert "HERON" in as_lead.get(reverse("people_at_risk:list")).content.decode()
    page = as_officer.get(reverse("people_at_risk:list"))
    assert page.status_code == 200
    assert "HERON" not in page.content.decode()
    assert "No person at risk is open to you" in page.content.decode()


@pytest.mark.parametrize("persona", ["officer", "reader", "outsider", "coordinator", "admin"])
def test_a_record_page_is_not_found_for_everyone_without_a_grant(
    cast: Cast, heron: PersonAtRisk, persona: str
) -> None:
    client = verified_client(getattr(cast, persona))
    assert client.get(heron.get_absolute_url()).status_code == 404
    assert verified_client(cast.lead).get(heron.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["admin", "auditor"])
def test_administrators_and_auditors_reach_none_of_it_even_with_a_grant(
    cast: Cast, heron: PersonAtRisk, persona: str
) -> None:
    user = getattr(cast, persona)
    grant(heron, user, by=cast.officer, approver=cast.reader)
    client = verified_client(user)
    assert client.get(reverse("people_at_risk:list")).status_code == 403
    assert client.get(reverse("people_at_risk:create")).status_code == 403
    assert client.get(heron.get_absolute_url()).status_code == 404


def test_the_list_has_a_fixed_query_count(
    cast: Cast, heron: PersonAtRisk, as_lead: Client, django_assert_num_queries
) -> None:
    as_lead.get(reverse("people_at_risk:list"))
    with django_assert_num_queries(QUERIES_LIST):
        as_lead.get(reverse("people_at_risk:list"))
    for i in range(30):
        person = make_person_at_risk(cast.bogota, f"BIRD-{i:02d}")
        grant(person, cast.lead, by=cast.officer, approver=cast.reader)
    with django_assert_num_queries(QUERIES_LIST):
        response = as_lead.get(reverse("people_at_risk:list"), {"page": "2"})
    assert response.context["page"].paginator.count == 31
    assert len(response.context["page"].object_list) == 6


def test_the_detail_page_has_a_fixed_query_count(
    cast: Cast, heron: PersonAtRisk, as_lead: Client, django_assert_num_queries
) -> None:
    as_lead.get(heron.get_absolute_url())
    with django_assert_num_queries(QUERIES_DETAIL):
        as_lead.get(heron.get_absolute_url())
    for i in range(5):
        MonitoringEvent.objects.create(
            person=heron,
            occurred_on=dt.date(2026, 1, i + 1),
            kind="threat",
            severity="high",
            source="person",
            reliability="likely",
        )
        ProtectionMeasure.objects.create(
            person=heron, kind="political", started_on=dt.date(2026, 1, 1)
        )
    with django_assert_num_queries(QUERIES_DETAIL):
        as_lead.get(heron.get_absolute_url())


def test_filters_search_the_code_name_country_and_role(
    cast: Cast, heron: PersonAtRisk, as_lead: Client
) -> None:
    other = make_person_at_risk(cast.bogota, "KESTREL", country="VE", role="politician")
    grant(other, cast.lead, by=cast.officer, approver=cast.reader)
    page = as_lead.get(reverse("people_at_risk:list"), {"q": "kest"}).content.decode()
    assert "KESTREL" in page and "HERON" not in page
    page = as_lead.get(reverse("people_at_risk:list"), {"country": "co"}).content.decode()
    assert "HERON" in page and "KESTREL" not in page
    page = as_lead.get(reverse("people_at_risk:list"), {"role": "politician"}).content.decode()
    assert "KESTREL" in page and "HERON" not in page
    bad = as_lead.get(reverse("people_at_risk:list"), {"country": "XX"})
    assert "is not a country code" in bad.content.decode()


def test_every_read_is_logged_and_the_lead_sees_who_read_it(
    cast: Cast, heron: PersonAtRisk, as_lead: Client
) -> None:
    reader = make_person_at_risk(cast.bogota, "WREN")
    officer_grant = grant(heron, cast.officer, by=cast.lead, approver=cast.reader)
    assert officer_grant.pk and reader.pk
    verified_client(cast.officer).get(heron.get_absolute_url())
    reads = SecurityEvent.objects.filter(kind="restricted.read", target_id=str(heron.pk))
    assert reads.filter(actor=cast.officer).count() == 1
    as_lead.get(reverse("people_at_risk:list"))
    listed = SecurityEvent.objects.filter(kind="restricted.read", actor=cast.lead).last()
    assert listed is not None
    assert f"people_at_risk.personatrisk#{heron.pk}" in listed.details["records"]
    page = as_lead.get(heron.get_absolute_url()).content.decode()
    assert "Who has read this record" in page
    assert "officer" in page
    # The officer (no lead) is not shown who has read it.
    assert (
        "Who has read this record"
        not in verified_client(cast.officer).get(heron.get_absolute_url()).content.decode()
    )


def test_exact_name_search_finds_only_the_exact_name_and_is_logged(
    cast: Cast, heron: PersonAtRisk, as_lead: Client, as_officer: Client
) -> None:
    url = reverse("people_at_risk:name_search")
    found = as_lead.post(url, {"name": "  ada   EXAMPLE "}).content.decode()
    assert "Records with that exact name open to you" in found and "HERON" in found
    partial = as_lead.post(url, {"name": "Ada"}).content.decode()
    assert "No record open to you has that exact name" in partial
    # Without a grant the same exact name finds nothing.
    none = as_officer.post(url, {"name": "Ada Example"}).content.decode()
    assert "No record open to you has that exact name" in none and "HERON" not in none
    searches = SecurityEvent.objects.filter(kind="people_at_risk.name_search")
    assert [e.details["found"] for e in searches] == [1, 0, 0]
    assert not any("Ada" in str(e.details) for e in searches)
    assert as_lead.post(url, {"name": ""}).status_code == 400


def test_a_new_record_is_strict_and_opens_to_its_maker_only_through_a_grant(
    cast: Cast, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("people_at_risk:create"),
        {"code_name": "", "role": "defender", "country": "co", "real_name": "Bea Example"},
    )
    assert response.status_code == 302
    person = PersonAtRisk.objects.get()
    assert person.classification == "strict"
    assert person.code_name.startswith("PAR-")
    assert person.real_name_index and "Bea" not in person.real_name_index
    assert as_officer.get(person.get_absolute_url()).status_code == 404
    bad = as_officer.post(reverse("people_at_risk:create"), {"role": "defender", "country": "X"})
    assert bad.status_code == 400
    assert PersonAtRisk.objects.count() == 1
    assert verified_client(cast.reader).get(reverse("people_at_risk:create")).status_code == 403


def test_the_granted_lead_logs_assesses_refers_reviews_and_edits(
    cast: Cast, heron: PersonAtRisk, as_lead: Client
) -> None:
    url = heron.get_absolute_url()
    assert (
        as_lead.post(
            reverse("people_at_risk:event_add", args=[heron.pk]),
            {
                "event-occurred_on": "2026-02-01",
                "event-kind": "detention",
                "event-severity": "critical",
                "event-source": "un",
                "event-reliability": "confirmed",
                "event-description": "Held for two days",
            },
        ).status_code
        == 302
    )
    assert (
        as_lead.post(
            reverse("people_at_risk:assessment_add", args=[heron.pk]),
            {
                "assessment-assessed_on": "2026-02-02",
                "assessment-freedom_of_action": "severely",
                "assessment-security": "imminent",
            },
        ).status_code
        == 302
    )
    no_mechanism = as_lead.post(
        reverse("people_at_risk:measure_add", args=[heron.pk]),
        {
            "measure-kind": "referral_un",
            "measure-started_on": "2026-02-03",
            "measure-status": "planned",
        },
    )
    assert no_mechanism.status_code == 400
    assert "Name the mechanism" in no_mechanism.content.decode()
    assert (
        as_lead.post(
            reverse("people_at_risk:measure_add", args=[heron.pk]),
            {
                "measure-kind": "referral_un",
                "measure-started_on": "2026-02-03",
                "measure-mechanism": "UN Special Rapporteur on human rights defenders",
                "measure-status": "planned",
            },
        ).status_code
        == 302
    )
    measure = ProtectionMeasure.objects.get()
    edit = as_lead.get(measure.get_absolute_url())
    version = edit.context["form"].version_value
    assert (
        as_lead.post(
            measure.get_absolute_url(),
            {
                "kind": "referral_un",
                "started_on": "2026-02-03",
                "mechanism": "UN Special Rapporteur on human rights defenders",
                "status": "done",
                "outcome": "Urgent appeal sent",
                "version": version,
            },
        ).status_code
        == 302
    )
    measure.refresh_from_db()
    assert measure.status == "done" and measure.outcome == "Urgent appeal sent"
    page = as_lead.get(url).content.decode()
    assert "Held for two days" in page and "Urgent appeal sent" in page
    assert Assessment.objects.get().security == "imminent"

    next_review = dt.date.today() + dt.timedelta(days=100)
    assert (
        as_lead.post(
            reverse("people_at_risk:review", args=[heron.pk]),
            {"review-next_review_on": next_review.isoformat()},
        ).status_code
        == 302
    )
    heron.refresh_from_db()
    assert heron.review_on == next_review and heron.reviewed_at is not None
    too_far = as_lead.post(
        reverse("people_at_risk:review", args=[heron.pk]),
        {"review-next_review_on": (dt.date.today() + dt.timedelta(days=400)).isoformat()},
    )
    assert too_far.status_code == 400

    edit = as_lead.get(reverse("people_at_risk:edit", args=[heron.pk]))
    assert edit.status_code == 200
    response = as_lead.post(
        reverse("people_at_risk:edit", args=[heron.pk]),
        {
            "code_name": "HERON-2",
            "role": "defender",
            "country": "CO",
            "real_name": "Ada Example",
            "version": edit.context["form"].version_value,
        },
    )
    assert response.status_code == 302
    heron.refresh_from_db()
    assert heron.code_name == "HERON-2" and heron.notes == ""
    stale = as_lead.post(
        reverse("people_at_risk:edit", args=[heron.pk]),
        {"code_name": "HERON-3", "role": "defender", "country": "CO", "version": "1"},
    )
    assert stale.status_code == 409


def test_an_uploaded_photo_is_stripped_and_sealed(
    cast: Cast, heron: PersonAtRisk, as_lead: Client
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = jpeg_with_gps()
    assert EXIF_PERSON.encode() in photo
    response = as_lead.post(
        reverse("people_at_risk:file_add", args=[heron.pk]),
        {"file-upload": SimpleUploadedFile("letter.jpg", photo, "image/jpeg")},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    from django.core.files.storage import default_storage

    with default_storage.open(attachment.file_key, "rb") as handle:
        stored = handle.read()
    assert stored.startswith(sealed_files.MAGIC)
    clean = sealed_files.load(attachment.file_key)
    assert EXIF_PERSON.encode() not in clean
    download = as_lead.get(reverse("people_at_risk:file_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert download.content == clean
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "no-store, private"
    refused = as_lead.post(
        reverse("people_at_risk:file_add", args=[heron.pk]),
        {"file-upload": SimpleUploadedFile("run.exe", b"MZ...", "application/octet-stream")},
    )
    assert refused.status_code == 400
    assert Attachment.objects.count() == 1
    assert (
        verified_client(cast.officer)
        .get(reverse("people_at_risk:file_download", args=[attachment.pk]))
        .status_code
        == 404
    )


def test_export_is_one_record_after_a_current_code_and_is_logged(
    cast: Cast, heron: PersonAtRisk
) -> None:
    url = reverse("people_at_risk:export", args=[heron.pk])
    first = verified_client(cast.lead).post(url)
    assert first.status_code == 302 and "/accounts/" in first["Location"]
    assert not SecurityEvent.objects.filter(kind="people_at_risk.exported").exists()
    response = reauthenticated_client(cast.lead).post(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    assert "HERON" in body and "Ada Example" in body and "Moved house in March" in body
    event = SecurityEvent.objects.get(kind="people_at_risk.exported")
    assert event.actor_id == cast.lead.pk and event.target_id == str(heron.pk)
    assert reauthenticated_client(cast.officer).post(url).status_code == 404


def test_the_pages_speak_bokmal(cast: Cast, heron: PersonAtRisk, as_lead: Client) -> None:
    from django.conf import settings

    as_lead.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    page = as_lead.get(reverse("people_at_risk:list")).content.decode()
    assert "Personer i fare" in page and "Finn etter nøyaktig ekte navn" in page
    detail = as_lead.get(heron.get_absolute_url()).content.decode()
    assert "Overvåkingslogg" in detail and "Hvem har lest denne posten" in detail


def test_the_form_pages_have_fixed_query_counts(
    cast: Cast, heron: PersonAtRisk, as_lead: Client, django_assert_num_queries
) -> None:
    measure = ProtectionMeasure.objects.create(
        person=heron, kind="political", started_on=dt.date(2026, 1, 1)
    )
    pages = {
        reverse("people_at_risk:create"): QUERIES_CREATE,
        reverse("people_at_risk:edit", args=[heron.pk]): QUERIES_EDIT,
        measure.get_absolute_url(): QUERIES_MEASURE,
    }
    for url, queries in pages.items():
        as_lead.get(url)
        with django_assert_num_queries(queries):
            assert as_lead.get(url).status_code == 200
