"""Full-text search over catalogue items that gives the same hits on PostgreSQL and SQLite.

The databases never see raw text. :func:`search_terms` turns a text into words made of
``[a-z0-9]`` only; :func:`index_terms` reduces each to its stem in the edition's language
(Snowball: "mediation", "mediators" and "mediator" are all ``mediat``), and each item stores
the stems space-separated in ``search_document``. Queries are stemmed the same way, in
Python, so both databases see the same stems.
PostgreSQL's ``to_tsvector('simple', …)`` and SQLite FTS5's ``unicode61`` tokenizer both
split such a document into exactly these words, in the same positions, so a query built
from the same words matches the same items on both:

* every word of the query must occur (AND);
* a quoted phrase, or a word written with an apostrophe or hyphen, must occur as
  consecutive words;
* the last word matches as a prefix when the query ends with it (not with a space, a quote
  or a punctuation mark) and it has three characters or more: stored stems that begin with
  its stem, cut to all but its last two letters (an unfinished word's ending may still
  change, as "mediatio" will become the stem ``mediat``), never shorter than four;
* a whole item code (``P1.C.5``) is recognised by the pages, which open the item;
* operators typed by the user (``OR``, ``NEAR``, ``-``, ``*``, quotes that do not pair)
  are just words or separators; they cannot reach either database's query syntax.

Hits are ordered by their place in the document. Highlighting is done here in Python, the
same on both databases: the text is escaped and the words of every hit (each word of the
query, each occurrence of a phrase) are wrapped in ``<mark>``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import snowballstemmer
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Item

#: What an item code looks like (``P1.C.5``, ``CL.14.e``, ``SCR.2467``): parts joined by dots.
ITEM_CODE_RE = re.compile(r"[A-Za-z][A-Za-z0-9]{0,9}(?:\.[A-Za-z0-9]{1,20}){1,5}")
#: A word of the original text: a run of letters and digits in any script.
WORD_RE = re.compile(r"[^\W_]+")
_ASCII_TERM_RE = re.compile(r"[a-z0-9]+")
#: Letters that do not decompose into a base letter and a diacritic.
_FOLD = str.maketrans(
    {"æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
#: Non-Latin words are spelled in these sixteen letters, six per character, after this mark.
_ENCODED_MARK = "0q"
_HEX_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
MAX_TERM_LENGTH = 100
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 12
MIN_PREFIX_LENGTH = 3
#: Letters an unfinished last word may still change when it is completed and stemmed.
PREFIX_SLACK = 2
MIN_STEM_PREFIX = 4
#: Snowball stemmers by edition language; English for any language without one.
STEMMERS = {"en": "english", "nb": "norwegian", "nn": "norwegian", "no": "norwegian"}

FTS_TABLE = "catalogue_item_fts"


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """One word of text as a search term: lower case, diacritics removed, ASCII only."""
    word = unicodedata.normalize("NFC", word).casefold().translate(_FOLD)
    stripped = "".join(
        char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char)
    )
    if _ASCII_TERM_RE.fullmatch(stripped):
        return stripped[:MAX_TERM_LENGTH]
    encoded = "".join(f"{ord(char):06x}" for char in word).translate(_HEX_LETTERS)
    return (_ENCODED_MARK + encoded)[:MAX_TERM_LENGTH]


def search_terms(text: str) -> list[str]:
    """The search terms of ``text``: one per word, in order.

    >>> search_terms("Women’s participation – in Bogotá, Tromsø and the UN (SCR 1325)")
    ['women', 's', 'participation', 'in', 'bogota', 'tromso', 'and', 'the', 'un', 'scr', '1325']
    """
    return [_fold_word(word) for word in WORD_RE.findall(unicodedata.normalize("NFC", text))]


@functools.lru_cache(maxsize=8)
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(STEMMERS.get(language.split("-")[0].lower(), "english"))


@functools.lru_cache(maxsize=65536)
def stem(term: str, language: str = "en") -> str:
    """One search term reduced to its stem; digits and spelled-out scripts are kept whole."""
    if term.startswith(_ENCODED_MARK) or not term.isalpha():
        return term
    return str(_stemmer(language).stemWord(term)) or term


def index_terms(text: str, language: str = "en") -> list[str]:
    """The stems of ``text``'s words, in order: what an item's document holds.

    >>> index_terms("The Network of Women Mediators and mediation")
    ['the', 'network', 'of', 'women', 'mediat', 'and', 'mediat']
    """
    return [stem(term, language) for term in search_terms(text)]


def search_document(*texts: str, language: str = "en") -> str:
    """The normalised document stored for an item: the stems of its texts, space-separated."""
    return " ".join(term for text in texts for term in index_terms(text, language))


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: groups of terms that must all occur; a group of several is a phrase."""

    groups: tuple[tuple[str, ...], ...]
    prefix_last: bool
    language: str = "en"

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def _group_matches(self, index: int, terms: list[str], start: int) -> bool:
        group = self.groups[index]
        prefix = self.prefix_last and index == len(self.groups) - 1
        for offset, wanted in enumerate(group):
            term = terms[start + offset]
            is_prefix = prefix and offset == len(group) - 1
            if not (term.startswith(wanted) if is_prefix else term == wanted):
                return False
        return True

    def marked_words(self, terms: list[str]) -> set[int]:
        """Indexes of the words of a text (given as its terms) that a hit consists of."""
        marked: set[int] = set()
        for index, group in enumerate(self.groups):
            for start in range(len(terms) - len(group) + 1):
                if self._group_matches(index, terms, start):
                    marked.update(range(start, start + len(group)))
        return marked


