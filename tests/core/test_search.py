"""The header search: everything the person may read, grouped by kind, nothing else.

Each absence has a present sibling: the same word found in a record the person may read.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.engagements.factories import make_engagement
from tests.people_at_risk.factories import grant, make_person_at_risk, second_lead
from tests.personas import Cast, verified_client
from tests.planning.factories import load_guidelines, make_chain
from tests.seah.factories import CANARY, make_report
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.core.search import plain_query, providers
from wpsdesk.organisation.models import Classification

SEARCH = reverse("core:search")


def search(person, q: str) -> str:  # type: ignore[no-untyped-def]
    response = verified_client(person).get(SEARCH, {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_hits_are_grouped_by_kind_with_counts_and_a_way_to_the_rest(cast: Cast) -> None:
    load_guidelines()
    make_chain(cast.bogota, cast.officer, title="Lantern goal for the talks")
    for n in range(7):
        make_engagement(cast.bogota, title=f"Lantern meeting {n}")
    page = search(cast.officer, "lantern")
    assert 'data-kind="plans"' in page and 'data-kind="engagements"' in page
    assert 'Engagements <span class="muted">(7)</span>' in page
    assert page.count("Lantern meeting") == 5
    assert f'href="{reverse("engagements:list")}?q=lantern"' in page
    assert "2 more in Engagements" in page
    # A kind with no hits is not listed.
    assert 'data-kind="grants"' not in page


def test_a_restricted_record_is_found_only_with_clearance_and_its_read_is_logged(
    cast: Cast,
) -> None:
    make_engagement(cast.bogota, title="Harbour talks open")
    secret = make_engagement(
        cast.bogota, title="Harbour talks closed", classification=Classification.RESTRICTED
    )
    reader_page = search(cast.reader, "harbour")
    assert "Harbour talks open" in reader_page
    assert "Harbour talks closed" not in reader_page
    assert "(1)" in reader_page
    assert not SecurityEvent.objects.filter(kind="restricted.read").exists()

    officer_page = search(cast.officer, "harbour")
    assert "Harbour talks closed" in officer_page
    read = SecurityEvent.objects.get(kind="restricted.read", actor_id=cast.officer.pk)
    assert f"engagements.engagement#{secret.pk}" in str(read.details)
    # Another unit's people find neither.
    assert "Harbour talks" not in search(cast.outsider, "harbour")


def test_seah_reports_and_people_at_risk_are_never_searched(cast: Cast) -> None:
    report = make_report(cast.bogota, cast.lead)
    make_engagement(cast.bogota, title=f"Debrief {CANARY}")
    heron = make_person_at_risk(cast.bogota, "HERON")
    grant(heron, cast.lead, by=cast.lead, approver=second_lead(cast.bogota))
    make_engagement(cast.bogota, title="HERON river visit")

    page = search(cast.lead, CANARY)
    assert f"Debrief {CANARY}" in page  # the sibling: the word is found where it may be
    assert reverse("seah:detail", args=[report.pk]) not in page
    assert "Reported by the partner" not in page
    page = search(cast.lead, "heron")
    assert "HERON river visit" in page
    assert reverse("people_at_risk:detail", args=[heron.pk]) not in page
    assert {p.key for p in providers()} >= {"guidelines", "plans", "engagements", "grants"}
    assert not {p.key for p in providers()} & {"seah", "people_at_risk"}


def test_a_guideline_code_opens_the_item_and_words_find_items_by_stem(cast: Cast) -> None:
    load_guidelines()
    response = verified_client(cast.reader).get(SEARCH, {"q": " p1.c.1 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:item", args=["P1.C.1"])
    page = search(cast.reader, "P9.Z.99")  # shaped like a code, but no such item: a search
    assert "Nothing you may read matches" in page


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("\"women's network", "women's network"),
        ('"harbour talks" -UN* OR (peace)', "harbour talks UN OR peace"),
        ("  ", ""),
    ],
)
def test_quotes_and_operators_are_read_as_plain_words(typed: str, plain: str) -> None:
    assert plain_query(typed) == plain


def test_an_unclosed_quote_and_operators_still_find(cast: Cast) -> None:
    make_engagement(cast.bogota, title="Harbour talks open")
    assert "Harbour talks open" in search(cast.reader, '"harbour talks')
    assert "Harbour talks open" in search(cast.reader, "-harbour*")
    assert "Nothing you may read matches" in search(cast.reader, '"zzyzx')


def test_the_search_page_costs_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries
) -> None:
    load_guidelines()
    make_chain(cast.bogota, cast.officer, title="Lantern goal for the talks")
    make_engagement(cast.bogota, title="Lantern meeting")
    client = verified_client(cast.officer)
    client.get(SEARCH, {"q": "lantern"})
    with django_assert_num_queries(SEARCH_QUERIES):
        client.get(SEARCH, {"q": "lantern"})
    for n in range(8):
        make_engagement(cast.bogota, title=f"Lantern meeting {n}")
    with django_assert_num_queries(SEARCH_QUERIES + 1):  # one count, as there are more now
        client.get(SEARCH, {"q": "lantern"})


# Session, person, device, roles, units; the current edition (twice: the code check and
# the guidelines); the guidelines' count and page; one page of hits for each other kind.
SEARCH_QUERIES = 15
