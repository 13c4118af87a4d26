"""Activities: the list, adding one, progress in place, and uploaded evidence handled safely."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.core import upload_files as make
from tests.personas import Cast, verified_client
from tests.planning.factories import YEAR, Chain, make_chain
from wpsdesk.planning import files, services
from wpsdesk.planning.models import Activity, ActivityStatus, Evidence, ProgressUpdate

PERSON = make.PERSON.encode()


def test_an_activity_is_added_under_a_goal(cast: Cast, chain: Chain, as_officer: Client) -> None:
    response = as_officer.post(
        reverse("planning:activity_create", args=[chain.goal.pk]),
        {"title": "Brief the ambassador", "status": "planned", "owner": cast.lead.pk},
    )
    activity = Activity.objects.get(title="Brief the ambassador")
    assert response["Location"] == reverse("planning:activity_detail", args=[activity.pk])
    assert activity.owner == cast.lead


def test_dropping_without_a_reason_is_refused_in_plain_words(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("planning:activity_edit", args=[chain.activity.pk]),
        {"title": chain.activity.title, "status": "dropped"},
    )
    assert response.status_code == 400
    assert "Say why the activity was dropped." in response.content.decode()


def test_progress_is_recorded_in_place_with_htmx(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("planning:activity_progress", args=[chain.activity.pk]),
        {"text": "First meeting held", "status": "under_way"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="progress"')
    assert "First meeting held" in html
    chain.activity.refresh_from_db()
    assert chain.activity.status == ActivityStatus.UNDER_WAY
    assert ProgressUpdate.objects.get().author == cast.officer


def test_progress_without_javascript_goes_back_to_the_activity(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("planning:activity_progress", args=[chain.activity.pk]),
        {"text": "Met again", "status": "planned"},
    )
    assert response["Location"] == reverse("planning:activity_detail", args=[chain.activity.pk])


def test_a_reader_sees_the_activity_but_cannot_change_it(
    cast: Cast, chain: Chain, as_reader: Client
) -> None:
    page = as_reader.get(reverse("planning:activity_detail", args=[chain.activity.pk]))
    assert page.status_code == 200
    assert (
        reverse("planning:activity_progress", args=[chain.activity.pk]) not in page.content.decode()
    )
    refused = as_reader.post(
        reverse("planning:activity_progress", args=[chain.activity.pk]),
        {"text": "I was there", "status": "done"},
    )
    assert refused.status_code == 404
    chain.activity.refresh_from_db()
    assert chain.activity.status == ActivityStatus.PLANNED


def test_another_unit_cannot_see_or_change_the_activity(
    cast: Cast, chain: Chain, as_outsider: Client
) -> None:
    detail = reverse("planning:activity_detail", args=[chain.activity.pk])
    edit = reverse("planning:activity_edit", args=[chain.activity.pk])
    assert as_outsider.get(detail).status_code == 404
    assert as_outsider.post(edit, {"title": "Taken", "status": "done"}).status_code == 404
    chain.activity.refresh_from_db()
    assert chain.activity.title != "Taken"


def test_the_activity_list_filters_by_status_owner_and_overdue(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    services.activity_create(
        actor=cast.officer, goal=chain.goal, title="Done already", status="done"
    )
    overdue = services.activity_create(
        actor=cast.officer, goal=chain.goal, title="Late", owner=cast.lead
    )
    Activity.objects.filter(pk=overdue.pk).update(due_date="2000-01-01")
    url = reverse("planning:activity_list")
    assert as_officer.get(url).context["page"].paginator.count == 3
    assert as_officer.get(url, {"status": "done"}).context["page"].paginator.count == 1
    assert as_officer.get(url, {"mine": "on"}).context["page"].paginator.count == 1
    assert [a.title for a in as_officer.get(url, {"overdue": "on"}).context["page"]] == ["Late"]
    assert as_officer.get(url, {"q": "late"}).context["page"].paginator.count == 1


@pytest.mark.parametrize("goals", [1, 6])
def test_the_activity_list_query_count_does_not_grow(
    cast: Cast, guidelines: None, django_assert_num_queries, goals: int
) -> None:
    for year in range(goals):
        make_chain(cast.bogota, cast.officer, year=YEAR + year)
    client = verified_client(cast.officer)
    with django_assert_num_queries(9):
        response = client.get(reverse("planning:activity_list"))
    assert response.context["page"].paginator.count == goals


def test_the_activity_page_query_count_does_not_grow_with_updates(
    cast: Cast, chain: Chain, as_officer: Client, django_assert_num_queries
) -> None:
    for number in range(10):
        services.progress_add(actor=cast.officer, activity=chain.activity, text=f"Update {number}")
        services.evidence_add(actor=cast.officer, activity=chain.activity, text=f"Note {number}")
    with django_assert_num_queries(10):
        response = as_officer.get(reverse("planning:activity_detail", args=[chain.activity.pk]))
    assert len(response.context["updates"]) == 10


# --- uploaded evidence -------------------------------------------------------------------


def upload(client: Client, chain: Chain, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("planning:activity_evidence", args=[chain.activity.pk]),
        {"text": "", "file": SimpleUploadedFile(name, data)},
    )


def test_a_file_is_stored_encrypted_under_a_random_name(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    canary = b"CANARY-attendance-six-women"
    response = upload(as_officer, chain, "../../etc/attendance.txt", canary)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.file_name == "attendance.txt"
    assert "attendance" not in evidence.file_key
    stored = (settings.MEDIA_ROOT / evidence.file_key).read_bytes()
    assert canary not in stored
    assert files.load(evidence.file_key) == canary


def test_a_file_is_served_only_as_an_attachment_to_people_who_may_read_it(
    cast: Cast, chain: Chain, as_officer: Client, as_outsider: Client, as_coordinator: Client
) -> None:
    upload(as_officer, chain, "minutes.txt", b"Minutes")
    evidence = Evidence.objects.get()
    url = reverse("planning:evidence_download", args=[evidence.pk])
    response = as_coordinator.get(url)
    assert response.status_code == 200
    assert response.content == b"Minutes"
    assert response["Content-Disposition"].startswith('attachment; filename="minutes.txt"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Type"] == "application/octet-stream"
    assert as_outsider.get(url).status_code == 404


def test_a_restricted_plans_file_is_404_without_clearance_and_its_read_is_logged(
    cast: Cast, chain: Chain, as_officer: Client, as_reader: Client
) -> None:
    from wpsdesk.audit.models import SecurityEvent

    services.plan_update(
        actor=cast.officer, plan=chain.plan, title="", summary="", classification="restricted"
    )
    upload(as_officer, chain, "minutes.txt", b"Minutes")
    url = reverse("planning:evidence_download", args=[Evidence.objects.get().pk])
    assert as_reader.get(url).status_code == 404
    assert as_officer.get(url).status_code == 200
    assert SecurityEvent.objects.filter(kind="restricted.read", actor=cast.officer).exists()


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("script.html", b"<script>alert(1)</script>", "Files of this type are not accepted"),
        ("photo.png", b"GIF89a not a png", "not a PNG image"),
        ("report.pdf", b"%PDF-1.7\n/OpenAction << /JS (app.alert(1)) >>", "damaged"),
        ("escaped.pdf", make.pdf_hex_escaped_javascript(), "scripts"),
        ("launch.pdf", make.pdf_hex_escaped_launch(), "scripts"),
        ("packed.pdf", make.pdf_javascript_in_object_stream(), "scripts"),
        ("template.docx", make.docx_remote_template(), "outside the file"),
        ("ole.docx", make.docx_with_ole_object(), "embedded objects"),
        ("activex.docx", make.docx_with_activex(), "embedded objects"),
        ("dde.docx", make.docx_with_dde_field(), "DDE"),
        ("ddeauto.docx", make.docx_with_ddeauto_field(), "DDE"),
        ("fake.pdf", b"MZ\x90\x00 an executable", "not a PDF"),
        ("macro.docx", _docx({"word/vbaProject.bin": b"\x00" * 10}), "macros"),
        ("bomb.docx", _docx({"word/big.xml": b"A" * 3_000_000}), "unpacks to far more"),
        ("broken.docx", b"PK\x03\x04 broken", "damaged"),
        ("binary.txt", b"text\x00with a NUL", "not a plain-text file"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_unsafe_uploads_are_refused_and_nothing_is_stored(
    cast: Cast, chain: Chain, as_officer: Client, name: str, data: bytes, message: str
) -> None:
    before = (
        set(default_storage.listdir(files.STORAGE_DIR)[1])
        if default_storage.exists(files.STORAGE_DIR)
        else set()
    )
    response = upload(as_officer, chain, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()
    after = (
        set(default_storage.listdir(files.STORAGE_DIR)[1])
        if default_storage.exists(files.STORAGE_DIR)
        else set()
    )
    assert after == before


def test_a_pdf_with_javascript_hidden_in_a_compressed_stream_is_refused(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    import zlib

    hidden = zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    data = (
        b"%PDF-1.7\n1 0 obj\n<< /Length 1 /Filter /FlateDecode >>\nstream\n"
        + hidden
        + b"\nendstream\n"
    )
    response = upload(as_officer, chain, "report.pdf", data)
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_files_over_the_size_limit_are_refused(
    cast: Cast, chain: Chain, as_officer: Client, settings
) -> None:
    settings.PLANNING_EVIDENCE_MAX_BYTES = 1024
    response = upload(as_officer, chain, "big.txt", b"a" * 2048)
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_a_clean_docx_and_png_are_accepted(cast: Cast, chain: Chain, as_officer: Client) -> None:
    assert upload(as_officer, chain, "plan.docx", _docx()).status_code == 302
    assert upload(as_officer, chain, "chart.PNG", make.png_with_text()).status_code == 302
    assert upload(as_officer, chain, "report.pdf", make.clean_pdf()).status_code == 302
    assert upload(as_officer, chain, "figures.xlsx", make.xlsx_clean()).status_code == 302
    assert Evidence.objects.count() == 4


@pytest.mark.parametrize(
    ("name", "build", "carries"),
    [
        ("photo.jpg", make.jpeg_with_gps, b"Exif"),
        ("minutes.docx", make.docx_with_author, PERSON),
        ("report.pdf", make.pdf_with_author, PERSON),
    ],
)
def test_stored_and_downloaded_files_carry_no_metadata(
    cast: Cast,
    chain: Chain,
    as_officer: Client,
    as_coordinator: Client,
    name: str,
    build: Callable[[], bytes],
    carries: bytes,
) -> None:
    original = build()
    assert PERSON in _everything(original, name)
    assert carries in _everything(original, name)
    assert upload(as_officer, chain, name, original).status_code == 302
    evidence = Evidence.objects.get()
    stored = files.unseal((settings.MEDIA_ROOT / evidence.file_key).read_bytes())
    downloaded = as_coordinator.get(reverse("planning:evidence_download", args=[evidence.pk]))
    assert downloaded.content == stored
    assert evidence.size == len(stored)
    for data in (stored, downloaded.content):
        assert PERSON not in _everything(data, name)
        assert carries not in _everything(data, name)


def test_checklist_evidence_is_stripped_and_checked_too(cast: Cast, chain: Chain) -> None:
    from tests.planning.factories import item, make_run

    run = make_run(cast.bogota, cast.officer)
    answer = services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.18"), answer="no"
    )
    with pytest.raises(ValidationError):
        services.evidence_add(
            actor=cast.officer,
            answer=answer,
            upload=SimpleUploadedFile("t.docx", make.docx_remote_template()),
        )
    evidence = services.evidence_add(
        actor=cast.officer,
        answer=answer,
        upload=SimpleUploadedFile("photo.jpeg", make.jpeg_with_gps()),
    )
    assert PERSON not in files.load(evidence.file_key)
    assert Evidence.objects.count() == 1


def _everything(data: bytes, name: str) -> bytes:
    """The bytes with every zip part and PDF stream unpacked, as a curious reader would."""
    if name.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"".join(archive.read(part) for part in archive.namelist())
    if name.endswith(".pdf"):
        import pikepdf

        with pikepdf.open(io.BytesIO(data)) as pdf:
            streams = [o.read_bytes() for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        return data + b"".join(streams)
    return data


def test_no_media_url_serves_the_stored_files(cast: Cast, chain: Chain, as_officer: Client) -> None:
    upload(as_officer, chain, "minutes.txt", b"Minutes")
    evidence = Evidence.objects.get()
    assert as_officer.get("/media/" + evidence.file_key).status_code == 404
    assert as_officer.get("/" + evidence.file_key).status_code == 404


def test_a_link_must_be_a_web_address(cast: Cast, chain: Chain, as_officer: Client) -> None:
    response = as_officer.post(
        reverse("planning:activity_evidence", args=[chain.activity.pk]),
        {"url": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_a_refused_progress_update_comes_back_in_place_with_its_error(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("planning:activity_progress", args=[chain.activity.pk]),
        {"text": "", "status": "dropped"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200  # htmx swaps only successful responses
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="progress"')
    assert "Say why the activity was dropped." in html
    chain.activity.refresh_from_db()
    assert chain.activity.status == ActivityStatus.PLANNED