def parse_query(raw: str, language: str = "en") -> SearchQuery:
    """Turn what a person typed into a :class:`SearchQuery`; never fails.

    Text between a pair of double quotes is a phrase, and so is a word written with an
    apostrophe, hyphen or dot (``women’s``, ``de-escalation``, ``P1.C.5``); a quote without
    a partner is ignored. The last word matches as a prefix when the query ends with it and
    it has at least :data:`MIN_PREFIX_LENGTH` characters, so ``UN`` finds "UN" and not
    "under". At most :data:`MAX_QUERY_TERMS` terms of the first :data:`MAX_QUERY_LENGTH`
    characters are used. Every word is stemmed in ``language`` (the edition's).
    """
    raw = (raw or "")[:MAX_QUERY_LENGTH]
    segments = raw.split('"')
    if len(segments) % 2 == 0:  # an odd number of quotes: the last one pairs with nothing
        segments[-2:] = [segments[-2] + " " + segments[-1]]
    groups: list[tuple[str, ...]] = []
    last_quoted = False
    budget = MAX_QUERY_TERMS
    for index, segment in enumerate(segments):
        quoted = index % 2 == 1
        for chunk in [segment] if quoted else segment.split():
            terms = search_terms(chunk)[:budget]
            budget -= len(terms)
            if terms:
                groups.append(tuple(terms))
                last_quoted = quoted
    prefix_last = (
        bool(groups)
        and not last_quoted
        and bool(WORD_RE.fullmatch(raw[-1:]))
        and len(groups[-1][-1]) >= MIN_PREFIX_LENGTH
    )
    stemmed = [[stem(term, language) for term in group] for group in groups]
    if prefix_last:
        typed = groups[-1][-1]
        keep = max(MIN_STEM_PREFIX, len(typed) - PREFIX_SLACK)
        stemmed[-1][-1] = stemmed[-1][-1][:keep]
    return SearchQuery(
        groups=tuple(tuple(group) for group in stemmed), prefix_last=prefix_last, language=language
    )


def to_tsquery(query: SearchQuery) -> str:
    """The query as a PostgreSQL ``tsquery`` literal (terms are ``[a-z0-9]`` only)."""
    parts = []
    for index, group in enumerate(query.groups):
        is_last = index == len(query.groups) - 1
        lexemes = [
            f"'{term}':*"
            if is_last and query.prefix_last and position == len(group) - 1
            else f"'{term}'"
            for position, term in enumerate(group)
        ]
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def to_fts5(query: SearchQuery) -> str:
    """The query as an SQLite FTS5 expression: quoted strings, implicitly ANDed."""
    parts = []
    for index, group in enumerate(query.groups):
        phrase = '"' + " ".join(group) + '"'
        if index == len(query.groups) - 1 and query.prefix_last:
            phrase += "*"
        parts.append(phrase)
    return " ".join(parts)


def _matching_ids_sql(query: SearchQuery) -> RawSQL:
    vendor = connection.vendor
    if vendor == "postgresql":
        return RawSQL(
            "SELECT id FROM catalogue_item "
            "WHERE to_tsvector('simple', search_document) @@ %s::tsquery",
            (to_tsquery(query),),
        )
    if vendor == "sqlite":
        return RawSQL(
            "SELECT rowid FROM catalogue_item_fts WHERE catalogue_item_fts MATCH %s",
            (to_fts5(query),),
        )
    raise NotImplementedError(f"Catalogue search supports PostgreSQL and SQLite, not {vendor}.")


def search_items(items: QuerySet[Item], query: SearchQuery) -> QuerySet[Item]:
    """The items of ``items`` that match ``query``, in document order; none for an empty query."""
    if query.is_empty:
        return items.none()
    return items.filter(id__in=_matching_ids_sql(query)).order_by("edition_id", "position", "id")


def highlight(text: str, query: SearchQuery) -> SafeString:
    """``text`` escaped, with each word that matches a term of ``query`` in ``<mark>``."""
    if query.is_empty:
        return escape(text)
    text = unicodedata.normalize("NFC", text)
    words = list(WORD_RE.finditer(text))
    marked = query.marked_words([stem(_fold_word(word.group()), query.language) for word in words])
    out: list[str] = []
    position = 0
    for index in sorted(marked):
        word = words[index]
        out.append(escape(text[position : word.start()]))
        out.append(f"<mark>{escape(word.group())}</mark>")
        position = word.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308  # nosec  # every piece is escaped


def search_index_update(items: Iterable[Item]) -> None:
    """Bring the SQLite FTS5 table up to date for ``items`` (PostgreSQL indexes the column)."""
    if connection.vendor != "sqlite":
        return
    rows = [(item.pk, item.search_document) for item in items]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 400):
            batch = rows[start : start + 400]
            marks = ",".join("%s" for _ in batch)
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})",  # noqa: S608  # nosec  # %s marks
                [pk for pk, _ in batch],
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, document) VALUES (%s, %s)",  # noqa: S608  # nosec  # %s marks
                batch,
            )


def search_index_is_complete() -> bool:
    """Whether the FTS5 table holds exactly each item's current document (always on PostgreSQL).

    Rows can go stale when something other than the loader writes items or empties the
    item table (a test flush, a restore); the loader then rebuilds the table.
    """
    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {FTS_TABLE}), (SELECT count(*) FROM catalogue_item), "  # noqa: S608  # nosec  # constants
            f"(SELECT count(*) FROM {FTS_TABLE} f JOIN catalogue_item i "
            "ON i.id = f.rowid AND i.search_document = f.document)"
        )
        row = cursor.fetchone()
    return bool(row and row[0] == row[1] == row[2])


def search_index_rebuild() -> None:
    """Fill the FTS5 table afresh from every item."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608  # nosec  # a constant
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, document) "  # noqa: S608  # nosec  # a constant
            "SELECT id, search_document FROM catalogue_item"
        )
