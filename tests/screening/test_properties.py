"""Arbitrary bytes, as any file type, give a result or a clear ScreeningError in time."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.screening.docs import make_docx, make_pdf
from wpsdesk.screening.engine import Limits, Screening, ScreeningError, screen_bytes
from wpsdesk.screening.engine.errors import Corrupt

LIMITS = Limits(seconds=3.0, max_decompressed=5_000_000)
SLACK = 2.0  # start-up of the PDF child process, on a busy machine


def outcome(data: bytes, filename: str, *, isolate: bool = False) -> None:
    started = time.monotonic()
    result: Screening | None = None
    message = ""
    try:
        result = screen_bytes(data, filename=filename, limits=LIMITS, isolate_pdf=isolate)
    except ScreeningError as exc:
        message = str(exc)
    if result is None:
        assert message and "\n" not in message
    else:
        assert result.summary is not None
        for f in result.findings:
            assert result.document.text[f.start : f.end] == f.text
    assert time.monotonic() - started < LIMITS.seconds + SLACK


COMMON = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(st.binary(max_size=4096))
def test_any_bytes_as_text(data: bytes) -> None:
    outcome(data, "x.txt")


@COMMON
@given(st.binary(max_size=4096))
def test_any_bytes_as_html(data: bytes) -> None:
    outcome(b"<html>" + data, "x.html")


@COMMON
@given(st.binary(max_size=4096))
def test_any_bytes_as_docx(data: bytes) -> None:
    outcome(b"PK\x03\x04" + data, "x.docx")


@COMMON
@given(st.binary(max_size=4096), st.integers(min_value=0, max_value=2000))
def test_a_damaged_docx(noise: bytes, cut: int) -> None:
    good = make_docx(["Women shall take part."])
    outcome(good[:cut] + noise + good[cut + len(noise) :], "x.docx")


def test_a_docx_with_a_byte_missing_before_its_directory_is_damaged() -> None:
    """Found by the property above: entry offsets then point before the file's start."""
    good = make_docx(["Women shall take part."])
    with pytest.raises(Corrupt, match="damaged or incomplete"):
        screen_bytes(good[:40] + good[41:], filename="x.docx", limits=LIMITS)


@COMMON
@given(st.binary(max_size=4096))
def test_any_bytes_as_pdf(data: bytes) -> None:
    outcome(b"%PDF-1.4\n" + data, "x.pdf")


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=700), st.binary(min_size=1, max_size=64))
def test_a_damaged_pdf(cut: int, noise: bytes) -> None:
    good = make_pdf(["Women shall take part.", "Rape is prohibited."])
    outcome(good[:cut] + noise + good[cut + len(noise) :], "x.pdf")


@settings(max_examples=5, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_as_pdf_in_the_child_process(data: bytes) -> None:
    outcome(b"%PDF-1.4\n" + data, "x.pdf", isolate=True)


@COMMON
@given(st.text(max_size=3000))
def test_any_text(text: str) -> None:
    outcome(text.encode("utf-8", "surrogatepass"), "x.txt")


def test_a_docx_with_a_damaged_entry_name() -> None:
    good = make_docx(["Women shall take part."])
    outcome(good[:6] + b"\x00\x08" + b"\x00" * 18 + b"\x16" + good[27:], "x.docx")
