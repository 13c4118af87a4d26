"""The results and compare pages show what clause tracking relies on.

Red flags on the results page (in both languages), a summary count equal to the list of
findings shown, gap reasons in plain words, and a comparison whose changed words keep
their spaces. Texts are fictional, from ``test_reliable_screening``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Cast
from tests.screening.test_reliable_screening import (
    AMNESTY_BLANKET,
    AMNESTY_EXCLUDING_SEXUAL_VIOLENCE,
    CEASEFIRE_WITH_MONITORS,
    CEASEFIRE_WITHOUT_MONITORS,
)
from wpsdesk.screening import services
from wpsdesk.screening.models import ScreenedDocument

pytestmark = pytest.mark.django_db

# Session, person, second factor, the document, unit roles, may it be edited (read check),
# units (shell): the same as any results page (tests/screening/test_pages.py).
QUERIES_DETAIL = 7


def screened(cast: Cast, text: str, title: str = "Draft", **more: Any) -> ScreenedDocument:
    return services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title=title,
        classification="internal",
        text=text,
        **more,
    )


def detail(client: Client, document: ScreenedDocument) -> str:
    return client.get(reverse("screening:detail", args=[document.pk])).content.decode()


def visible_text(html: str) -> str:
    """What a sighted reader sees: screen-reader-only words and tags removed."""
    html = re.sub(r'<span class="ds-sr-only">.*?</span>', "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def test_a_blanket_amnesty_is_shown_as_a_red_flag(
    cast: Cast, as_officer: Client, django_assert_num_queries: Any
) -> None:
    document = screened(cast, AMNESTY_BLANKET)
    with django_assert_num_queries(QUERIES_DETAIL):
        html = detail(as_officer, document)
    assert 'id="red-flags-heading">Red flags</h2>' in html
    flag = re.search(r'<li data-flag="amnesty_sexual_violence">(.*?)</li>', html, re.S)
    assert flag, html
    assert "Amnesty that does not exclude sexual violence" in flag.group(1)
    assert "Article 9 › 1" in flag.group(1)
    assert "The provision itself names sexual violence" in flag.group(1)
    assert "P1.C.17" in flag.group(1)
    assert "1 red flag</a>" in html

    as_officer.cookies["django_language"] = "nb"
    html = detail(as_officer, document)
    assert "Amnesti som ikke unntar seksualisert vold" in html
    assert ">Røde flagg</h2>" in html


def test_an_amnesty_that_excludes_sexual_violence_shows_no_red_flag(
    cast: Cast, as_officer: Client
) -> None:
    html = detail(as_officer, screened(cast, AMNESTY_EXCLUDING_SEXUAL_VIOLENCE))
    assert "Screened as:" in html
    assert "red-flags-heading" not in html and 'data-flag="' not in html


def test_the_summary_count_is_the_number_of_findings_listed(cast: Cast, as_officer: Client) -> None:
    document = screened(cast, CEASEFIRE_WITH_MONITORS, chosen_type="ceasefire")
    html = detail(as_officer, document)
    findings_list = re.findall(r'<ul class="ds-list findings">(.*?)</ul>', html, re.S)
    listed = sum(len(re.findall(r"<li>", block)) for block in findings_list)
    summary = re.search(r"Screened as: [^.]+\. (\d+) findings", html)
    assert summary, html
    assert int(summary.group(1)) == listed == document.findings_count
    assert f"{listed} findings in" in html  # the line above the list says the same


def test_a_gap_point_not_established_says_why(cast: Cast, as_officer: Client) -> None:
    without = screened(cast, CEASEFIRE_WITHOUT_MONITORS, chosen_type="ceasefire")
    html = detail(as_officer, without)
    row = re.search(r"<tr><th scope=\"row\">Women in the ceasefire monitoring.*?</tr>", html, re.S)
    assert row and "Not met" in row.group(0)
    assert "No provision establishes what this point names." in row.group(0)

    with_monitors = screened(cast, CEASEFIRE_WITH_MONITORS, chosen_type="ceasefire")
    html = detail(as_officer, with_monitors)
    row = re.search(r"<tr><th scope=\"row\">Women in the ceasefire monitoring.*?</tr>", html, re.S)
    assert row and ">Met<" in row.group(0) and "Found in Article 3 › 2." in row.group(0)


def test_changed_words_keep_their_spaces_and_are_marked(cast: Cast, as_officer: Client) -> None:
    old = screened(cast, "Article 1\n\nWomen shall submit its report to the commission.\n", "Old")
    new = screened(cast, "Article 1\n\nWomen shall submit their report to the commission.\n", "New")
    html = as_officer.get(reverse("screening:compare"), {"old": old.pk, "new": new.pk})
    page = html.content.decode()
    text = re.search(r'<p class="ds-paragraph compare-text">(.*?)</p>', page, re.S)
    assert text
    assert '<del><span class="ds-sr-only">removed </span>its</del> <ins>' in text.group(1)
    seen = visible_text(text.group(1))
    assert "itstheir" not in seen
    assert seen == "Article 1 Women shall submit its their report to the commission."


def test_the_diff_styles_say_more_than_colour() -> None:
    from django.contrib.staticfiles import finders

    path = finders.find("screening/screening.css")
    assert path
    with open(path, encoding="utf-8") as fh:
        css = fh.read()
    assert re.search(r"\.compare-text del \{[^}]*line-through[^}]*background", css)
    assert re.search(r"\.compare-text ins \{[^}]*underline[^}]*background", css)
    assert '.compare-text del::before { content: "−"' in css
    assert '.compare-text ins::before { content: "+"' in css
