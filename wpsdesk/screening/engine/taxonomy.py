"""The versioned WPS taxonomy: themes, their terms in four languages, and templates.

The data lives in ``data/taxonomy-v<N>.yaml`` (format in docs/screening.md). Loading
validates it and compiles every pattern once; :func:`load_taxonomy` caches the result.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
CURRENT_VERSION = 2
LANGUAGES = ("en", "nb", "fr", "es")
GENERAL = "general"


class TaxonomyError(ValueError):
    """The taxonomy file is malformed (a developer error, caught by the test suite)."""


@dataclass(frozen=True, eq=False)
class Term:
    """One pattern that signals women, girls or gender, and the theme it belongs to."""

    id: str  # "<theme>.<term>"
    theme: str
    lang: str
    pattern: re.Pattern[str]
    anchors: tuple[str, ...]
    case_sensitive: bool = False
    priority: int = 2
    passing: bool = False
    contextual: bool = False
    whole_word: bool = False
    prefixes: dict[str, re.Pattern[str]] = field(default_factory=dict)
    required_prefix: frozenset[str] = frozenset()
    exclude: re.Pattern[str] | None = None
    near: re.Pattern[str] | None = None
    before: int = 80
    after: int = 80
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    order: int = 0  # position in the data file: settles exact ties between matches


@dataclass(frozen=True)
class Theme:
    """A WPS theme with the resolutions and guideline items it relates to."""

    id: str
    label: dict[str, str]
    description: str
    resolutions: tuple[str, ...]
    guidelines: tuple[str, ...]
    general: bool = False
    context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    terms: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """One line of a template: what a text of that type should contain."""

    id: str
    label: dict[str, str]
    theme: str | None = None
    terms: tuple[str, ...] = ()
    substantive: bool = False
    any_finding: bool = False
    provision: re.Pattern[str] | None = None
    provision_any: re.Pattern[str] | None = None
    # What a provision must establish to meet the line (a pattern on the finding's
    # sentence and its list lead-in): a monitoring mechanism, a prohibition, …
    establishes: re.Pattern[str] | None = None
    # A reference (to SCR 1325, say) is met by a recital too; nothing else is.
    recital_counts: bool = False
    # Whose terms may meet the line (a sexual-violence term filed under participation
    # because "monitoring" shares its sentence says nothing about women monitors).
    term_themes: tuple[str, ...] = ()
    severity: str = "required"
    guidelines: tuple[str, ...] = ()
    resolutions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlag:
    """Something a text should not say, which the guidelines warn against.

    A provision outside the preamble matching ``trigger`` (and, with ``with_theme``,
    holding a finding of that theme) raises the flag, unless ``exception`` words stand
    in it; with ``cleared_by_theme``, one trigger provision whose exception names a
    finding of that theme clears every flag of the kind (an amnesty that excludes
    sexual violence in its own article); with ``unless_theme``, a finding of that theme
    outside the preamble anywhere in the text clears it.
    """

    id: str
    label: dict[str, str]
    explanation: dict[str, str]
    trigger: re.Pattern[str]
    with_theme: str | None = None
    exception: re.Pattern[str] | None = None
    cleared_by_theme: str | None = None
    unless_theme: str | None = None
    names_theme: str | None = None
    guidelines: tuple[str, ...] = ()
    resolutions: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """The expectations for one document type (peace agreement, mandate, …)."""

    id: str
    label: dict[str, str]
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class Taxonomy:
    """Everything the matcher and the summary need, compiled."""

    version: int
    name: str
    themes: tuple[Theme, ...]
    operative: dict[str, tuple[str, ...]]
    preamble: dict[str, tuple[str, ...]]
    groups: dict[str, tuple[str, ...]]
    grounds: dict[str, tuple[str, ...]]
    templates: dict[str, Template]
    red_flags: tuple[RedFlag, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(t for theme in self.themes for t in theme.terms)

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id (``KeyError`` if there is none)."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    @property
    def topical_themes(self) -> tuple[Theme, ...]:
        """Every theme except the catch-all for general references."""
        return tuple(t for t in self.themes if not t.general)


def stems_pattern(stems: list[str] | tuple[str, ...]) -> str:
    """A regex matching any stem at the start of a word; ``stem$`` must end the word."""
    parts = []
    for stem in sorted(stems, key=len, reverse=True):
        whole = stem.endswith("$")
        body = re.escape(stem.rstrip("$").lower()).replace(r"\ ", r"\s+")
        parts.append(body + (r"\b" if whole else ""))
    return r"\b(?:" + "|".join(parts) + ")" if parts else r"(?!x)x"


def _compile(pattern: str, where: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise TaxonomyError(f"{where}: bad pattern: {exc}") from exc


def _words(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise TaxonomyError(f"{where}: expected a mapping of language to words")
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise TaxonomyError(f"{where}: unknown languages {sorted(unknown)}")
    return {lang: tuple(str(w) for w in words) for lang, words in value.items()}


def _term(raw: dict[str, Any], theme_id: str, general: bool, order: int = 0) -> Term:
    where = f"{theme_id}.{raw.get('id')}"
    for key in ("id", "lang", "pattern", "anchors"):
        if key not in raw:
            raise TaxonomyError(f"{where}: missing {key!r}")
    if raw["lang"] not in (*LANGUAGES, "any"):
        raise TaxonomyError(f"{where}: unknown language {raw['lang']!r}")
    sensitive = raw.get("case") == "sensitive"
    pattern = str(raw["pattern"])
    if not sensitive and pattern != pattern.lower():
        raise TaxonomyError(f"{where}: patterns match lower-cased text; write them in lower case")
    anchors = tuple(str(a) for a in raw["anchors"])
    if not anchors or any(a != a.lower() or not a.strip("~") for a in anchors):
        raise TaxonomyError(f"{where}: anchors must be non-empty lower-case words")
    # A prefix is what may (or, for `required_prefix`, must) stand right before an
    # anchor: a look-behind of any width, which Python's own look-behind cannot do.
    prefixes = {}
    for words, rx in (raw.get("prefixes") or {}).items():
        compiled = _compile(f"(?:{rx})$", where)
        for word in str(words).split("|"):
            if word not in anchors:
                raise TaxonomyError(f"{where}: prefix for {word!r}, which is not an anchor")
            prefixes[word] = compiled
    if not set(raw.get("required_prefix") or ()) <= set(prefixes):
        raise TaxonomyError(f"{where}: required_prefix names words without a prefix")
    exclude = raw.get("exclude")
    near = raw.get("near")
    return Term(
        id=where,
        theme=theme_id,
        lang=str(raw["lang"]),
        pattern=_compile(pattern, where),
        anchors=anchors,
        case_sensitive=sensitive,
        priority=int(raw.get("priority", 0 if general else 2)),
        passing=bool(raw.get("passing", False)),
        contextual=bool(raw.get("contextual", general or theme_id in ("sgbv", "equality"))),
        whole_word=bool(raw.get("whole_word", False)),
        prefixes=prefixes,
        required_prefix=frozenset(raw.get("required_prefix") or ()),
        exclude=_compile(str(exclude), where) if exclude else None,
        near=_compile(str(near), where) if near else None,
        before=int(raw.get("before", 80)),
        after=int(raw.get("after", 80)),
        examples=tuple(raw.get("examples") or ()),
        counterexamples=tuple(raw.get("not") or ()),
        order=order,
    )


def _requirement(raw: dict[str, Any], where: str, theme_ids: set[str]) -> Requirement:
    rid = str(raw.get("id"))
    theme = raw.get("theme")
    if theme is not None and theme not in theme_ids:
        raise TaxonomyError(f"{where}.{rid}: unknown theme {theme!r}")
    if not (theme or raw.get("terms") or raw.get("any_finding") or raw.get("provision_any")):
        raise TaxonomyError(f"{where}.{rid}: says nothing to look for")
    provision = raw.get("provision")
    provision_any = raw.get("provision_any")
    establishes = raw.get("establishes")
    return Requirement(
        id=rid,
        label=dict(raw["label"]),
        theme=theme,
        terms=tuple(raw.get("terms") or ()),
        substantive=bool(raw.get("substantive", False)),
        any_finding=bool(raw.get("any_finding", False)),
        provision=_compile(provision, where) if provision else None,
        provision_any=_compile(provision_any, where) if provision_any else None,
        establishes=_compile(establishes, where) if establishes else None,
        recital_counts=bool(raw.get("recital_counts", False)),
        term_themes=tuple(raw.get("term_themes") or ()),
        severity=str(raw.get("severity", "required")),
        guidelines=tuple(raw.get("guidelines") or ()),
        resolutions=tuple(raw.get("resolutions") or ()),
    )


def _red_flag(raw: dict[str, Any], theme_ids: set[str]) -> RedFlag:
    fid = str(raw.get("id"))
    where = f"red_flags.{fid}"
    for key in ("id", "label", "explanation", "trigger"):
        if key not in raw:
            raise TaxonomyError(f"{where}: missing {key!r}")
    themes = {
        k: raw.get(k) for k in ("with_theme", "cleared_by_theme", "unless_theme", "names_theme")
    }
    for key, theme in themes.items():
        if theme is not None and theme not in theme_ids:
            raise TaxonomyError(f"{where}.{key}: unknown theme {theme!r}")
    exception = raw.get("exception")
    return RedFlag(
        id=fid,
        label=dict(raw["label"]),
        explanation=dict(raw["explanation"]),
        trigger=_compile(str(raw["trigger"]), where),
        exception=_compile(str(exception), where) if exception else None,
        guidelines=tuple(raw.get("guidelines") or ()),
        resolutions=tuple(raw.get("resolutions") or ()),
        examples=tuple(raw.get("examples") or ()),
        counterexamples=tuple(raw.get("not") or ()),
        **{k: (str(v) if v is not None else None) for k, v in themes.items()},
    )


def parse_taxonomy(data: dict[str, Any]) -> Taxonomy:
    """Validate and compile a taxonomy read from YAML."""
    themes = []
    order = 0
    for raw in data.get("themes") or []:
        general = raw.get("kind") == "general"
        theme_id = str(raw["id"])
        raw_terms = raw.get("terms") or ()
        terms = tuple(_term(t, theme_id, general, order + n) for n, t in enumerate(raw_terms))
        order += len(raw_terms)
        themes.append(
            Theme(
                id=theme_id,
                label=dict(raw["label"]),
                description=" ".join(str(raw.get("description", "")).split()),
                resolutions=tuple(raw.get("resolutions") or ()),
                guidelines=tuple(raw.get("guidelines") or ()),
                general=general,
                context=_words(raw.get("context") or {}, theme_id),
                terms=terms,
            )
        )
    ids = [t.id for t in themes]
    if len(set(ids)) != len(ids) or ids.count(GENERAL) != 1:
        raise TaxonomyError("theme ids must be unique and include exactly one 'general'")
    term_ids = [t.id for theme in themes for t in theme.terms]
    if len(set(term_ids)) != len(term_ids):
        raise TaxonomyError("term ids must be unique within their theme")
    templates = {}
    for tid, raw in (data.get("templates") or {}).items():
        reqs = tuple(_requirement(r, tid, set(ids)) for r in raw["requirements"])
        for req in reqs:
            for term_id in req.terms:
                if term_id not in term_ids:
                    raise TaxonomyError(f"{tid}.{req.id}: unknown term {term_id!r}")
        templates[tid] = Template(id=tid, label=dict(raw["label"]), requirements=reqs)
    return Taxonomy(
        version=int(data["version"]),
        name=str(data.get("name", "")),
        themes=tuple(themes),
        operative=_words(data.get("operative") or {}, "operative"),
        preamble=_words(data.get("preamble") or {}, "preamble"),
        groups=_words(data.get("groups") or {}, "groups"),
        grounds=_words(data.get("grounds") or {}, "grounds"),
        templates=templates,
        red_flags=tuple(_red_flag(r, set(ids)) for r in data.get("red_flags") or ()),
    )


@functools.cache
def load_taxonomy(version: int = CURRENT_VERSION) -> Taxonomy:
    """The bundled taxonomy of this version, validated and compiled (cached)."""
    path = DATA_DIR / f"taxonomy-v{version}.yaml"
    with path.open(encoding="utf-8") as fh:
        return parse_taxonomy(yaml.safe_load(fh))
