"""Find WPS terms in text, fast, and explain each one.

Speed matters (whole agreements in seconds, passage sets at tens of MB/s in pure
Python), so matching runs in two steps:

1. **Prefilter.** The lower-cased text is split into words with C-level string
   operations and intersected with the set of anchor words; a handful of substring
   anchors catch compounds ("chairwoman", "kvinneorganisasjon"). Text without any
   anchor (most of any document) costs nothing more.
2. **Patterns.** Only the terms whose anchors occurred run their regular expression,
   then their guards (``exclude`` for false friends, ``near`` for required context).
   Overlapping matches are resolved in favour of the more specific term.

All offsets are into the original text: lower-casing is done so that it never changes
the length of the text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import NamedTuple

from wpsdesk.screening.engine.limits import Deadline
from wpsdesk.screening.engine.taxonomy import GENERAL, Taxonomy, Term, stems_pattern

# Punctuation outside ASCII (no-break space, « », ¿, dashes, curly quotes …) becomes
# a space before the text is split into words; ASCII punctuation is handled on bytes.
_UNICODE_PUNCT = re.compile(r"[\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2190-\u2bff\u3000\ufeff]")
_ASCII_PUNCT_CHARS = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\n\r\f\v"
_ASCII_PUNCT = bytes.maketrans(_ASCII_PUNCT_CHARS, b" " * len(_ASCII_PUNCT_CHARS))


def lower_same_length(text: str) -> str:
    """``text.lower()``, keeping characters whose lower case is longer (such as "İ")."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def words_of(lower: str) -> list[bytes]:
    """The words of lower-cased text, as UTF-8 bytes, punctuation removed."""
    if not lower.isascii():
        lower = _UNICODE_PUNCT.sub(" ", lower)
    return lower.encode("utf-8", "surrogatepass").translate(_ASCII_PUNCT).split()


_Anchor = tuple[str, tuple[Term, ...]]


class Hit(NamedTuple):
    """A term found at ``text[start:end]``."""

    start: int
    end: int
    term: Term


# Sentence boundaries: ., ! or ? before a space and a capital, digit, bullet or
# opening bracket; ; or : before a line break; a blank line or a line that opens
# with a list marker.
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-ZÀ-ÖØ-Þ0-9•])"
    r"|(?<=[;:])\s*\n\s*"
    r"|(?<=;)\s+"
    r"|\n[ \t]*\n\s*|\f\s*"
    r"|\n(?=[ \t]*(?:[•▪●○◦\-–*]|\(?[0-9]{1,3}[.)]|\(?[a-z]{1,4}\))\s)"
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:art|arts|no|nos|nr|para|paras|p|pp|mr|mrs|ms|dr|st|e\.g|i\.e|etc|cf|vs|sr|sra|"
    r"mme|mlle|prof|gen|col|capt|hon|rev|ref|vol|ch|sec|op|res)|\b[A-Za-z]|\bu\.n)\.$",
    re.I,
)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences (and list items) of ``text[start:end]`` as (start, end) offsets."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        if text[m.start() - 1 : m.start()] == "." and _ABBREVIATION.search(
            text, max(start, m.start() - 8), m.start()
        ):
            continue
        if text[cur : m.start()].strip():
            spans.append((cur, m.start()))
        cur = m.end()
    if text[cur:end].strip():
        spans.append((cur, len(text[:end].rstrip())))
    return spans


