"""Label many short passages at speed: the batch mode of ``wpsdesk screen --passages``.

Each passage is treated as one provision: label 1 if any term matches, score 1 per term
occurrence (0.5 for a name or a bare list of grounds), and themes from the terms and
from the passage's context words ("women" next to "election" is participation).

:func:`classify_passage_plainly` says what that means in the plainest code: find the
hits with one ``re`` call per term (:meth:`Matcher.hits`), then look at every word of
the passage for context words. It is the reference, and slow.

:func:`classify_passages` gives the same label, score and themes for every passage
(the test suite holds it to that) while doing per passage only what C code does fast:

1. The passage is lower-cased and, as UTF-8, searched once with an RE2 set
   (:class:`_Keys`: one DFA pass in C++) that says which keys occur: each anchor
   ("gender" as a word; "wom" anywhere, as in "chairwoman"), each theme's context
   stems at the start of a word, and each first word of a context phrase ("civil"
   society). No Python object is made per word. Most passages without an anchor end
   here with label 0.
2. Where anchors occur, the terms are tried where the anchors start, all terms of an
   anchor in one ``re`` call (:meth:`Matcher.try_anchors`).
3. Overlaps are resolved and the score counted; the themes of the context are read
   from the keys found (phrases searched for only when their first word occurs), and
   only when a contextual term was found. Themes are gathered as bits of an int and
   the result looked up by score and bits. A passage where a word goes on after a
   whole-word stem with an odd character ("camp€") is looked at word by word instead,
   through a memory of words seen (bounded; cleared when full), never of passages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

import re2

from wpsdesk.screening.engine.match import (
    Matcher,
    lower_same_length,
    matcher_for,
    resolve_overlaps,
    words_of,
)
from wpsdesk.screening.engine.taxonomy import GENERAL, stems_pattern


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
        self._memory = _Memory()
        self._keys = _Keys(matcher, self._phrases)
        # Themes as bits of an int, so that a passage's themes are gathered with `|`
        # and looked up as one number; in name order, so a mask's names come out sorted.
        names = sorted(
            {GENERAL, *(t.id for t in matcher.taxonomy.themes), *(t.theme for t in matcher.terms)}
        )
        self._names = tuple((name, 1 << n) for n, name in enumerate(names))
        self._bit = dict(self._names)
        # Per term: what one hit adds to the score, whether its themes come from the
        # context, its own theme's bit (none for a contextual general term: it is
        # general only when the context has nothing), and whether it is that case.
        self._terms = {
            t: (
                0.5 if t.passing or t.priority == 1 else 1.0,
                t.contextual,
                0 if t.contextual and t.theme == GENERAL else self._bit[t.theme],
                t.contextual and t.theme == GENERAL,
            )
            for t in matcher.terms
        }
        # Per key: the bit of the theme whose context stems it stands for (or 0); per
        # phrase key: its theme's bit and its first word's key.
        keys = self._keys
        self._key_bits = [
            self._bit[keys.theme[k]] if k in keys.theme else 0 for k in range(keys.size)
        ]
        self._phrase_bits = {k: (self._bit[t], first) for k, (t, first) in keys.phrase.items()}
        self._results: dict[tuple[float, int], PassageResult] = {}

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
        keys = self._keys
        find = keys.find
        anchor_keys = keys.anchors
        try_anchors = self.matcher.try_anchors
        terms = self._terms
        results = self._results
        general_bit = self._bit[GENERAL]
        # The context from the keys alone, read here rather than through _context
        # (the usual case; a call and its checks cost as much as the reading).
        from_keys = not keys.by_words and keys.phrases_by_keys
        unsure = keys.unsure
        key_bit = self._key_bits.__getitem__
        no_phrase = keys.phrased.isdisjoint
        phrased = keys.phrased.intersection
        phrase_bits = self._phrase_bits.__getitem__
        for text in texts:
            lower = text.lower()
            if len(lower) != len(text):
                lower = lower_same_length(text)
            found = find(lower.encode("utf-8", "surrogatepass"))
            anchors = anchor_keys.intersection(found)  # key n is anchor n
            if not anchors:
                append(_NOTHING)
                continue
            raw = try_anchors(anchors, text, lower)
            if not raw:
                append(_NOTHING)
                continue
            if len(raw) > 1:
                raw = resolve_overlaps(raw)
            # A contextual hit is filed under its own theme (unless general) and every
            # theme of the passage's context; a general one with no context stays general.
            score = 0.0
            themes = 0
            contextual = general = False
            for hit in raw:
                weight, from_context, home, is_general = terms[hit[2]]
                score += weight
                themes |= home
                if from_context:
                    contextual = True
                    if is_general:
                        general = True
            if contextual:
                if from_keys and unsure not in found:
                    context = reduce(or_, map(key_bit, found), 0)
                    if not no_phrase(found):
                        for bit, first_key in map(phrase_bits, phrased(found)):
                            if first_key in found:
                                context |= bit
                else:
                    context = reduce(
                        or_, map(self._bit.__getitem__, self._context(found, lower)), 0
                    )
                context &= ~general_bit
                themes |= context
                if general and not context:
                    themes |= general_bit
            if themes & general_bit and themes != general_bit:
                themes ^= general_bit  # general only when nothing else
            key = (score, themes)
            result = results.get(key)
            if result is None:  # results are immutable: equal ones are shared
                if len(results) >= self.RESULTS_LIMIT:
                    results.clear()
                names = tuple(name for name, bit in self._names if themes & bit)
                result = results[key] = PassageResult(1, score, names)
            append(result)
        return out

    def _context(self, found: Iterable[int], lower: str) -> set[str]:
        """The themes of the passage's context words and phrases.

        From the keys found, unless a word may go on after a whole-word stem with a
        character that is neither letter nor digit nor separator ("camp€"): the keys
        do not say whether that ends the stem, so that passage is looked at word by
        word, through the memory.
        """
        keys = self._keys
        if keys.by_words or keys.unsure in found:
            return self._context_by_words(words_of(lower), lower)
        context = set(map(keys.theme.get, found))
        context.discard(None)
        if keys.phrases_by_keys:
            for theme, first_key in map(keys.phrase.__getitem__, keys.phrased.intersection(found)):
                if first_key in found:
                    context.add(theme)
            return context  # type: ignore[return-value]  # None is gone
        for first in map(keys.first.get, found):
            if first is not None:
                for theme, rx in self._phrases[first]:
                    if theme not in context and rx.search(lower):
                        context.add(theme)
        return context  # type: ignore[return-value]  # None is gone

    def _context_by_words(self, words: list[bytes], lower: str) -> set[str]:
        memory = self._memory
        codes = set(map(memory.codes.get, words))
        if None in codes:
            memory = self._learn(words)
            codes = set(map(memory.codes.get, words))
        context: set[str] = set()
        for code in codes:
            _held, themes, first = memory.entries[code]  # type: ignore[index]  # None is gone
            context |= themes
            if first is not None:
                for theme, rx in self._phrases[first]:
                    if theme not in context and rx.search(lower):
                        context.add(theme)
        return context


# Bytes (UTF-8) that words_of() treats as space: ASCII space and punctuation, and the
# UTF-8 form of each range of match._UNICODE_PUNCT (the test suite checks every character).
_SEPARATOR = (
    rb"[\t\n\x0b\x0c\r !-/:-@\[-`{-~]"
    rb"|\xc2[\xa0-\xbf]|\xc3[\x97\xb7]"  # U+00A0-00BF, U+00D7, U+00F7
    rb"|\xe2\x80[\x80-\xbf]|\xe2\x81[\x80-\xaf]"  # U+2000-206F
    rb"|\xe2\x86[\x90-\xbf]|\xe2[\x87-\xaf][\x80-\xbf]"  # U+2190-2BFF
    rb"|\xe3\x80\x80|\xef\xbb\xbf"  # U+3000, U+FEFF
)
_WORD_STARTS = rb"(?:^|" + _SEPARATOR + rb")"
_WORD_ENDS = rb"(?:$|" + _SEPARATOR + rb")"
# A character inside a word that is not a letter or digit (control, or not ASCII).
_ODD_NEXT = rb"[\x00-\x08\x0e-\x1f\x7f-\xff]"
_NEVER = rb"[^\x00-\xff]"  # for a key that cannot be a word


def _literal(word: str) -> bytes | None:
    """``word`` as an RE2 pattern for its UTF-8 bytes, or None if it cannot be in a word."""
    if words_of(word) != [word.encode("utf-8")]:
        return None  # empty, or it holds a separator
    return b"".join(b"\\x%02x" % c for c in word.encode("utf-8"))


class _Keys:
    """What a passage's words bring, found with one RE2 set search over its UTF-8 bytes.

    RE2 answers which of a set of patterns occur somewhere in the text, in one pass
    (a DFA, in C++), without a Python object per word or per occurrence. The patterns
    say in bytes what the word-by-word reference says of :func:`words_of`'s words,
    where a word is a run of bytes between separators (:data:`_SEPARATOR`):

    * key n < number of anchors: anchor n; a word anchor is a whole word, a substring
      anchor (letters) anywhere;
    * one key per theme: a word starts with one of its context stems (or, for a stem
      that must end the word, ``camp$``, is the stem);
    * one key per first word of a context phrase (the phrase itself is searched for
      in the passage when that word occurs and the context is needed);
    * one *unsure* key: a word goes on after a whole-word stem with a character that
      is neither letter, digit nor separator; there the passage is looked at word by
      word.
    """

    def __init__(self, matcher: Matcher, phrases: Iterable[bytes]) -> None:
        patterns: list[bytes] = []
        for n, (anchor, _terms) in enumerate(matcher.anchors):
            literal = _literal(anchor)
            if literal is None:
                patterns.append(_NEVER)
            elif matcher.word_anchors.get(anchor.encode("utf-8")) == n:
                patterns.append(_WORD_STARTS + literal + _WORD_ENDS)
            else:
                patterns.append(literal)
        self.anchors = frozenset(range(len(patterns)))
        self.theme: dict[int, str] = {}
        self.first: dict[int, bytes] = {}
        by_theme: dict[str, tuple[list[bytes], list[bytes]]] = {}
        whole_stems: list[bytes] = []
        stems = _single_stems(matcher)
        #: The keys cannot stand for the context stems: look at the words instead.
        self.by_words = stems is None
        for theme, stem in stems or ():
            literal = _literal(stem.rstrip("$").lower())
            if literal is not None:
                starts, wholes = by_theme.setdefault(theme, ([], []))
                (wholes if stem.endswith("$") else starts).append(literal)
                if stem.endswith("$"):
                    whole_stems.append(literal)
        for theme, (starts, wholes) in by_theme.items():
            either = []
            if starts:
                either.append(_WORD_STARTS + b"(?:" + b"|".join(starts) + b")")
            if wholes:
                either.append(_WORD_STARTS + b"(?:" + b"|".join(wholes) + b")" + _WORD_ENDS)
            self.theme[len(patterns)] = theme
            patterns.append(b"|".join(either))
        first_keys: dict[bytes, int] = {}
        for first in phrases:
            literal = _literal(first.decode("utf-8"))
            if literal is not None:
                self.first[len(patterns)] = first
                first_keys[first] = len(patterns)
                patterns.append(_WORD_STARTS + literal + _WORD_ENDS)
        # The phrases themselves, where their pattern can be said in bytes: a phrase
        # counts if it occurs and its first word is a word of the passage.
        self.phrase: dict[int, tuple[str, int]] = {}
        converted = [(t, f, _phrase_bytes(rx.pattern)) for t, f, rx in matcher.context_phrases]
        self.phrases_by_keys = all(b is not None for _, _, b in converted)
        if self.phrases_by_keys:
            for theme, first, pattern in converted:
                if first in first_keys:
                    self.phrase[len(patterns)] = (theme, first_keys[first])
                    patterns.append(pattern)  # type: ignore[arg-type]  # not None
        self.phrased = frozenset(self.phrase)
        self.unsure = len(patterns)
        #: The number of keys.
        self.size = self.unsure + 1
        patterns.append(
            _WORD_STARTS + b"(?:" + b"|".join(whole_stems) + b")" + _ODD_NEXT
            if whole_stems
            else _NEVER
        )
        options = re2.Options()
        options.encoding = re2.Options.Encoding.LATIN1  # a byte is a character
        options.max_mem = 64 << 20  # room for the DFA of every key at once
        keys = re2.Set.SearchSet(options)
        for pattern in patterns:
            keys.Add(pattern)
        keys.Compile()
        #: The keys found in a passage's UTF-8 bytes, as a list. The binding's own
        #: method: the wrapper's type check and ``or None`` cost more than the search
        #: of a short passage saves.
        self.find = keys._set.Match


def _phrase_bytes(pattern: str) -> bytes | None:
    """A context phrase's pattern (``match._phrase``) for RE2 on UTF-8 bytes, or None.

    The phrase is literal text with ``\\s+`` between its words; ``\\s`` is every
    character Python's ``re`` takes for white space. None for anything else (such as
    ``\\b`` after the last word): then every phrase is searched for with ``re``.
    """
    parts = []
    for chunk in pattern.split(r"\s+"):
        text = re.sub(r"\\(.)", r"\1", chunk, flags=re.DOTALL)
        if not text or re.escape(text) != chunk:
            return None
        parts.append(b"".join(b"\\x%02x" % c for c in text.encode("utf-8")))
    return (b"(?:" + _space() + b")+").join(parts)


#: Python's white space (``\\s``, ``str.isspace``) lies below U+3001; the test suite
#: checks every character.
_SPACE_BELOW = 0x3001


@functools.cache
def _space() -> bytes:
    """Every character ``re`` matches with ``\\s`` in a str pattern, as UTF-8 alternatives."""
    spaces = re.findall(r"\s", "".join(map(chr, range(_SPACE_BELOW))))
    return b"|".join(b"".join(b"\\x%02x" % c for c in ch.encode("utf-8")) for ch in spaces)


def _single_stems(matcher: Matcher) -> list[tuple[str, str]] | None:
    """(theme, stem) for the one-word context stems, as :meth:`Matcher.word_themes` uses them.

    A stem of word characters matches a word that starts with it (``stem$``: that is
    it); the check against the matcher's own patterns makes sure these are its stems.
    None if they are not: then the context is always looked at word by word.
    """
    by_theme: dict[str, list[str]] = {}
    for theme in matcher.taxonomy.themes:
        for stem in (w for lang in theme.context.values() for w in lang):
            if re.fullmatch(r"\w+\$?", stem):
                by_theme.setdefault(theme.id, []).append(stem)
    ours = [(t, stems_pattern(st)) for t, st in by_theme.items()]
    if ours != [(t, rx.pattern) for t, rx in matcher.context_stems] or not all(
        re.fullmatch(r"\w+", stem.rstrip("$").lower()) for st in by_theme.values() for stem in st
    ):
        return None
    return [(t, stem) for t, st in by_theme.items() for stem in st]


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
