"""The fast passage path gives what the plain reference gives: label, score and themes."""

from __future__ import annotations

import re

import re2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wpsdesk.screening.engine import screen_text
from wpsdesk.screening.engine.extract import from_text
from wpsdesk.screening.engine.match import Matcher, lower_same_length, matcher_for, words_of
from wpsdesk.screening.engine.passages import (
    _SEPARATOR,
    _SPACE_BELOW,
    PassageResult,
    PassageScanner,
    classify_passage,
    classify_passage_plainly,
    classify_passages,
    scanner_for,
)
from wpsdesk.screening.engine.taxonomy import load_taxonomy, parse_taxonomy

MATCHER = matcher_for()

# Written for these tests: every theme, four languages, false friends, compounds, case,
# guards, prefixes, phrases, and awkward characters.
TEXTS = [
    "",
    "   \n\t ",
    "The ceasefire shall enter into force at midnight.",
    "The Parties shall ensure the participation of women in the commission.",
    "Women's organisations and women’s groups shall be consulted.",
    "The chairwoman of the electoral council shall convene the meeting.",
    "WOMEN AND GIRLS SHALL BE PROTECTED FROM SEXUAL VIOLENCE.",
    "Conflict-related sexual violence, rape and forced marriage are prohibited.",
    "Child, early and forced marriage shall be ended; honour killings are crimes.",
    "The mother company and the motherland are not families; widows receive pensions.",
    "Recalling resolution 1325 (2000) and resolution 2467 of the Security Council,",
    "In 1325 the town was founded; the year 1960 saw independence.",
    "Women protection advisers (WPAs) shall be deployed with the mission.",
    "Women human rights defenders and women peacebuilders shall be protected.",
    "Signed: Mrs Amina Diallo, for the Movement; Her Excellency the Minister.",
    "MRS AMINA DIALLO signed; mrs is lower case here.",
    "Discrimination on grounds of race, colour, sex, language or religion is banned.",
    "Discrimination on grounds of sexual orientation or gender identity is banned.",
    "Transgender persons and LGBTI persons shall be protected.",
    "Sexual and reproductive health services, family planning and midwives.",
    "Female ex-combatants shall benefit from the DDR programme in assembly areas.",
    "Security sector reform shall include women in the armed forces and the police.",
    "Reparations for survivors within transitional justice and non-recurrence.",
    "Sexual exploitation and abuse (SEA) by personnel shall be prevented; PSEAH focal points.",
    "Climate change, natural resources and women's economic empowerment.",
    "Kvinner og jenter skal delta i forhandlingene om våpenhvile.",
    "Kvinneorganisasjonene skal høres; seksuell vold og voldtekt er forbudt.",
    "Les femmes et les filles participeront aux élections; violences sexuelles.",
    "Ce genre de mesures sera examiné; la mère patrie sera défendue.",
    "Las mujeres y las niñas participarán; violencia sexual y de género.",
    "Se adoptarán medidas de todo género; la madre patria.",
    "La participación femenina en el consejo; lideresas sociales y defensoras.",
    "İSTANBUL Convention on violence against women; ΣΟΦΊΑ ΓΥΝΑΊΚΑ.",
    "women_participation gender€quality femmes‐hommes «femmes» ¿mujeres?",
    "women\x1cparticipation\x85gender\u1680election\u00a0vote\u3000quota\ufeffwomen",
    "Broken \udc80 surrogate next to women and girls.",
    "womenwomen wom womb wombat women-only non-discrimination decision-making",
    "civil society, armed groups, law enforcement, basic needs, counter-terrorism",
    "A gendered impact; to engender trust; gender-based violence; genders.",
    "1. The Parties shall:\n(a) ensure women's participation;\n(b) protect girls.\n",
    "women " * 50,
    "Camp€ women; aid\x01 to women; land™ rights of women; LANDİ women.",
    "The campaign for women's land rights and aid to women in camps.",
    "Women and uncivil society; women in civil\u3000society and civil\u2028society.",
    "Women’s\u00a0groups, women's\x1cgroups; womens groups on decision-making and no repetición.",
    "The commission shall consult civil society and women's groups on the election law. " * 8,
]


