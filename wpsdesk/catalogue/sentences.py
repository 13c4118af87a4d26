"""Sentence-level view of a guidelines reference text, used to prove a data file complete.

The reference texts are plain-text exports from Word. Their conventions:

* footnote markers appear inline as ``[footnoteRef:N]``; the footnote text follows
  on the same line as ``[N: <tab>text]``;
* list items, headings and table cells are plain lines (a leading tab marks headings,
  boxed texts and table cells);
* a list item is occasionally broken across lines by a soft line break, and then
  continues on the next line in lower case.

This module turns such a text into a list of sentences and checks which of them do
not occur in a set of item texts. It is pure Python and does not import Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "clean_reference_text",
    "extract_footnotes",
    "missing_sentences",
    "normalise_whitespace",
    "reference_sentences",
    "split_sentences",
]

#: An inline footnote marker, e.g. ``[footnoteRef:4]``.
FOOTNOTE_MARKER_RE = re.compile(r"\[footnoteRef:\d+\]")

#: A footnote body, e.g. ``[4: \tLGBT+ is an inclusive term ...]``.
FOOTNOTE_BODY_RE = re.compile(r"\[(\d+):\s*([^\]]*)\]")

#: Punctuation that may close a line that is complete in itself.
_LINE_END_PUNCTUATION = ".,;:!?)]”’\"'"

#: A sentence boundary: closing punctuation, whitespace, then the start of a new sentence.
_SENTENCE_BOUNDARY_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“‘\"(])")


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace (tabs, newlines, no-break spaces) to one space.

    Leading and trailing whitespace is removed.
    """
    return " ".join(text.split())


def extract_footnotes(raw: str) -> dict[int, str]:
    """Return the footnotes of ``raw`` as ``{number: normalised text}``, in document order."""
    return {
        int(number): normalise_whitespace(body)
        for number, body in FOOTNOTE_BODY_RE.findall(raw.replace("\r\n", "\n"))
    }


def _is_continuation(previous: str, following: str) -> bool:
    """Tell whether ``following`` continues the sentence that ``previous`` leaves open.

    A line is continued on the next one when it ends without punctuation, it starts in
    lower case (i.e. it is itself a list item or a continuation), and the next line
    starts in lower case. A capitalised line that ends without punctuation (``... for
    example by``) is the lead-in to a sub-list whose items start in lower case; it is
    not joined to its first item.
    """
    if not previous or not following:
        return False
    if previous[-1] in _LINE_END_PUNCTUATION:
        return False
    return previous[0].islower() and following[0].islower()


def clean_reference_text(raw: str) -> str:
    """Return the body text of ``raw`` with one paragraph, heading or list item per line.

    Line endings are normalised, footnote bodies and markers are removed, whitespace in
    each line is normalised, empty lines are dropped, and lines broken mid-sentence are
    joined (see :func:`_is_continuation`). Footnote texts are available from
    :func:`extract_footnotes`.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = FOOTNOTE_BODY_RE.sub(" ", text)
    text = FOOTNOTE_MARKER_RE.sub("", text)
    lines: list[str] = []
    for raw_line in text.split("\n"):
        line = normalise_whitespace(raw_line)
        if not line:
            continue
        if lines and _is_continuation(lines[-1], line):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return "\n".join(lines)


def split_sentences(paragraph: str) -> list[str]:
    """Split one normalised paragraph into sentences.

    A boundary is a full stop, question mark or exclamation mark followed by
    whitespace and a capital letter, digit, opening quote or parenthesis.
    """
    paragraph = normalise_whitespace(paragraph)
    if not paragraph:
        return []
    return [part for part in _SENTENCE_BOUNDARY_RE.split(paragraph) if part]


def reference_sentences(raw: str) -> list[str]:
    """Return every sentence of the document ``raw``, body first, then the footnotes.

    Headings, list items and table cells count as sentences. Footnote markers are
    removed, each footnote's text yields its own sentences, whitespace is normalised
    and lines broken mid-sentence are joined.
    """
    sentences: list[str] = []
    for line in clean_reference_text(raw).split("\n"):
        sentences.extend(split_sentences(line))
    for footnote in extract_footnotes(raw).values():
        sentences.extend(split_sentences(footnote))
    return sentences


def missing_sentences(raw: str, item_texts: Iterable[str]) -> list[str]:
    """Return the sentences of ``raw`` that occur in none of ``item_texts``.

    ``item_texts`` are the texts and titles of the items of a data file. A sentence is
    found if, after whitespace normalisation, it is a substring of a single one of them.
    The result keeps document order and may contain repeats if the document does.
    """
    haystacks = [normalise_whitespace(text) for text in item_texts if text]
    return [
        sentence
        for sentence in reference_sentences(raw)
        if not any(sentence in haystack for haystack in haystacks)
    ]
