"""Screen a document: extract, segment, match, explain each finding, summarise.

:func:`screen_bytes` takes a file as it arrives; :func:`screen_text` takes text in
memory. Many short passages are labelled by :mod:`.passages` instead.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from wpsdesk.screening.engine.extract import Document, extract, from_text
from wpsdesk.screening.engine.limits import Deadline, Limits
from wpsdesk.screening.engine.match import (
    Hit,
    Matcher,
    SentenceIndex,
    lower_same_length,
    matcher_for,
    sentence_spans,
)
from wpsdesk.screening.engine.segment import Provision, segment
from wpsdesk.screening.engine.taxonomy import Taxonomy

SUBSTANTIVE = "substantive"
PASSING = "passing"


@dataclass(frozen=True)
class Finding:
    """One piece of WPS evidence: what was found, where, and how much it commits."""

    theme: str
    term: str  # taxonomy term id, e.g. "sgbv.rape"
    text: str  # the matched words as they stand in the document
    start: int  # character offsets into Screening.document.text
    end: int
    page: int
    paragraph: int
    provision: str  # provision id, e.g. "Article 12 › 3 › (b)"
    weight: str  # "substantive" or "passing"
    reason: str  # why that weight, in plain words
    sentence: str  # the sentence around the finding, for display
    language: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "term": self.term,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "paragraph": self.paragraph,
            "provision": self.provision,
            "weight": self.weight,
            "reason": self.reason,
            "sentence": self.sentence,
            "language": self.language,
        }


@dataclass
class Screening:
    """The result of screening one document."""

    document: Document
    provisions: list[Provision]
    findings: list[Finding]
    taxonomy_version: int
    doc_type: str
    summary: Any = None  # summary.Summary, filled by screen_document()
    by_provision: dict[str, list[Finding]] = field(default_factory=dict)

    def provision_text(self, provision: Provision) -> str:
        return self.document.text[provision.start : provision.end]

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        """A JSON-ready form (the API and ``--format json`` use it)."""
        doc = self.document
        data: dict[str, Any] = {
            "document": {
                "filename": doc.filename,
                "format": doc.format,
                "pages": doc.pages,
                "characters": len(doc.text),
                "paragraphs": len(doc.blocks),
                "provisions": len(self.provisions),
                "warnings": list(doc.warnings),
            },
            "taxonomy_version": self.taxonomy_version,
            "document_type": self.doc_type,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary.to_dict() if self.summary is not None else None,
        }
        if include_text:
            data["document"]["text"] = doc.text
        return data


def find(
    doc: Document,
    provisions: list[Provision],
    matcher: Matcher,
    deadline: Deadline | None = None,
) -> list[Finding]:
    """Match the whole text once, then explain each hit within its provision."""
    text = doc.text
    lower = lower_same_length(text)
    hits = matcher.hits(text, lower, deadline)
    if not hits:
        return []
    starts = [p.start for p in provisions]
    by_id = {p.id: p for p in provisions}
    sentences: dict[int, SentenceIndex] = {}
    contexts: dict[tuple[int, int], set[str]] = {}
    findings: list[Finding] = []
    for n, hit in enumerate(hits):
        if deadline is not None and n % 64 == 0:
            deadline.check()
        i = max(bisect.bisect_right(starts, hit.start) - 1, 0)
        provision = provisions[i] if provisions else None
        p_start = provision.start if provision else 0
        p_end = provision.end if provision else len(text)
        if i not in sentences:
            sentences[i] = SentenceIndex(sentence_spans(text, p_start, p_end))
        s_start, s_end = sentences[i].around(hit.start)
        s_end = max(s_end, hit.end)
        if (s_start, s_end) not in contexts:
            contexts[(s_start, s_end)] = matcher.context_themes(lower, s_start, s_end)
        weight, reason = _weigh(matcher, hit, provision, text, lower, s_start, s_end, by_id)
        block = doc.locate(hit.start)
        for theme in matcher.themes_of(hit, contexts[(s_start, s_end)]):
            findings.append(
                Finding(
                    theme=theme,
                    term=hit.term.id,
                    text=text[hit.start : hit.end],
                    start=hit.start,
                    end=hit.end,
                    page=provision.page if provision else (block.page if block else 1),
                    paragraph=block.paragraph if block else 1,
                    provision=provision.id if provision else "",
                    weight=weight,
                    reason=reason,
                    sentence=_clip(text, s_start, s_end, hit.start, hit.end),
                    language=hit.term.lang,
                )
            )
    return findings


def _weigh(
    matcher: Matcher,
    hit: Hit,
    provision: Provision | None,
    text: str,
    lower: str,
    s_start: int,
    s_end: int,
    by_id: dict[str, Provision],
) -> tuple[str, str]:
    """Substantive when an operative sentence concerns the group; passing otherwise."""
    if provision is not None and provision.preamble:
        return PASSING, "a recital in the preamble"
    if hit.term.passing:
        return PASSING, "a name or title (a signatory or official)"
    if provision is not None and provision.kind in ("heading", "article"):
        title_end = provision.start + len(text[provision.start : provision.end].split("\n", 1)[0])
        if hit.start < title_end and provision.title:
            return SUBSTANTIVE, "the provision's heading names it"
    listed = matcher.listed_with(hit, lower, s_start, s_end)
    if listed:
        return PASSING, listed
    if matcher.is_operative(lower, s_start, s_end):
        return SUBSTANTIVE, "an operative provision (an obligation, commitment or decision)"
    # A list item takes its verb from the lead-in above it ("The Parties shall: (a) …").
    parent = by_id.get(" › ".join(provision.path[:-1])) if provision is not None else None
    if (
        provision is not None
        and provision.kind in ("item", "bullet")
        and parent is not None
        and not parent.preamble
        and matcher.is_operative(lower, parent.start, parent.end)
    ):
        return SUBSTANTIVE, "an item under an operative lead-in"
    return PASSING, "mentioned without an obligation or commitment"


def _clip(text: str, s_start: int, s_end: int, start: int, end: int, width: int = 320) -> str:
    """The sentence, shortened around the finding when it is long."""
    if s_end - s_start <= width:
        return " ".join(text[s_start:s_end].split())
    lo = max(s_start, start - width // 2)
    hi = min(s_end, lo + width)
    return (
        ("… " if lo > s_start else "")
        + " ".join(text[lo:hi].split())
        + (" …" if hi < s_end else "")
    )


def screen_document(
    doc: Document,
    *,
    doc_type: str | None = None,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
    taxonomy: Taxonomy | None = None,
) -> Screening:
    """Segment, match and summarise an extracted document."""
    from wpsdesk.screening.engine.summary import detect_type, summarise

    limits = limits or Limits()
    deadline = deadline or Deadline(limits.seconds)
    matcher = Matcher(taxonomy) if taxonomy is not None else matcher_for()
    lower = lower_same_length(doc.text)
    provisions = segment(
        doc,
        is_recital=lambda pos: matcher.is_recital(lower, pos),
        is_operative=lambda start, end: matcher.is_operative(lower, start, end),
        deadline=deadline,
    )
    findings = find(doc, provisions, matcher, deadline)
    by_provision: dict[str, list[Finding]] = {}
    for f in findings:
        by_provision.setdefault(f.provision, []).append(f)
    result = Screening(
        document=doc,
        provisions=provisions,
        findings=findings,
        taxonomy_version=matcher.taxonomy.version,
        doc_type=doc_type or detect_type(doc, provisions),
        by_provision=by_provision,
    )
    result.summary = summarise(result, matcher.taxonomy)
    return result


def screen_bytes(
    data: bytes,
    *,
    filename: str | None = None,
    media_type: str | None = None,
    doc_type: str | None = None,
    limits: Limits | None = None,
    isolate_pdf: bool = True,
) -> Screening:
    """Screen a file as it arrives (any supported format), within ``limits``.

    Raises a :class:`~wpsdesk.screening.engine.errors.ScreeningError` with a plain
    message for anything that cannot be screened.
    """
    limits = limits or Limits()
    deadline = Deadline(limits.seconds)
    doc = extract(
        data,
        filename=filename,
        media_type=media_type,
        limits=limits,
        deadline=deadline,
        isolate_pdf=isolate_pdf,
    )
    return screen_document(doc, doc_type=doc_type, limits=limits, deadline=deadline)


def screen_text(
    text: str, *, doc_type: str | None = None, limits: Limits | None = None
) -> Screening:
    """Screen text already in memory (pasted text, a draft)."""
    limits = limits or Limits()
    deadline = Deadline(limits.seconds)
    doc = from_text(text, limits=limits, deadline=deadline)
    return screen_document(doc, doc_type=doc_type, limits=limits, deadline=deadline)