def plainly(texts: list[str]) -> list[PassageResult]:
    return [classify_passage_plainly(t) for t in texts]


def test_the_fast_path_agrees_with_the_reference_on_written_texts() -> None:
    assert classify_passages(TEXTS) == plainly(TEXTS)
    for text in TEXTS:
        assert classify_passage(text) == classify_passage_plainly(text), text


def test_the_written_texts_cover_both_labels_and_many_themes() -> None:
    results = classify_passages(TEXTS)
    assert {r.label for r in results} == {0, 1}
    assert len({t for r in results for t in r.themes}) >= 15


def test_a_passage_is_labelled_as_full_screening_finds_it() -> None:
    for text in TEXTS:
        doc = from_text(text) if text.strip() else None
        if doc is None:
            continue
        (result,) = classify_passages([doc.text])
        assert result.label == (1 if screen_text(text).findings else 0), text


def test_results_do_not_depend_on_batch_order_or_batch_size() -> None:
    forward = classify_passages(TEXTS)
    backward = classify_passages(list(reversed(TEXTS)))
    assert backward == list(reversed(forward))
    assert [classify_passages([t])[0] for t in TEXTS] == forward


def test_a_full_memory_starts_again_and_changes_nothing() -> None:
    scanner = PassageScanner(MATCHER)
    scanner.VOCABULARY_LIMIT = 40
    scanner.RESULTS_LIMIT = 3
    assert scanner.classify_all(TEXTS * 2) == plainly(TEXTS * 2)
    assert len(scanner._memory.codes) <= 40 + max(len(t) for t in TEXTS)


def test_the_keys_see_the_separators_that_words_of_sees() -> None:
    # Every character of the Basic Multilingual Plane (lone surrogates included) and a
    # few beyond it: a separator for the RE2 keys exactly when words_of() splits there.
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    between = re2.compile(rb"a(?:" + _SEPARATOR + rb")b", options)
    for code in [*range(0x10000), 0x1F600, 0xE0020, 0x10FFFF]:
        c = chr(code)
        split = words_of(f"a{c}b") == [b"a", b"b"]
        seen = between.fullmatch(f"a{c}b".encode("utf-8", "surrogatepass")) is not None
        assert split == seen, hex(code)


def test_white_space_in_context_phrases_is_every_character_re_calls_white_space() -> None:
    spaces = re.findall(r"\s", "".join(map(chr, range(0x110000))))
    assert spaces
    assert max(map(ord, spaces)) < _SPACE_BELOW
    keys = scanner_for(MATCHER)._keys
    assert keys.phrases_by_keys
    assert len(keys.phrase) == len(MATCHER.context_phrases)


def test_a_word_going_on_after_a_whole_word_stem_is_looked_at_word_by_word() -> None:
    keys = scanner_for(MATCHER)._keys
    assert not keys.by_words
    for text, unsure in [
        ("camp€ women", True),
        ("aid\x01 women", True),
        ("the campaign of women", False),
        ("the camp of women", False),
        ("camps, aid and land", False),
    ]:
        assert (keys.unsure in (keys.find(text.encode("utf-8")) or ())) is unsure, text
        assert classify_passages([text]) == [classify_passage_plainly(text)], text


def test_context_stems_the_keys_cannot_stand_for_are_looked_up_word_by_word() -> None:
    data = {
        "version": 99,
        "themes": [
            {
                "id": "general",
                "kind": "general",
                "label": {"en": "G"},
                "terms": [
                    {"id": "w", "lang": "en", "pattern": r"\bwom[ae]n\b", "anchors": ["~wom"]}
                ],
            },
            {
                "id": "cities",
                "label": {"en": "C"},
                "context": {"en": ["İstanbul", "town$"]},
                "terms": [{"id": "c", "lang": "en", "pattern": r"\bcity\b", "anchors": ["city"]}],
            },
        ],
    }
    matcher = Matcher(parse_taxonomy(data))
    assert scanner_for(matcher)._keys.by_words  # "i̇stanbul" has a combining dot
    for text in ("women of i̇stanbul", "Women of İstanbul", "women of the town", "women"):
        assert classify_passages([text], matcher) == [classify_passage_plainly(text, matcher)]


