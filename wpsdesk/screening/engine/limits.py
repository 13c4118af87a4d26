"""Limits that keep a hostile or broken file from exhausting memory or time.

Size, pages, decompressed bytes and archive entries are checked before the expensive
work; time is enforced by a :class:`Deadline` that the loops of every stage check.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from wpsdesk.screening.engine.errors import TimeLimitExceeded, TooLarge

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """What one screening may use. The defaults suit agreements, mandates and drafts."""

    max_bytes: int = 25 * MB  # the uploaded file as it arrives
    max_chars: int = 5 * MB  # extracted text: about 2,500 pages of dense prose
    max_pages: int = 2_000  # PDF pages
    max_decompressed: int = 100 * MB  # all entries of a DOCX together, unpacked
    max_entries: int = 2_000  # files inside a DOCX
    max_ratio: int = 200  # unpacked size / packed size for one DOCX entry
    seconds: float = 60.0  # wall time for extraction, segmentation and matching
    pdf_memory: int = 1_024 * MB  # address space of the PDF parser's subprocess

    def check_size(self, size: int) -> None:
        """Refuse input larger than ``max_bytes`` before reading it further."""
        if size > self.max_bytes:
            raise TooLarge(
                f"The file is {size / MB:.1f} MB; the limit is {self.max_bytes / MB:.0f} MB."
            )

    def check_chars(self, count: int) -> None:
        """Refuse extracted text longer than ``max_chars``."""
        if count > self.max_chars:
            raise TooLarge(
                f"The document holds {count:,} characters of text; the limit is "
                f"{self.max_chars:,}. Split it into parts."
            )


class Deadline:
    """A point in time after which work stops with :class:`TimeLimitExceeded`.

    Loops call :meth:`check` as they go; it costs one clock read, so it is cheap
    enough to call once per page, paragraph or provision.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.expires - time.monotonic())

    def check(self) -> None:
        """Raise :class:`TimeLimitExceeded` once the deadline has passed."""
        if time.monotonic() > self.expires:
            raise TimeLimitExceeded(
                f"Screening took longer than the {self.seconds:g}-second limit, so it was "
                "stopped. Split the document into smaller parts or try a different format."
            )


def no_deadline() -> Deadline:
    """A deadline far enough away never to trigger (for trusted, in-memory text)."""
    return Deadline(10.0**9)
