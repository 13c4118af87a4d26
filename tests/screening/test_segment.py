"""Provisions in the numbering styles of agreements and UN texts."""

from __future__ import annotations

from wpsdesk.screening.engine.extract import from_text
from wpsdesk.screening.engine.segment import segment


def ids(text: str) -> list[str]:
    return [p.id for p in segment(from_text(text))]


def test_articles_with_numbered_paragraphs_and_lettered_items() -> None:
    text = (
        "Article 12\n\n1. The Parties shall:\n(a) first;\n(b) second;\n2. Next.\n\n"
        "Article 13\nBody."
    )
    assert ids(text) == [
        "Article 12", "Article 12 › 1", "Article 12 › 1 › (a)", "Article 12 › 1 › (b)",
        "Article 12 › 2", "Article 13",
    ]  # fmt: skip


def test_dotted_numbers_roman_items_and_letters_with_a_parenthesis() -> None:
    text = "12.3 The commission shall meet.\n(i) monthly;\n(ii) in public.\nb) as agreed."
    assert ids(text) == ["12.3", "12.3 › (i)", "12.3 › (ii)", "12.3 › (ii) › b)"]


def test_chapter_and_section_in_words_and_capitals() -> None:
    text = (
        "Chapter two, Section one, 33. Each citizen has rights.\n\n"
        "ARTICLE XXVII THE JUDICIARY: 3. Appointments."
    )
    assert ids(text) == ["Chapter 2 › Section 1 › 33", "Chapter 2 › Section 1 › Article XXVII"]


def test_pax_page_markers_give_the_page() -> None:
    (provision,) = segment(from_text("Page 4, Article 3. Women shall vote."))
    assert (provision.id, provision.page) == ("Article 3", 4)


def test_ordinals_bullets_and_plain_paragraphs() -> None:
    text = (
        "Second: the parties agree.\n\n• one point;\n• another point.\n\n"
        "A paragraph without a number.\n\nAnother one."
    )
    assert ids(text) == ["Second", "Second › •1", "Second › •2", "Second › ¶3", "Second › ¶4"]


def test_wrapped_lines_stay_in_their_provision_and_recitals_are_preamble() -> None:
    text = (
        "Recalling its resolutions,\n\nReaffirming its commitment,\n\n"
        "1. Decides to extend\nthe mandate until June."
    )
    from wpsdesk.screening.engine.match import lower_same_length
    from wpsdesk.screening.engine.screen import matcher_for

    doc = from_text(text)
    lower = lower_same_length(doc.text)
    provisions = segment(doc, is_recital=lambda pos: matcher_for().is_recital(lower, pos))
    assert [(p.id, p.preamble) for p in provisions] == [("¶1", True), ("¶2", True), ("1", False)]
    assert doc.text[provisions[-1].start : provisions[-1].end].endswith("until June.")


def test_pages_from_form_feeds() -> None:
    provisions = segment(from_text("1. First page.\f2. Second page."))
    assert [p.page for p in provisions] == [1, 2]
