"""The compare page: two screened drafts in, WPS provisions added, removed and changed out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.screening import docs
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.screening import exports, services
from wpsdesk.screening.engine import Limits
from wpsdesk.screening.models import ScreenedDocument, Source, Status

pytestmark = pytest.mark.django_db

URL = reverse("screening:compare")


def screened(cast: Cast, text: str, title: str, **more: Any) -> ScreenedDocument:
    fields: dict[str, Any] = {
        "actor": cast.officer,
        "unit": cast.bogota,
        "classification": "internal",
        **more,
    }
    return services.add_document(title=title, text=text, **fields)


@pytest.fixture
def drafts(cast: Cast) -> tuple[ScreenedDocument, ScreenedDocument]:
    return screened(cast, docs.AGREEMENT, "Draft one"), screened(cast, docs.DRAFT_TWO, "Draft two")


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    return re.findall(r'<option value="(\d+)"', select.group(0))


def test_the_selects_list_screened_drafts_one_may_read_most_recent_first(
    cast: Cast, as_reader: Client, drafts: Any
) -> None:
    ScreenedDocument.objects.create(
        unit=cast.bogota, title="Waiting", source=Source.PASTE, status=Status.QUEUED
    )
    screened(cast, docs.AGREEMENT, "Amman's", actor=cast.outsider, unit=cast.amman)
    response = as_reader.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    expected = [str(drafts[1].pk), str(drafts[0].pk)]
    assert options(html, "old") == options(html, "new") == expected
    assert "Waiting" not in html and "Amman&#x27;s" not in html
    assert "ds-error-summary" not in html  # nothing chosen yet: no errors


def test_the_unit_filter_narrows_the_lists(cast: Cast, as_coordinator: Client, drafts: Any) -> None:
    amman = screened(cast, docs.AGREEMENT, "Amman draft", actor=cast.outsider, unit=cast.amman)
    html = as_coordinator.get(URL).content.decode()
    assert set(options(html, "old")) == {str(d.pk) for d in (*drafts, amman)}
    html = as_coordinator.get(URL, {"unit": cast.amman.pk}).content.decode()
    assert options(html, "old") == [str(amman.pk)]
    assert f'<input type="hidden" name="unit" value="{cast.amman.pk}">' in html


def test_the_comparison_shows_counts_changes_and_a_word_diff(
    cast: Cast, as_officer: Client, drafts: Any
) -> None:
    old, new = drafts
    response = as_officer.get(URL, {"old": old.pk, "new": new.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'data-count="added">1<', html)
    assert re.search(r'data-count="removed">0<', html)
    assert re.search(r'data-count="changed">2<', html)
    assert html.count('class="compare-change"') == 3
    assert '<del><span class="ds-sr-only">removed </span>thirty</del>' in html
    assert '<ins><span class="ds-sr-only">added </span>forty</ins>' in html
    assert '<ins><span class="ds-sr-only">added </span>Article 4 Female ex-combatants' in html
    assert "Changed:\n      Article 1 › 1.1</h3>" in html
    change = services.compare_documents(actor=cast.officer, old=old, new=new)
    lost = next(c for c in change.changes if c.themes_removed).themes_removed[0]
    assert f"Themes lost: {exports.theme_labels()[lost]}" in html.replace("\n", " ")


def test_untrusted_text_is_escaped(cast: Cast, as_officer: Client) -> None:
    old = screened(cast, "Article 1\n\nWomen shall take part in the talks.\n", "Old")
    new = screened(
        cast, "Article 1\n\nWomen shall take part <script>alert(1)</script> in the talks.\n", "New"
    )
    html = as_officer.get(URL, {"old": old.pk, "new": new.pk}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_same_draft_twice_is_a_form_error(cast: Cast, as_officer: Client, drafts: Any) -> None:
    html = as_officer.get(URL, {"old": drafts[0].pk, "new": drafts[0].pk}).content.decode()
    assert "Choose two different documents." in html
    assert "data-count" not in html


def test_a_draft_not_screened_yet_is_a_form_error(
    cast: Cast, as_officer: Client, drafts: Any
) -> None:
    waiting = ScreenedDocument.objects.create(
        unit=cast.bogota, title="Waiting", source=Source.PASTE, status=Status.RUNNING
    )
    html = as_officer.get(URL, {"old": drafts[0].pk, "new": waiting.pk}).content.decode()
    assert "“Waiting” has not been screened yet." in html
    assert "data-count" not in html
    html = as_officer.get(URL, {"old": drafts[0].pk, "new": "x"}).content.decode()
    assert "Enter a whole number." in html


def test_another_units_drafts_are_not_compared(
    cast: Cast, as_outsider: Client, drafts: Any
) -> None:
    response = as_outsider.get(URL, {"old": drafts[0].pk, "new": drafts[1].pk})
    assert response.status_code == 200
    html = response.content.decode()
    # Each field's error, in the summary at the top and beside the field.
    assert html.count("Choose a document from the list.") == 4
    assert "Draft one" not in html and "data-count" not in html


def test_an_engine_error_is_a_plain_message(
    cast: Cast, as_officer: Client, drafts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "limits", lambda: Limits(seconds=0.0))
    response = as_officer.get(URL, {"old": drafts[0].pk, "new": drafts[1].pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-color="danger"' in html and "longer than the" in html
    assert "data-count" not in html


def test_reading_restricted_drafts_is_logged(cast: Cast, as_officer: Client) -> None:
    old = screened(cast, docs.AGREEMENT, "Old", classification="restricted")
    new = screened(cast, docs.DRAFT_TWO, "New", classification="restricted")
    assert as_officer.get(URL, {"old": old.pk, "new": new.pk}).status_code == 200
    # One event for the request, naming both drafts.
    event = SecurityEvent.objects.get(kind="restricted.read", actor=cast.officer)
    assert sorted(event.details["records"]) == sorted(
        [f"screening.screeneddocument#{old.pk}", f"screening.screeneddocument#{new.pk}"]
    )


def test_the_page_costs_a_fixed_number_of_queries(
    cast: Cast, as_officer: Client, drafts: Any, django_assert_num_queries: Any
) -> None:
    query = {"old": drafts[0].pk, "new": drafts[1].pk}
    as_officer.get(URL, query)  # content types cached, as in a running server
    with django_assert_num_queries(QUERIES_EMPTY):
        as_officer.get(URL)
    with django_assert_num_queries(QUERIES_COMPARED):
        as_officer.get(URL, query)
    for n in range(5):
        screened(cast, docs.AGREEMENT, f"More {n}")
    with django_assert_num_queries(QUERIES_COMPARED):
        as_officer.get(URL, query)


# Session, person, second factor, unit roles, the screened drafts, the units for the
# filter, and the units the page frame offers.
QUERIES_EMPTY = 7
# And both chosen drafts through the policy layer, then may_read for each in the service.
QUERIES_COMPARED = 11


def test_a_results_page_link_preselects_its_draft(cast: Cast) -> None:
    """`?new=<id>` from a results page picks that draft and shows no error yet."""
    client = verified_client(cast.officer)
    draft = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Draft two",
        classification="internal",
        text=docs.DRAFT_TWO,
    )
    page = client.get(f"/screening/compare/?new={draft.pk}").content.decode()
    assert f'<option value="{draft.pk}" selected>' in page
    assert "error-summary" not in page
