"""The WPS screening engine: a plain library, with no Django import anywhere below here.

Entry points::

    screen_bytes(data, filename=...)  -> Screening   # any supported file
    screen_text(text)                 -> Screening   # text in memory
    compare(old, new)                 -> Comparison  # two drafts
    classify_passages(texts)          -> [PassageResult]  # many short passages, fast

Everything that cannot be screened raises a ``ScreeningError`` with a plain message.
"""

from wpsdesk.screening.engine.compare import Comparison, compare
from wpsdesk.screening.engine.errors import ScreeningError
from wpsdesk.screening.engine.limits import Limits
from wpsdesk.screening.engine.passages import (
    PassageResult,
    classify_passage,
    classify_passages,
)
from wpsdesk.screening.engine.screen import Finding, Screening, screen_bytes, screen_text
from wpsdesk.screening.engine.taxonomy import load_taxonomy

__all__ = [
    "Comparison",
    "Finding",
    "Limits",
    "PassageResult",
    "Screening",
    "ScreeningError",
    "classify_passage",
    "classify_passages",
    "compare",
    "load_taxonomy",
    "screen_bytes",
    "screen_text",
]
