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
from wpsdesk.screening.engine.taxonomy import RedFlag, Requirement, Taxonomy

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
    # Why, as a code a page can put in its own words: found, nothing, passing_only,
    # preamble_only, not_established.
    why: str = ""
    where: tuple[str, ...] = ()


@dataclass
class Flag:
    """A red flag raised by one provision (an amnesty that does not exclude sexual violence)."""

    flag: str
    label: dict[str, str]
    explanation: dict[str, str]
    provision: str
    page: int
    excerpt: str
    names_theme: bool  # the provision itself names what it should exclude ("including rape")
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
    red_flags: list[Flag] = field(default_factory=list)

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
                vars(g)
                | {
                    "resolutions": list(g.resolutions),
                    "guidelines": list(g.guidelines),
                    "where": list(g.where),
                }
                for g in self.gaps
            ],
            "red_flags": [
                vars(f) | {"resolutions": list(f.resolutions), "guidelines": list(f.guidelines)}
                for f in self.red_flags
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
    # One source of truth: a finding is one entry of ``result.findings`` (a word filed
    # under two themes is two findings, as the list of findings shows it twice).
    return Summary(
        doc_type=result.doc_type,
        doc_type_label=template.label
        if template
        else {"en": result.doc_type, "nb": result.doc_type},
        total_findings=len(findings),
        substantive_findings=sum(1 for f in findings if f.weight == "substantive"),
        wps_provisions=len(result.by_provision),
        themes=themes,
        present=present,
        absent=absent,
        strongest=_strongest(result, top),
        gaps=gaps,
        red_flags=red_flags(result, taxonomy),
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


def _lead_ins(result: Screening) -> dict[str, str]:
    """Each list item's lead-in ("The mechanism shall include:"), lower-cased, by item id."""
    by_id = {p.id: p for p in result.provisions}
    text = result.document.text
    out = {}
    for p in result.provisions:
        if p.kind in ("item", "bullet") and len(p.path) > 1:
            parent = by_id.get(" › ".join(p.path[:-1]))
            if parent is not None:
                out[p.id] = text[parent.start : parent.end].lower()
    return out


def _check(req: Requirement, result: Screening) -> Gap:
    """Is the template line met? Only by a provision that establishes what it names.

    A finding meets a line when it is of the line's theme (or terms), stands outside
    the preamble (a recital counts only for a line that asks for a reference), is
    substantive where the line says so, and its sentence, with the lead-in of its list,
    names what the line establishes (``establishes``: a monitoring mechanism, a
    prohibition …). So "Women in the ceasefire monitoring mechanisms" is not met by a
    recital on resolution 1325 or by an article on the parties' delegations.
    """
    findings = result.findings
    preamble = {p.id for p in result.provisions if p.preamble}

    def gap(met: bool, why: str, where: tuple[str, ...] = (), detail: str = "") -> Gap:
        details = {
            "found": "found in " + ", ".join(where),
            "nothing": "nothing found",
            "passing_only": "only passing mentions, no provision commits to it",
            "preamble_only": "only in the preamble, which commits to nothing",
            "not_established": "no provision establishes what this line names",
        }
        return Gap(
            req.id,
            req.label,
            req.severity,
            met,
            detail or details[why],
            req.guidelines,
            req.resolutions,
            why,
            where,
        )

    if req.provision_any is not None:
        for p in result.provisions:
            if p.preamble and not req.recital_counts:
                continue
            m = req.provision_any.search(result.document.text[p.start : p.end].lower())
            if m:
                return gap(True, "found", (p.id,), f"found: “{m.group(0)}” in {p.id}")
        return gap(False, "nothing")
    pool = findings
    if req.any_finding:
        pass
    elif req.theme:
        pool = [f for f in pool if f.theme == req.theme]
    if req.terms:
        pool = [f for f in pool if f.term in req.terms]
    if req.term_themes:
        pool = [f for f in pool if f.term.split(".", 1)[0] in req.term_themes]
    if not pool:
        return gap(False, "nothing")
    if not req.recital_counts:
        pool = [f for f in pool if f.provision not in preamble]
        if not pool:
            return gap(False, "preamble_only")
    if req.substantive:
        pool = [f for f in pool if f.weight == "substantive"]
        if not pool:
            return gap(False, "passing_only")
    if req.establishes is not None:
        lead_ins = _lead_ins(result)
        pool = [
            f
            for f in pool
            if req.establishes.search(f.sentence.lower())
            or req.establishes.search(lead_ins.get(f.provision, ""))
        ]
        if not pool:
            return gap(False, "not_established")
    where = Counter(f.provision for f in pool)
    return gap(True, "found", tuple(p for p, _ in where.most_common(3)))


def red_flags(result: Screening, taxonomy: Taxonomy) -> list[Flag]:
    """The red flags the taxonomy names, each with the provision that raises it."""
    flags: list[Flag] = []
    for rule in taxonomy.red_flags:
        flags.extend(_raise(rule, result))
    return flags


def _raise(rule: RedFlag, result: Screening) -> list[Flag]:
    text = result.document.text
    themes_in: dict[str, set[str]] = defaultdict(set)
    for f in result.findings:
        themes_in[f.provision].add(f.theme)
    operative = [p for p in result.provisions if not p.preamble]
    if rule.unless_theme is not None and any(
        rule.unless_theme in themes_in[p.id] for p in operative
    ):
        return []
    raised: list[tuple[Provision, bool]] = []
    for p in operative:
        body = text[p.start : p.end].lower()
        if p.kind in ("heading", "article"):
            # A heading ("Article 9. Amnesty") announces; the text under it provides.
            body = body.partition("\n")[2]
        if not rule.trigger.search(body):
            continue
        if rule.with_theme is not None and rule.with_theme not in themes_in[p.id]:
            continue
        excepted = rule.exception is not None and rule.exception.search(body) is not None
        if excepted and rule.cleared_by_theme is not None:
            if rule.cleared_by_theme in themes_in[p.id]:
                return []  # an exception that names it, for every provision of the kind
            excepted = False  # an exception, but not for what matters here
        if excepted:
            continue
        names = rule.names_theme is not None and rule.names_theme in themes_in[p.id]
        raised.append((p, names))
    return [
        Flag(
            flag=rule.id,
            label=rule.label,
            explanation=rule.explanation,
            provision=p.id,
            page=p.page,
            excerpt=" ".join(text[p.start : p.end].split())[:240],
            names_theme=names,
            guidelines=rule.guidelines,
            resolutions=rule.resolutions,
        )
        for p, names in raised
    ]
