"""One family of errors, each with a message an officer can act on.

Every way a document can fail to screen (wrong format, too large, encrypted, a scan,
a zip bomb, too slow) raises a subclass of :class:`ScreeningError`. Callers show
``str(error)``; ``error.code`` is a stable machine name for the API and the logs.
"""

from __future__ import annotations


class ScreeningError(Exception):
    """A document could not be screened. ``str()`` is a plain sentence for the reader."""

    code = "screening_error"
    default_message = "The document could not be screened."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self)


class UnsupportedFormat(ScreeningError):
    code = "unsupported_format"
    default_message = (
        "This file type is not supported. Use plain text, PDF (with a text layer), "
        "Word (.docx) or HTML."
    )


class NotText(ScreeningError):
    code = "not_text"
    default_message = (
        "This file does not look like text: it contains binary data. "
        "Save it as plain text (UTF-8), PDF, Word (.docx) or HTML."
    )


class TooLarge(ScreeningError):
    code = "too_large"
    default_message = "The file is too large to screen."


class TooManyPages(ScreeningError):
    code = "too_many_pages"
    default_message = "The document has too many pages to screen."


class ArchiveBomb(ScreeningError):
    code = "archive_bomb"
    default_message = (
        "The Word file unpacks to far more data than a normal document (a possible zip bomb), "
        "so it was not opened."
    )


class Encrypted(ScreeningError):
    code = "encrypted"
    default_message = (
        "The document is password-protected. Remove the password (or save an unprotected "
        "copy) and try again."
    )


class Corrupt(ScreeningError):
    code = "corrupt"
    default_message = "The file is damaged or incomplete and could not be read."


class NoTextLayer(ScreeningError):
    code = "no_text_layer"
    default_message = (
        "The PDF has no text layer: it is probably a scan. Run it through text recognition "
        "(OCR) first, or use the original Word or text version."
    )


class ActiveContent(ScreeningError):
    code = "active_content"
    default_message = "The file contains active content (scripts or macros) and was refused."


class TimeLimitExceeded(ScreeningError):
    code = "time_limit"
    default_message = (
        "Screening took longer than the time limit, so it was stopped. Split the document "
        "into smaller parts or try a different format."
    )


class EmptyDocument(ScreeningError):
    code = "empty"
    default_message = "The document contains no text to screen."
