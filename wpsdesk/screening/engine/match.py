"""Find WPS terms in text, fast, and explain each one.

Speed matters (whole agreements in seconds, passage sets at tens of MB/s in pure
Python), so matching runs in two steps:

1. **Prefilter.** The lower-cased text is split into words with C-level string
   operations and intersected with the set of anchor words; a handful of substring
   anchors catch compounds ("chairwoman", "kvinneorganisasjon"). Text without any
   anchor (most of any document) costs nothing more.
2. **Patterns.** Only the terms whose anchors occurred run their regular expression,
   all terms of an anchor in one ``re`` call, then their guards (``exclude`` for false
   friends, ``near`` for required context). Overlapping matches are resolved in favour
   of the more specific term; exact ties go to the term listed first in the data file.

Many short passages go through ``passages.py``, which finds the anchors and context
words of each passage with one RE2 set search instead.

All offsets are into the original text: lower-casing is done so that it never changes
the length of the text.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from wpsdesk.screening.engine.limits import Deadline
from wpsdesk.screening.engine.taxonomy import (
    GENERAL,
    Taxonomy,
    Term,
    load_taxonomy,
    stems_pattern,
)

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


# What to try where an anchor starts, for one subject (the lower-cased text, or the
# original text for case-sensitive terms): a match method that tries every term of
# the anchor at once, and per term the group that holds its match, the term, whether
# the match widens to the whole word, the prefix that may (or, if required, must)
# stand before the anchor, and whether ``exclude`` or ``near`` guards the match.
_Match = Callable[[str, int], "re.Match[str] | None"]
_Step = tuple[int, Term, bool, "re.Pattern[str] | None", bool, bool]
_Plan = tuple[_Match, bool, tuple[_Step, ...]]
_Tries = tuple[str, tuple[_Plan, ...], "tuple[_Match, Term] | None"]


def _plans_for(anchor: str, terms: tuple[Term, ...]) -> tuple[_Plan, ...]:
    """How to try ``terms`` where ``anchor`` starts: one ``re`` call per subject.

    Several terms become one pattern of optional look-aheads, ``(?:(?=(P1))|)(?:(?=(P2))|)``:
    a look-ahead matches exactly what ``P.match`` would at that position, and its group
    keeps the span, so one call answers for every term. A pattern that cannot be
    embedded (back-references, global flags) is tried on its own.
    """
    plans: list[_Plan] = []
    for sensitive in (False, True):
        group = [t for t in terms if t.case_sensitive is sensitive]
        alone = [t for t in group if len(group) == 1 or not _embeddable(t.pattern)]
        together = [t for t in group if t not in alone]
        for term in alone:
            plans.append((term.pattern.match, sensitive, (_step(0, term, anchor),)))
        if together:
            parts, steps, number = [], [], 1
            for term in together:
                parts.append(f"(?:(?=({term.pattern.pattern}))|)")
                steps.append(_step(number, term, anchor))
                number += 1 + term.pattern.groups
            combined = re.compile("".join(parts))
            plans.append((combined.match, sensitive, tuple(steps)))
    return tuple(plans)


def _tries_for(anchor: str, terms: tuple[Term, ...]) -> _Tries:
    """The anchor, its plans, and (match, term) when a single plain term is all there is."""
    plans = _plans_for(anchor, terms)
    if len(plans) == 1 and len(plans[0][2]) == 1:
        match, sensitive, ((_group, term, whole_word, prefix, _required, guarded),) = plans[0]
        if not (sensitive or whole_word or guarded) and prefix is None:
            return anchor, plans, (match, term)
    return anchor, plans, None


def _embeddable(pattern: re.Pattern[str]) -> bool:
    """Can the pattern sit inside a larger one and keep its meaning?"""
    text = pattern.pattern
    if re.search(r"\\[1-9]|\(\?P=|\(\?P<|\(\?[aiLmsux]+\)", text):
        return False
    try:
        re.compile(f"(?:(?=({text}))|)")
    except re.error:
        return False
    return pattern.flags == re.compile("").flags


def _step(group: int, term: Term, anchor: str) -> _Step:
    prefix = term.prefixes.get(anchor)
    return (
        group,
        term,
        term.whole_word,
        prefix,
        prefix is not None and anchor in term.required_prefix,
        term.exclude is not None or term.near is not None,
    )


class Hit(NamedTuple):
    """A term found at ``text[start:end]``."""

    start: int
    end: int
    term: Term


_new_hit = tuple.__new__  # Hit(start, end, term) without the Python-level __new__


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
    """Compiled lookups for one taxonomy; cheap to reuse, safe to share between threads.

    Nothing in it changes after it is built.
    """

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
        # Every anchor, numbered (words first, then substrings such as "~wom"), with its
        # terms, and the plans that try all of them at once where the anchor starts.
        self.anchors: tuple[tuple[str, tuple[Term, ...]], ...] = tuple(
            (anchor, tuple(ts)) for anchor, ts in (*word_terms.items(), *sub_terms.items())
        )
        self._tries = tuple(_tries_for(anchor, terms) for anchor, terms in self.anchors)
        # Anchor word, as bytes the way words_of() yields it -> its number.
        self.word_anchors = {w.encode("utf-8"): n for n, w in enumerate(word_terms)}
        self._anchor_words = frozenset(self.word_anchors)
        self.substring_anchors = tuple((s, len(word_terms) + n) for n, s in enumerate(sub_terms))
        # Context words per theme: one alternation with a named group per theme.
        groups = []
        self._context_themes: list[str] = []
        for theme in taxonomy.themes:
            stems = [w for lang in theme.context.values() for w in lang]
            if stems:
                groups.append(f"(?P<t{len(self._context_themes)}>{stems_pattern(stems)})")
                self._context_themes.append(theme.id)
        self._context = re.compile("|".join(groups)) if groups else None
        # The same words for passages, looked up word by word, and the few phrases of
        # more than one word, searched in the text when their first word occurs.
        single: dict[str, list[str]] = {}
        multi: dict[str, list[str]] = {}
        for theme in taxonomy.themes:
            for stem in (w for lang in theme.context.values() for w in lang):
                target = single if re.fullmatch(r"\w+\$?", stem) else multi
                target.setdefault(theme.id, []).append(stem)
        self.context_stems = [(t, re.compile(stems_pattern(st))) for t, st in single.items()]
        self.context_phrases = [
            (t, re.split(r"\W+", stem)[0].encode("utf-8"), re.compile(_phrase(stem)))
            for t, stems in multi.items()
            for stem in stems
        ]
        self._operative = re.compile(stems_pattern(_all(taxonomy.operative)))
        self._preamble = re.compile(r"\s*(?:" + stems_pattern(_all(taxonomy.preamble)) + ")")
        self._groups = re.compile(stems_pattern(_all(taxonomy.groups)))
        self._grounds = re.compile(stems_pattern(_all(taxonomy.grounds)))
        self._separator = re.compile(r",|\b(?:and|or|et|ou|y|o|e|og|eller)\b")

    # -- step 1 and 2: terms ---------------------------------------------------------

    def anchors_in(self, lower: str, words: list[bytes] | None = None) -> list[int]:
        """The numbers of the anchors that occur in the lower-cased text."""
        words = words_of(lower) if words is None else words
        found = [self.word_anchors[w] for w in self._anchor_words.intersection(words)]
        found.extend(n for sub, n in self.substring_anchors if sub in lower)
        return found

    def hits(
        self,
        text: str,
        lower: str | None = None,
        deadline: Deadline | None = None,
        words: list[bytes] | None = None,
        *,
        one_by_one: bool = False,
    ) -> list[Hit]:
        """Every term occurrence in ``text``, overlaps resolved, in text order.

        ``one_by_one`` tries each term with its own pattern: the plain reference way,
        which the test suite holds the combined way to.
        """
        lower = lower_same_length(text) if lower is None else lower
        anchors = self.anchors_in(lower, words)
        if not anchors:
            return []
        try_ = self.try_one_by_one if one_by_one else self.try_anchors
        return resolve_overlaps(try_(anchors, text, lower, deadline))

    def try_anchors(
        self, anchors: Iterable[int], text: str, lower: str, deadline: Deadline | None = None
    ) -> list[Hit]:
        """Try each anchor's terms wherever the anchor starts (overlaps not yet resolved)."""
        raw: list[Hit] = []
        accept = self._accept
        tries = self._tries
        checked = 0  # anchors tried under a deadline (no enumerate: passages have none)
        for number in anchors:
            if deadline is not None:
                if checked % 16 == 0:
                    deadline.check()
                checked += 1
            anchor, plans, plain = tries[number]
            pos = lower.find(anchor)
            if plain is not None:  # one term, nothing to widen, look for or guard against
                match, term = plain
                while pos >= 0:
                    m = match(lower, pos)
                    if m is not None and m.end() > pos:
                        raw.append(_new_hit(Hit, (pos, m.end(), term)))
                    pos = lower.find(anchor, pos + 1)
                continue
            while pos >= 0:
                for match, sensitive, steps in plans:
                    subject = text if sensitive else lower
                    m = match(subject, pos)
                    if m is None:
                        continue
                    regs = m.regs
                    for group, term, whole_word, prefix, required, guarded in steps:
                        end = regs[group][1]
                        if end <= pos:  # no match (-1), or an empty one
                            continue
                        start = pos
                        if whole_word:
                            while start > 0 and lower[start - 1].isalnum():
                                start -= 1
                        if prefix is not None:
                            before = prefix.search(subject, max(0, pos - 80), pos)
                            if before is not None:
                                start = before.start()
                            elif required:
                                continue
                        if guarded and not accept(term, lower, start, end):
                            continue
                        raw.append(_new_hit(Hit, (start, end, term)))
                pos = lower.find(anchor, pos + 1)
        return raw

    def try_one_by_one(
        self, anchors: Iterable[int], text: str, lower: str, deadline: Deadline | None = None
    ) -> list[Hit]:
        """:meth:`try_anchors` with one ``re`` call per term (the reference)."""
        raw: list[Hit] = []
        for n, number in enumerate(anchors):
            if deadline is not None and n % 16 == 0:
                deadline.check()
            anchor, terms = self.anchors[number]
            pos = lower.find(anchor)
            while pos >= 0:
                for term in terms:
                    hit = self._try(term, anchor, text, lower, pos)
                    if hit is not None:
                        raw.append(hit)
                pos = lower.find(anchor, pos + 1)
        return raw

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
        """Themes whose context words occur among ``words`` (a whole passage).

        The plain way, word by word: the reference for the passage scanner, which
        reaches the same answer from a memory of words (see ``passages.py``).
        """
        vocabulary = set(words)
        found: set[str] = set()
        for word in vocabulary:
            found |= self.word_themes(word)
        for theme, first, rx in self.context_phrases:
            if theme not in found and first in vocabulary and rx.search(lower):
                found.add(theme)
        return found

    def word_themes(self, word: bytes) -> frozenset[str]:
        """The themes of the context words that ``word`` (from :func:`words_of`) starts with."""
        token = word.decode("utf-8", "replace")
        return frozenset(t for t, rx in self.context_stems if rx.match(token))

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
    by_start = sorted(hits, key=_SPAN)
    end = -1
    for hit in by_start:
        if hit[0] < end:
            break
        end = hit[1]
    else:
        return by_start  # no two overlap
    # Exact ties go to the term listed first in the data file, so the result never
    # depends on the order of `hits`.
    ordered = sorted(hits, key=_precedence)
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


_SPAN = operator.itemgetter(0, 1)  # a hit's (start, end)


def _precedence(hit: Hit) -> tuple[int, int, int, int]:
    """Higher priority first, then longer, then earlier, then listed first."""
    start, end, term = hit
    return (-term.priority, start - end, start, term.order)


@functools.cache
def matcher_for(version: int | None = None) -> Matcher:
    """The compiled matcher for a taxonomy version (cached)."""
    return Matcher(load_taxonomy() if version is None else load_taxonomy(version))
