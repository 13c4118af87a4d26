"""What a screened document says and leaves out: themes, counts, strongest provisions, gaps.

The gap list compares the findings with the template for the document's type
(peace agreement, ceasefire, peace-operation mandate, speaking points), built from
the guidelines and kept in the taxonomy data file.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wpsdesk.screening.engine.extract import Document
from wpsdesk.screening.engine.segment import Provision
from wpsdesk.screening.engine.taxonomy import Requirement, Taxonomy

if TYPE_CHECKING:
    from wpsdesk.screening.engine.screen import Finding, Screening

DOC_TYPES = ("peace_agreement", "ceasefire", "mandate", "speaking_points")

_CEASEFIRE = re.compile(
    r"cease-?fire|cessation\s+of\s+hostilities|cessez-le-feu|alto\s+el\s+fuego|cese\s+al\s+fuego|"
    r"våpenhvile",
    re.I,
)
_MANDATE = re.compile(
    r"security\s+council|conseil\s+de\s+sécurité|consejo\s+de\s+seguridad|sikkerhetsrådet", re.I
)
_MANDATE_TERMS = re.compile(r"\bmandat\w*|\bpeace(?:keeping|\s+operation)\b|\bmission\b", re.I)
_SPEAKING = re.compile(
    r"speaking\s+points|talking\s+points|key\s+messages|snakkepunkter|points\s+de\s+discussion|"
    r"puntos\s+de\s+conversación",
    re.I,
)


def detect_type(doc: Document, provisions: list[Provision]) -> str:
    """Guess the document type from its opening; callers may always override it."""
    head = doc.text[:3000]
    if _SPEAKING.search(head):
        return "speaking_points"
    if _MANDATE.search(head) and _MANDATE_TERMS.search(doc.text[:20000]):
        return "mandate"
    if _CEASEFIRE.search(head):
        return "ceasefire"
    return "peace_agreement"


@dataclass
class ThemeCount:
    theme: str
    label: dict[str, str]
    findings: int
    substantive: int
    provisions: int
    resolutions: tuple[str, ...]
    guidelines: tuple[str, ...]


@dataclass
class Gap:
    """One expectation of the template, met or not."""

    requirement: str
    label: dict[str, str]
    severity: str
    met: bool
    detail: str
    guidelines: tuple[str, ...]
    resolutions: tuple[str, ...]


@dataclass
class StrongProvision:
    provision: str
    page: int
    score: float
    themes: list[str]
    substantive: int
    excerpt: str


@dataclass
class Summary:
    doc_type: str
    doc_type_label: dict[str, str]
    total_findings: int
    substantive_findings: int
    wps_provisions: int
    themes: list[ThemeCount]
    present: list[str]
    absent: list[str]
    strongest: list[StrongProvision]
    gaps: list[Gap] = field(default_factory=list)

    @property
    def missing(self) -> list[Gap]:
        """The template lines the document does not meet."""
        return [g for g in self.gaps if not g.met]

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_type": self.doc_type,
            "document_type_label": self.doc_type_label,
            "total_findings": self.total_findings,
            "substantive_findings": self.substantive_findings,
            "wps_provisions": self.wps_provisions,
            "themes": [
                vars(t) | {"resolutions": list(t.resolutions), "guidelines": list(t.guidelines)}
                for t in self.themes
            ],
            "present": self.present,
            "absent": self.absent,
            "strongest_provisions": [vars(s) for s in self.strongest],
            "gaps": [
                vars(g) | {"resolutions": list(g.resolutions), "guidelines": list(g.guidelines)}
                for g in self.gaps
            ],
        }


def summarise(result: Screening, taxonomy: Taxonomy, *, top: int = 5) -> Summary:
    """Counts per theme, present and absent themes, strongest provisions and the gap list."""
    findings = result.findings
    per_theme: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        per_theme[f.theme].append(f)
    themes = [
        ThemeCount(
            theme=t.id,
            label=t.label,
            findings=len(per_theme[t.id]),
            substantive=sum(f.weight == "substantive" for f in per_theme[t.id]),
            provisions=len({f.provision for f in per_theme[t.id]}),
            resolutions=t.resolutions,
            guidelines=t.guidelines,
        )
        for t in taxonomy.themes
        if per_theme[t.id]
    ]
    topical = [t.id for t in taxonomy.topical_themes]
    present = [t for t in topical if per_theme[t]]
    absent = [t for t in topical if not per_theme[t]]
    template = taxonomy.templates.get(result.doc_type)
    gaps = [_check(req, result) for req in template.requirements] if template else []
    spans = {(f.start, f.end) for f in findings}
    substantive_spans = {(f.start, f.end) for f in findings if f.weight == "substantive"}
    return Summary(
        doc_type=result.doc_type,
        doc_type_label=template.label
        if template
        else {"en": result.doc_type, "nb": result.doc_type},
        total_findings=len(spans),
        substantive_findings=len(substantive_spans),
        wps_provisions=len(result.by_provision),
        themes=themes,
        present=present,
        absent=absent,
        strongest=_strongest(result, top),
        gaps=gaps,
    )


def _strongest(result: Screening, top: int) -> list[StrongProvision]:
    provisions = {p.id: p for p in result.provisions}
    ranked = []
    for pid, items in result.by_provision.items():
        themes = sorted({f.theme for f in items})
        spans = {(f.start, f.end, f.weight) for f in items}
        substantive = sum(1 for s in spans if s[2] == "substantive")
        score = 2.0 * substantive + (len(spans) - substantive) + 0.5 * len(themes)
        p = provisions.get(pid)
        excerpt = " ".join(result.document.text[p.start : p.end].split())[:240] if p else ""
        ranked.append(StrongProvision(pid, items[0].page, score, themes, substantive, excerpt))
    ranked.sort(key=lambda s: (-s.score, s.page))
    return ranked[:top]


def _check(req: Requirement, result: Screening) -> Gap:
    findings = result.findings

    def gap(met: bool, detail: str) -> Gap:
        return Gap(req.id, req.label, req.severity, met, detail, req.guidelines, req.resolutions)

    if req.provision_any is not None:
        m = req.provision_any.search(result.document.text.lower())
        return gap(bool(m), f"found: “{m.group(0)}”" if m else "not found in the text")
    pool = findings
    if req.any_finding:
        pass
    elif req.theme:
        pool = [f for f in pool if f.theme == req.theme]
    if req.terms:
        pool = [f for f in pool if f.term in req.terms]
    if req.substantive:
        pool = [f for f in pool if f.weight == "substantive"]
    if req.provision is not None:
        texts = {p.id: result.document.text[p.start : p.end].lower() for p in result.provisions}
        pool = [f for f in pool if req.provision.search(texts.get(f.provision, ""))]
    if not pool:
        return gap(False, "no substantive provision found" if req.substantive else "nothing found")
    where = Counter(f.provision for f in pool)
    shown = ", ".join(p for p, _ in where.most_common(3))
    return gap(True, f"found in {shown}")
