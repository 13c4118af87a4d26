"""The automatic screening of a report's text: the screening engine's own pure function,
summed up in what a report keeps (counts and themes, never the text it quotes)."""

from __future__ import annotations

from dataclasses import dataclass

from wpsdesk.screening.engine import ScreeningError, screen_text
from wpsdesk.screening.services import limits

from .models import ReportKind

#: The engine's document type for each kind of report (its gap template).
DOC_TYPES: dict[str, str] = {ReportKind.SPEAKING_POINTS: "speaking_points"}


@dataclass(frozen=True)
class TextScreening:
    findings: int
    substantive: int
    themes: str


def screen_report_text(text: str, kind: str) -> TextScreening:
    """Findings, substantive findings and the themes (space-separated ids) in ``text``.

    A text the engine cannot screen (empty, or past the engine's limits) counts as one
    with no findings: the report then carries a WPS message only through its links.
    """
    if not text.strip():
        return TextScreening(0, 0, "")
    try:
        result = screen_text(text, doc_type=DOC_TYPES.get(kind), limits=limits())
    except ScreeningError:
        return TextScreening(0, 0, "")
    themes = sorted({finding.theme for finding in result.findings})
    substantive = sum(1 for finding in result.findings if finding.weight == "substantive")
    return TextScreening(len(result.findings), substantive, " ".join(themes)[:300])
