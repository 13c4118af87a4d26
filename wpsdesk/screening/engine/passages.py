"""Label many short passages at speed: the batch mode of ``wpsdesk screen --passages``.

Each passage is treated as one provision: label 1 if any term matches, score 1 per term
occurrence (0.5 for a name or a bare list of grounds), and themes from the terms and
from the passage's context words ("women" next to "election" is participation).

:func:`classify_passage_plainly` says what that means in the plainest code: find the
hits with one ``re`` call per term (:meth:`Matcher.hits`), then look at every word of
the passage for context words. It is the reference, and slow.

:func:`classify_passages` gives the same label, score and themes for every passage
(the test suite holds it to that) while doing per passage only what C code does fast:

1. The passage is lower-cased and split into words (:func:`words_of`: C string methods).
2. One dictionary look-up per word (``map`` over ``dict.get``, in C) turns the words
   into a set of small codes. A code stands for what a word brings: the anchors it
   holds ("gender"; "wom" in "chairwoman"), the context themes it starts, or the
   phrase it may open ("civil" society). Most words bring nothing (code 0), so most
   passages end here with label 0. A word never seen before is looked at once, in
   Python, and remembered: the memory is a vocabulary (bounded; cleared when full),
   never a passage or its result.
3. Where anchors occur, the terms are tried where the anchors start, all terms of an
   anchor in one ``re`` call (:meth:`Matcher.try_anchors`).
4. Overlaps are resolved and the score and themes counted as the reference does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from wpsdesk.screening.engine.match import (
    Matcher,
    lower_same_length,
    matcher_for,
    resolve_overlaps,
    words_of,
)
from wpsdesk.screening.engine.taxonomy import GENERAL


@dataclass(frozen=True)
class PassageResult:
    """Whether a passage addresses women, girls or gender, how strongly, and on what."""

    label: int
    score: float
    themes: tuple[str, ...]


_NOTHING = PassageResult(0, 0.0, ())


def classify_passages(texts: Iterable[str], matcher: Matcher | None = None) -> list[PassageResult]:
    """Label each passage (a provision or paragraph) with the terms of full screening."""
    return scanner_for(matcher or matcher_for()).classify_all(texts)


def classify_passage(text: str, matcher: Matcher | None = None) -> PassageResult:
    """:func:`classify_passages` for one passage."""
    return scanner_for(matcher or matcher_for()).classify_all((text,))[0]


def classify_passage_plainly(text: str, matcher: Matcher | None = None) -> PassageResult:
    """The reference for :func:`classify_passages`: the same rules, plainly, slowly."""
    matcher = matcher or matcher_for()
    lower = lower_same_length(text)
    words = words_of(lower)
    hits = matcher.hits(text, lower, words=words, one_by_one=True)
    if not hits:
        return _NOTHING
    score = 0.0
    themes: set[str] = set()
    context: set[str] | None = None
    for hit in hits:
        term = hit.term
        score += 0.5 if term.passing or term.priority == 1 else 1.0
        if term.contextual:
            if context is None:
                context = matcher.context_from_words(words, lower)
            themes.update(matcher.themes_of(hit, context))
        else:
            themes.add(term.theme)
    if len(themes) > 1:
        themes.discard(GENERAL)
    return PassageResult(1, score, tuple(sorted(themes)))


# What a word brings: the numbers of the anchors it holds, the context themes it starts,
# and the word itself if it is the first word of a context phrase.
_Entry = tuple[tuple[int, ...], frozenset[str], bytes | None]
_NO_ENTRY: _Entry = ((), frozenset(), None)


class PassageScanner:
    """The fast passage path for one matcher: its tables and a memory of words seen.

    Safe to share between threads: the memory only grows, and is replaced whole when full.
    """

    #: Distinct words remembered before the memory is cleared and starts again.
    VOCABULARY_LIMIT = 300_000
    #: Distinct results (score and themes) kept to be handed out again.
    RESULTS_LIMIT = 10_000

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._substrings = tuple((s.encode("utf-8"), n) for s, n in matcher.substring_anchors)
        # Context phrases by first word, one pattern per theme ("armed forces|armed group").
        phrases: dict[bytes, dict[str, list[str]]] = {}
        for theme, first, rx in matcher.context_phrases:
            phrases.setdefault(first, {}).setdefault(theme, []).append(rx.pattern)
        self._phrases = {
            first: tuple((theme, re.compile("|".join(p))) for theme, p in by_theme.items())
            for first, by_theme in phrases.items()
        }
        # Per term: what one hit adds to the score, whether its themes come from the
        # context, and its own theme.
        self._terms = {
            t: (0.5 if t.passing or t.priority == 1 else 1.0, t.contextual, t.theme)
            for t in matcher.terms
        }
        self._memory = _Memory()
        self._results: dict[tuple[float, tuple[str, ...]], PassageResult] = {}

    def entry(self, word: bytes) -> _Entry:
        """What a word brings, decided as the reference decides it.

        A substring anchor ("wom") is made of letters, so it occurs in a text exactly
        when it occurs in one of the text's words.
        """
        anchors = [n for sub, n in self._substrings if sub in word]
        n = self.matcher.word_anchors.get(word)
        if n is not None:
            anchors.append(n)
        first = word if word in self._phrases else None
        return tuple(anchors), self.matcher.word_themes(word), first

    def _learn(self, words: list[bytes]) -> _Memory:
        memory = self._memory
        if len(memory.codes) + len(words) > self.VOCABULARY_LIMIT:
            memory = self._memory = _Memory()  # replaced whole: other threads stay consistent
        for word in set(words).difference(memory.codes):
            memory.codes[word] = memory.code(self.entry(word))
        return memory

    def classify_all(self, texts: Iterable[str]) -> list[PassageResult]:
        """:func:`classify_passage_plainly` for each passage, the fast way."""
        out: list[PassageResult] = []
        append = out.append
        memory = self._memory
        try_anchors = self.matcher.try_anchors
        terms = self._terms
        phrases = self._phrases
        results = self._results
        for text in texts:
            lower = text.lower()
            if len(lower) != len(text):
                lower = lower_same_length(text)
            words = words_of(lower)
            codes = set(map(memory.codes.get, words))
            if None in codes:
                memory = self._learn(words)
                codes = set(map(memory.codes.get, words))
            codes.discard(0)
            if not codes:
                append(_NOTHING)
                continue
            anchors: set[int] = set()
            context: set[str] = set()
            firsts: list[bytes] = []
            entries = memory.entries
            for code in codes:
                held, themes, first = entries[code]  # type: ignore[index]  # None is gone
                anchors.update(held)
                context |= themes
                if first is not None:
                    firsts.append(first)
            raw = try_anchors(anchors, text, lower) if anchors else None
            if not raw:
                append(_NOTHING)
                continue
            # A contextual hit is filed under its own theme (unless general) and every
            # theme of the passage's context; a general one with no context stays general.
            score = 0.0
            found: set[str] = set()
            contextual = general = False
            for hit in resolve_overlaps(raw):
                weight, from_context, home = terms[hit[2]]
                score += weight
                if from_context:
                    contextual = True
                    if home == GENERAL:
                        general = True
                        continue
                found.add(home)
            if contextual:
                for first in firsts:
                    for theme, rx in phrases[first]:
                        if theme not in context and rx.search(lower):
                            context.add(theme)
                context.discard(GENERAL)
                found |= context
                if general and not context:
                    found.add(GENERAL)
            if len(found) > 1:
                found.discard(GENERAL)
            key = (score, tuple(sorted(found)))
            result = results.get(key)
            if result is None:  # results are immutable: equal ones are shared
                if len(results) >= self.RESULTS_LIMIT:
                    results.clear()
                result = results[key] = PassageResult(1, score, key[1])
            append(result)
        return out


class _Memory:
    """Each word seen -> a small code; each code -> what its words bring (0: nothing).

    Words that bring the same share a code, so a passage's words map to a few codes.
    """

    __slots__ = ("codes", "entries", "numbers")

    def __init__(self) -> None:
        self.codes: dict[bytes, int] = {}
        self.entries: list[_Entry] = [_NO_ENTRY]
        self.numbers: dict[_Entry, int] = {_NO_ENTRY: 0}

    def code(self, entry: _Entry) -> int:
        number = self.numbers.get(entry)
        if number is None:
            self.entries.append(entry)  # before the code is handed out
            number = self.numbers[entry] = len(self.entries) - 1
        return number


@functools.lru_cache(maxsize=8)
def scanner_for(matcher: Matcher) -> PassageScanner:
    """The passage scanner of a matcher (cached: its memory of words is reused)."""
    return PassageScanner(matcher)