def test_all_terms_of_an_anchor_in_one_call_find_what_one_by_one_finds() -> None:
    for text in TEXTS:
        assert MATCHER.hits(text) == MATCHER.hits(text, one_by_one=True), text


def test_a_pattern_that_cannot_be_embedded_is_tried_on_its_own() -> None:
    def term(tid: str, pattern: str) -> dict[str, object]:
        return {"id": tid, "lang": "en", "pattern": pattern, "anchors": ["~wom"]}

    terms = [
        term("w", r"\bwom[ae]n\b"),
        term("ww", r"\b(wom[ae]n) and \1\b"),  # a back-reference: groups shift when combined
        term("i", r"(?i)women\b"),  # a global flag: allowed only at the very start
        term("g", r"wom(a|e)n\b"),  # a group of its own: the next term's group moves on
        term("h", r"\bwomen and\b"),
    ]
    data = {
        "version": 99,
        "themes": [{"id": "general", "kind": "general", "label": {"en": "G"}, "terms": terms}],
    }
    matcher = Matcher(parse_taxonomy(data))
    for text in ("women and women", "women and men", "a woman", "womenfolk", "Women And"):
        assert matcher.hits(text) == matcher.hits(text, one_by_one=True), text
        assert classify_passages([text], matcher) == [classify_passage_plainly(text, matcher)]


# --- random text built from the taxonomy's own words --------------------------------

TAXONOMY = load_taxonomy()
_WORDS = sorted(
    {a.lstrip("~") for t in TAXONOMY.terms for a in t.anchors}
    | {w.rstrip("$") for th in TAXONOMY.themes for ws in th.context.values() for w in ws}
    | {w for t in TAXONOMY.terms for e in t.examples + t.counterexamples for w in e.split()}
    | {w for ws in TAXONOMY.operative.values() for w in ws}
)
_SEPARATORS = [
    " ", " ", " ", ", ", ". ", "\n", "\n\n", "-", "'", "’", "_", "/", "(", ")", ";", "«",
    "\u00a0", "\u2010", "\u3000", "\x1c", "\x85", "\u1680", "€", "¿", "\ufeff", "",
]  # fmt: skip
_AFFIXES = ["", "", "", "s", "es", "ed", "ing", "ly", "chair", "non", "x", "ation", "İ", "Σ"]

word = st.builds(
    lambda w, pre, post, case: case(pre + w + post),
    st.sampled_from(_WORDS),
    st.sampled_from(_AFFIXES),
    st.sampled_from(_AFFIXES),
    st.sampled_from([str, str, str.upper, str.title, str.capitalize]),
)
passage = st.lists(st.tuples(word, st.sampled_from(_SEPARATORS)), max_size=40).map(
    lambda parts: "".join(w + sep for w, sep in parts)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(passage, min_size=1, max_size=6))
def test_the_fast_path_agrees_with_the_reference_on_random_text(texts: list[str]) -> None:
    assert classify_passages(texts) == plainly(texts)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(passage)
def test_combined_terms_agree_with_one_by_one_on_random_text(text: str) -> None:
    lower = lower_same_length(text)
    assert MATCHER.hits(text, lower) == MATCHER.hits(text, lower, one_by_one=True)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_the_fast_path_agrees_with_the_reference_on_any_text(text: str) -> None:
    assert classify_passages([text]) == [classify_passage_plainly(text)]


def test_the_vocabulary_reaches_every_theme_and_anchor() -> None:
    anchors = {a.lstrip("~") for t in TAXONOMY.terms for a in t.anchors}
    assert anchors <= set(_WORDS)
    assert len(_WORDS) > 500
    assert any(re.search(r"\s", w) for w in _WORDS)  # context phrases ("civil society")


def test_an_exact_tie_goes_to_the_term_listed_first() -> None:
    # "sexes" is both English `sex` and French `fr_sexe`, same span and priority.
    (finding,) = screen_text("Equal rights for both sexes shall be guaranteed.").findings
    assert finding.term == "equality.sex"
    (hit,) = MATCHER.hits("both sexes")
    assert hit.term.id == "equality.sex"
