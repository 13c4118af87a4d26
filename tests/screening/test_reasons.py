"""Why a document failed, in the reader's language, for every reason the engine gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.personas import Cast
from wpsdesk.screening import services
from wpsdesk.screening.engine import errors
from wpsdesk.screening.reasons import REASONS

pytestmark = pytest.mark.django_db


def every_engine_error() -> list[type[errors.ScreeningError]]:
    found: list[type[errors.ScreeningError]] = []
    todo = [errors.ScreeningError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_reason_the_engine_gives_has_a_translated_sentence() -> None:
    codes = {cls.code for cls in every_engine_error()} - {"screening_error"}
    assert codes <= set(REASONS), sorted(codes - set(REASONS))


@pytest.fixture(autouse=True)
def own_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_the_reason_is_shown_in_the_readers_language(
    cast: Cast, as_officer: Client, files: dict[str, Path], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        document = services.add_document(
            actor=cast.officer,
            unit=cast.bogota,
            title="Scan",
            classification="internal",
            upload=SimpleUploadedFile("scan.pdf", files["scan.pdf"].read_bytes()),
        )
    english = as_officer.get(f"/screening/{document.pk}/").content.decode()
    assert "The PDF has no text layer" in english
    as_officer.cookies["django_language"] = "nb"
    norwegian = as_officer.get(f"/screening/{document.pk}/").content.decode()
    assert "The PDF has no text layer" not in norwegian
    assert "tekstlag" in norwegian
