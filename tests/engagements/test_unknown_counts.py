"""A blank count is unknown, also beside a filled one: nothing is stored, "–" is shown.

Only a typed 0 means nobody. A side's total is the sum of the counts given; without a count
of women it has no women's share.
"""

from __future__ import annotations

import json
import re

from django.urls import reverse

from tests.engagements.factories import make_engagement
from tests.engagements.test_import import HEADER, run
from tests.engagements.test_log_pages import typical_meeting
from tests.personas import Cast
from wpsdesk.engagements import figures, tabular
from wpsdesk.engagements.models import Engagement, Measure

DASH = "–"


def cells(engagement: Engagement) -> dict[tuple[str, str, str], int]:
    return {(p.side, p.measure, p.category_code): p.count for p in engagement.participation.all()}


def test_a_blank_beside_a_filled_count_on_the_form_is_stored_as_unknown(
    cast: Cast, as_officer
) -> None:
    data = typical_meeting(n_norway_men="", n_civil_society_men="0")
    response = as_officer.post(reverse("engagements:create"), data)
    assert response.status_code == 302, response.content.decode()
    stored = cells(Engagement.objects.get())
    assert stored[("norway", Measure.ATTENDED, "women")] == 2
    assert ("norway", Measure.ATTENDED, "men") not in stored  # left blank: unknown
    assert ("norway", Measure.ATTENDED, "another-or-not-stated") not in stored
    assert stored[("civil_society", Measure.ATTENDED, "men")] == 0  # typed 0: nobody
    assert ("civil_society", Measure.SPOKE, "men") not in stored  # speakers too


def test_the_page_shows_a_dash_for_an_unknown_count_and_no_share_without_women(
    cast: Cast, as_officer
) -> None:
    engagement = make_engagement(
        cast.bogota,
        counts={
            ("norway", "men"): 3,  # women left blank
            ("counterpart", "women"): 1,
            ("counterpart", "men"): 3,
            ("counterpart", "another-or-not-stated"): 0,
        },
    )
    response = as_officer.get(reverse("engagements:detail", args=[engagement.pk]))
    rows = {row["label"]: row for row in response.context["rows"]}
    norway, counterpart = rows["Norway's delegation"], rows["Counterpart"]
    assert (norway["total"], norway["share"]) == (3, DASH)  # the counts given; no share
    assert (counterpart["total"], counterpart["share"]) == (4, "25%")
    html = response.content.decode()
    norway_row = re.search(r"Norway&#x27;s delegation</th>(.*?)</tr>", html, re.S)
    assert norway_row is not None
    cells = re.findall(r'<td class="num">(.*?)</td>', norway_row.group(1))
    unknown = f'<span class="count-unknown" title="unknown">{DASH}'
    assert [c.startswith(unknown) for c in cells[:3]] == [True, False, True]
    assert cells[1:3] == ["3", cells[2]] and cells[3:5] == ["3", DASH]  # total, share
    assert '<td class="num">1</td><td class="num">3</td><td class="num">0</td>' in html


def test_figures_count_what_was_given_and_never_contradict_a_blank() -> None:
    grid = figures.grid_from_rows(
        [
            ("norway", "attended", "gender", "men", 2),
            ("norway", "spoke", "gender", "women", 1),
        ]
    )
    assert figures.women(grid, "norway") is None
    assert figures.side_total(grid, "norway") == 2
    assert figures.women_share(grid, "norway") is None
    # A woman spoke while the women who took part were not counted: nothing contradicts it.
    assert figures.check_grid(grid) == []
    grid["norway"]["attended"]["gender"]["women"] = 0
    assert figures.women(grid, "norway") == 0
    assert figures.women_share(grid, "norway") == 0.0
    assert figures.check_grid(grid) == [
        "Norway's delegation – women: 1 spoke, but only 0 took part."
    ]


def test_the_api_stores_a_null_or_missing_count_as_unknown(cast: Cast, as_officer) -> None:
    body = {
        "unit": "test-bogota",
        "date": "2026-03-01",
        "kind": "negotiation",
        "country": "co",
        "title": "Round three",
        "participation": [
            {"side": "norway", "category": "women", "count": 2},
            {"side": "norway", "category": "men", "count": None},
            {"side": "counterpart", "category": "men", "count": 0},
        ],
    }
    response = as_officer.post(
        "/api/engagements/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    engagement = Engagement.objects.get()
    assert cells(engagement) == {
        ("norway", Measure.ATTENDED, "women"): 2,
        ("counterpart", Measure.ATTENDED, "men"): 0,
    }
    read = as_officer.get(f"/api/engagements/{engagement.pk}/").json()["participation"]
    assert {(r["side"], r["category"], r["count"]) for r in read} == {
        ("norway", "women", 2),
        ("counterpart", "men", 0),
    }


def test_an_imported_blank_is_unknown_and_exports_blank(cast: Cast) -> None:
    text = HEADER + "R-9,,2026-02-02,bilateral,CO,,Meeting,yes,2,,,0,4\n"
    result = run(cast, text)
    assert result.ok, result.errors
    engagement = Engagement.objects.get(external_ref="R-9")
    stored = cells(engagement)
    assert stored[("norway", Measure.ATTENDED, "women")] == 2
    assert ("norway", Measure.ATTENDED, "men") not in stored
    assert stored[("counterpart", Measure.ATTENDED, "women")] == 0
    row = dict(zip(tabular.header(), tabular.engagement_row(engagement), strict=True))
    assert (row["norway_women"], row["norway_men"]) == (2, "")
    assert (row["counterpart_women"], row["counterpart_men"]) == (0, 4)
