"""Why a document could not be screened, in the reader's language.

The engine has no Django and speaks English; its errors carry a stable ``code``. English
readers see the engine's own message (it may give sizes and limits); others see the
translated sentence for the code, or the engine's message where no sentence exists.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import ScreenedDocument

REASONS = {
    "unsupported_format": _(
        "This file type is not supported. Use plain text, PDF (with a text layer), "
        "Word (.docx) or HTML."
    ),
    "not_text": _(
        "This file does not look like text: it contains binary data. "
        "Save it as plain text (UTF-8), PDF, Word (.docx) or HTML."
    ),
    "too_large": _("The document is too large to screen. Split it into parts."),
    "too_many_pages": _("The document has too many pages to screen. Split it into parts."),
    "archive_bomb": _(
        "The Word file unpacks to far more data than a normal document (a possible zip "
        "bomb), so it was not opened."
    ),
    "encrypted": _(
        "The document is password-protected. Remove the password (or save an unprotected "
        "copy) and try again."
    ),
    "corrupt": _("The file is damaged or incomplete and could not be read."),
    "no_text_layer": _(
        "The PDF has no text layer: it is probably a scan. Run it through text recognition "
        "(OCR) first, or use the original Word or text version."
    ),
    "active_content": _("The file contains active content (scripts or macros) and was refused."),
    "time_limit": _(
        "Screening took longer than the time limit, so it was stopped. Split the document "
        "into smaller parts or try a different format."
    ),
    "empty": _("The document contains no text to screen."),
    "internal": _("An unexpected error stopped the screening."),
    "stopped": _(
        "The screening stopped without finishing: the background worker running it was lost "
        "several times. Screen it again."
    ),
}


def failure_reason(document: ScreenedDocument) -> str:
    """The reason a document failed, as the reader should see it."""
    if (get_language() or "en").startswith("en") or document.error_code not in REASONS:
        return document.error
    return str(REASONS[document.error_code])
