"""A count left empty reads as unknown; a count of zero reads as 0."""

from __future__ import annotations

import re

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.engagements.test_log_pages import typical_meeting
from tests.personas import Cast

UNKNOWN = 'class="count-unknown"'


def render(value: object, language: str = "en") -> str:
    with translation.override(language):
        return Template("{% load counts %}{{ value|count_or_unknown }}").render(
            Context({"value": value})
        )


def test_none_reads_as_unknown_and_zero_as_zero() -> None:
    assert UNKNOWN in render(None)
    assert "unknown" in render(None)
    assert render(0) == "0"
    assert UNKNOWN not in render(0)
    assert render(12) == "12"


def test_unknown_is_said_in_bokmal() -> None:
    assert "ukjent" in render(None, "nb")
    assert render(0, "nb") == "0"


def _row(page: str, label: str) -> str:
    match = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', page, re.S)
    assert match, label
    return match.group(1)


def test_engagement_page_shows_a_side_not_counted_as_unknown(cast: Cast, as_officer) -> None:
    # The counterpart's leader is known but nobody was counted on that side.
    response = as_officer.post(
        reverse("engagements:create"), typical_meeting(lead_counterpart="men")
    )
    assert response.status_code == 302, response.content.decode()
    page = as_officer.get(response["Location"]).content.decode()
    counterpart = _row(page, "Counterpart")
    norway = _row(page, "Norway&#x27;s delegation")
    assert counterpart.count(UNKNOWN) == 4  # women, men, other, total
    # Norway was counted, but its "other" was left blank: that one count is unknown, not 0,
    # and the total and share are of the counts given.
    assert norway.count(UNKNOWN) == 1
    assert '<td class="num">0</td>' not in norway
    assert '<td class="num">2</td><td class="num">1</td>' in norway
    assert '<td class="num">3</td><td class="num">67%</td>' in norway


def test_a_count_of_zero_beside_others_shows_as_0(cast: Cast, as_officer) -> None:
    meeting = typical_meeting(**{"n_norway_another-or-not-stated": "0"})
    response = as_officer.post(reverse("engagements:create"), meeting)
    assert response.status_code == 302, response.content.decode()
    norway = _row(as_officer.get(response["Location"]).content.decode(), "Norway&#x27;s delegation")
    assert UNKNOWN not in norway
    assert '<td class="num">2</td><td class="num">1</td><td class="num">0</td>' in norway