class SentenceIndex:
    """Find the sentence around an offset without re-splitting the text each time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def around(self, offset: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return self.spans[i] if self.spans else (offset, offset)


class Matcher:
    """Compiled lookups for one taxonomy; cheap to reuse, safe to share between threads."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        terms = taxonomy.terms
        self.terms = terms
        word_terms: dict[str, list[Term]] = {}
        sub_terms: dict[str, list[Term]] = {}
        for term in terms:
            for anchor in term.anchors:
                if anchor.startswith("~"):
                    sub_terms.setdefault(anchor[1:], []).append(term)
                else:
                    word_terms.setdefault(anchor, []).append(term)
        # Anchor word (as bytes, the way words_of() yields it) -> (anchor, its terms).
        self._word_terms = {w.encode("utf-8"): (w, tuple(ts)) for w, ts in word_terms.items()}
        self._anchor_words = frozenset(self._word_terms)
        self._sub_terms = tuple((s, tuple(ts)) for s, ts in sub_terms.items())
        # Context words per theme: one alternation with a named group per theme.
        groups = []
        self._context_themes: list[str] = []
        for theme in taxonomy.themes:
            stems = [w for lang in theme.context.values() for w in lang]
            if stems:
                groups.append(f"(?P<t{len(self._context_themes)}>{stems_pattern(stems)})")
                self._context_themes.append(theme.id)
        self._context = re.compile("|".join(groups)) if groups else None
        # The same words for the passage path, which looks words up one by one (memoised)
        # and searches the text only for the few phrases of more than one word.
        single: dict[str, list[str]] = {}
        multi: dict[str, list[str]] = {}
        for theme in taxonomy.themes:
            for stem in (w for lang in theme.context.values() for w in lang):
                target = single if re.fullmatch(r"\w+\$?", stem) else multi
                target.setdefault(theme.id, []).append(stem)
        self._single = [(t, re.compile(stems_pattern(st))) for t, st in single.items()]
        self._multi = [
            (t, re.split(r"\W+", stem)[0].encode("utf-8"), re.compile(_phrase(stem)))
            for t, stems in multi.items()
            for stem in stems
        ]
        self._word_context: dict[bytes, frozenset[str]] = {}  # words with context themes
        self._context_words: set[bytes] = set()  # the keys of _word_context, as a set
        self._no_context: set[bytes] = set()  # words known to have none
        self._operative = re.compile(stems_pattern(_all(taxonomy.operative)))
        self._preamble = re.compile(r"\s*(?:" + stems_pattern(_all(taxonomy.preamble)) + ")")
        self._groups = re.compile(stems_pattern(_all(taxonomy.groups)))
        self._grounds = re.compile(stems_pattern(_all(taxonomy.grounds)))
        self._separator = re.compile(r",|\b(?:and|or|et|ou|y|o|e|og|eller)\b")

    # -- step 1 and 2: terms ---------------------------------------------------------

    def anchors_in(self, lower: str, words: list[bytes] | None = None) -> list[_Anchor]:
        """The anchors that occur in the lower-cased text, each with its terms."""
        words = words_of(lower) if words is None else words
        found = [self._word_terms[w] for w in self._anchor_words.intersection(words)]
        found.extend(item for item in self._sub_terms if item[0] in lower)
        return found

    def hits(
        self,
        text: str,
        lower: str | None = None,
        deadline: Deadline | None = None,
        words: list[bytes] | None = None,
    ) -> list[Hit]:
        """Every term occurrence in ``text``, overlaps resolved, in text order."""
        lower = lower_same_length(text) if lower is None else lower
        anchors = self.anchors_in(lower, words)
        if not anchors:
            return []
        raw: list[Hit] = []
        # A pattern is tried only where one of its anchors starts (see the data file).
        for n, (anchor, terms) in enumerate(anchors):
            if deadline is not None and n % 16 == 0:
                deadline.check()
            pos = lower.find(anchor)
            while pos >= 0:
                for term in terms:
                    hit = self._try(term, anchor, text, lower, pos)
                    if hit is not None:
                        raw.append(hit)
                pos = lower.find(anchor, pos + 1)
        return resolve_overlaps(raw)

    def _try(self, term: Term, anchor: str, text: str, lower: str, pos: int) -> Hit | None:
        subject = text if term.case_sensitive else lower
        m = term.pattern.match(subject, pos)
        if m is None or m.end() == pos:
            return None
        start = pos
        if term.whole_word:
            while start > 0 and lower[start - 1].isalnum():
                start -= 1
        prefix = term.prefixes.get(anchor)
        if prefix is not None:
            before = prefix.search(subject, max(0, pos - 80), pos)
            if before is not None:
                start = before.start()
            elif anchor in term.required_prefix:
                return None
        if (term.exclude is not None or term.near is not None) and not self._accept(
            term, lower, start, m.end()
        ):
            return None
        return Hit(start, m.end(), term)

    def _accept(self, term: Term, lower: str, start: int, end: int) -> bool:
        if term.exclude is not None:
            lo, hi = max(0, start - 60), min(len(lower), end + 60)
            for m in term.exclude.finditer(lower, lo, hi):
                if m.start() < end and m.end() > start:
                    return False
        if term.near is not None:
            lo, hi = max(0, start - term.before), min(len(lower), end + term.after)
            if not term.near.search(lower, lo, hi):
                return False
        return True

    # -- what a hit is about -----------------------------------------------------------

    def context_themes(self, lower: str, start: int = 0, end: int | None = None) -> set[str]:
        """Themes whose context words occur in ``lower[start:end]`` (one sentence)."""
        if self._context is None:
            return set()
        end = len(lower) if end is None else end
        found: set[str] = set()
        for m in self._context.finditer(lower, start, end):
            group = m.lastgroup
            if group is not None:
                found.add(self._context_themes[int(group[1:])])
        return found

    def context_from_words(self, words: list[bytes], lower: str) -> set[str]:
        """Themes whose context words occur among ``words`` (a whole passage)."""
        known = self._word_context
        vocabulary = set(words)
        # Set operations run in C; only words never seen before are looked at in Python.
        # (One argument at a time: with several, CPython walks the arguments instead.)
        for word in vocabulary.difference(self._context_words).difference(self._no_context):
            token = word.decode("utf-8", "replace")
            themes = frozenset(t for t, rx in self._single if rx.match(token))
            if len(known) + len(self._no_context) > 500_000:  # a vocabulary, not a leak
                continue
            if themes:
                known[word] = themes
                self._context_words.add(word)
            else:
                self._no_context.add(word)
        found: set[str] = set()
        for word in vocabulary.intersection(self._context_words):
            found |= known[word]
        for theme, first, rx in self._multi:
            if theme not in found and first in vocabulary and rx.search(lower):
                found.add(theme)
        return found

    def themes_of(self, hit: Hit, sentence_context: set[str]) -> list[str]:
        """The themes a hit is filed under: its own, plus its sentence's if contextual."""
        home = hit.term.theme
        if not hit.term.contextual:
            return [home]
        extra = sorted(sentence_context - {home, GENERAL})
        if home == GENERAL:
            return extra or [GENERAL]
        return [home, *extra]

    def is_operative(self, lower: str, start: int, end: int) -> bool:
        """Does the sentence carry an obligation, commitment or decision?"""
        return self._operative.search(lower, start, end) is not None

    def is_recital(self, lower: str, start: int) -> bool:
        """Does a paragraph starting at ``start`` open like a preamble recital?"""
        return self._preamble.match(lower, start) is not None

    def listed_with(self, hit: Hit, lower: str, start: int, end: int) -> str | None:
        """Why a general reference is only a list item, or None if it is not.

        "women, children and the elderly" lists women among other groups; "race, colour,
        sex, language" lists sex among grounds of discrimination.
        """
        lo, hi = max(start, hit.start - 60), min(end, hit.end + 60)
        if hit.term.theme == "equality" and hit.term.priority <= 1:
            if self._grounds.search(lower, lo, hi):
                return "listed among grounds of discrimination"
            return None
        if hit.term.theme != GENERAL:
            return None
        window = lower[lo : hit.start] + " " + lower[hit.end : hi]
        if self._groups.search(window) and self._separator.search(window):
            return "listed with other groups"
        return None


def _phrase(stem: str) -> str:
    """A context phrase as a pattern that starts with a literal (so ``re`` scans fast)."""
    body = re.escape(stem.rstrip("$").lower()).replace(r"\ ", r"\s+")
    return body + (r"\b" if stem.endswith("$") else "")


def _all(words: dict[str, tuple[str, ...]]) -> list[str]:
    return [w for lang in words.values() for w in lang]


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the most specific of overlapping hits: higher priority, then longer."""
    if len(hits) < 2:
        return hits
    by_start = sorted(hits, key=_span)
    if all(a.end <= b.start for a, b in itertools.pairwise(by_start)):
        return by_start
    ordered = sorted(hits, key=lambda h: (-h.term.priority, h.start - h.end, h.start))
    starts: list[int] = []
    kept: list[Hit] = []
    for hit in ordered:
        i = bisect.bisect_left(starts, hit.start)
        if i > 0 and kept[i - 1].end > hit.start:
            continue
        if i < len(kept) and kept[i].start < hit.end:
            continue
        starts.insert(i, hit.start)
        kept.insert(i, hit)
    return kept


def _span(hit: Hit) -> tuple[int, int]:
    return hit.start, hit.end
