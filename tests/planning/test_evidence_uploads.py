"""An evidence upload is all or nothing: a body cut off in transit stores nothing and says so."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.personas import Cast
from tests.planning.factories import Chain, item, make_run
from wpsdesk.planning import services
from wpsdesk.planning.forms import EvidenceForm
from wpsdesk.planning.models import Evidence

BOUNDARY = "----wpsdeskBoundary7MA4YWxkTrZu0gW"
FILE = b"Attendance: six women, four men. " * 400  # several reads of the parser


def body(csrf: str = "") -> bytes:
    """The body a browser sends for the evidence form: text first, as the old form had it."""
    parts = [
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="text"\r\n\r\n'
            "Attendance list of the March meeting\r\n"
        ).encode(),
        (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="url"\r\n\r\n\r\n').encode(),
        (
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
            'name="file"; filename="attendance.txt"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        + FILE
        + b"\r\n",
        f"--{BOUNDARY}--\r\n".encode(),
    ]
    return b"".join(parts)


def send(client: Client, url: str, data: bytes, *, declared: int) -> object:
    """POST raw bytes through WSGI; ``declared`` is the Content-Length the client claimed."""
    return client.generic(
        "POST",
        url,
        data=data,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(declared),
        **{"wsgi.input": io.BytesIO(data)},
    )


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture(params=["activity", "checklist answer"])
def evidence_url(request: pytest.FixtureRequest, cast: Cast, chain: Chain) -> str:
    if request.param == "activity":
        return reverse("planning:activity_evidence", args=[chain.activity.pk])
    run = make_run(cast.bogota, cast.officer)
    answer = services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.3"), answer="yes"
    )
    return reverse("planning:answer_evidence", args=[run.pk, answer.pk])


def test_a_whole_upload_is_stored(evidence_url: str, as_officer: Client) -> None:
    whole = body()
    response = send(as_officer, evidence_url, whole, declared=len(whole))
    assert response.status_code == 302  # type: ignore[attr-defined]
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.size) == ("file", len(FILE))
    assert len(stored_files()) == 1


@pytest.mark.parametrize("cut", ["inside the file", "before the file", "before the end"])
def test_a_body_shorter_than_it_said_stores_nothing(
    evidence_url: str, as_officer: Client, cut: str
) -> None:
    whole = body()
    at = {
        "inside the file": whole.index(FILE) + len(FILE) // 2,
        "before the file": whole.index(b'name="file"') - 40,
        "before the end": len(whole) - 10,
    }[cut]
    response = send(as_officer, evidence_url, whole[:at], declared=len(whole))
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "The upload did not arrive whole" in response.content.decode()  # type: ignore[attr-defined]
    assert "nothing was stored" in response.content.decode()  # type: ignore[attr-defined]
    assert not Evidence.objects.exists()
    assert stored_files() == []


def test_a_body_cut_inside_the_file_with_a_matching_length_stores_nothing(
    evidence_url: str, as_officer: Client
) -> None:
    """A proxy that forwards what came and fixes the length: the closing boundary is missing."""
    whole = body()
    cut = whole[: whole.index(FILE) + len(FILE) // 2]
    response = send(as_officer, evidence_url, cut, declared=len(cut))
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert not Evidence.objects.exists()
    assert stored_files() == []


def test_the_file_comes_first_in_the_evidence_form() -> None:
    assert next(iter(EvidenceForm().fields)) == "file"


def test_the_checklist_evidence_form_puts_the_file_first(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    services.checklist_answer_save(actor=cast.officer, run=run, item=item("CL.3"), answer="yes")
    page = as_officer.get(reverse("planning:checklist_run", args=[run.pk])).content.decode()
    form = page[page.index('name="file"') - 400 :]
    assert form.index('name="file"') < form.index('name="text"')


def test_the_service_refuses_a_file_evidence_without_the_whole_file(
    cast: Cast, chain: Chain
) -> None:
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    short = SimpleUploadedFile("attendance.txt", b"Six women")
    short.size = 4000  # what the client announced; fewer bytes came
    with pytest.raises(ValidationError, match="did not arrive whole"):
        services.evidence_add(actor=cast.officer, activity=chain.activity, upload=short)
    assert not Evidence.objects.exists()
    whole = SimpleUploadedFile("attendance.txt", b"Six women")
    stored = services.evidence_add(actor=cast.officer, activity=chain.activity, upload=whole)
    assert stored.size == 9
