"""The catalogue pages: browse, item permalinks, search, resolutions and resources.

Query counts: a page costs the shell's own queries (session, person, second factor,
memberships, units: five today, six allowed) plus its own, which must not grow with the
number of items shown.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wpsdesk.catalogue.models import Edition, Item
from wpsdesk.catalogue.search import search_document, search_index_update
from wpsdesk.processes.panels import PARENTS as ANALYSIS_PARENTS
from wpsdesk.processes.services import ANALYSIS_QUESTION_CODES
from wpsdesk.screening.panels import themes_for_item

SHELL_QUERIES = 6
#: The catalogue switcher asks which editions are loaded (it shows only with more than one).
SWITCHER_QUERIES = 1


def count_queries(client: Client, url: str, **headers: Any) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def html(client: Client, url: str, **params: Any) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


# --- browse -------------------------------------------------------------------------------


def test_the_index_browses_by_thematic_priority(guidelines: Edition, as_reader: Client) -> None:
    page = html(as_reader, "/catalogue/")
    assert '<h1 class="ds-heading" data-size="lg">Women, Peace and Security' in page
    assert (
        '<a class="ds-link" href="/catalogue/items/P1/">'
        "Peace processes and implementation of peace agreements</a>"
    ) in page
    assert "<summary>Commitment (22)</summary>" in page
    assert "<summary>MFA action point (5)</summary>" in page
    assert (
        '<a class="ds-link" href="/catalogue/items/P1.C.5/"><span class="catalogue-code">P1.C.5'
        in (page)
    )


def test_the_index_links_to_the_checklist_resolutions_resources_lists_and_search(
    guidelines: Edition, as_reader: Client
) -> None:
    page = html(as_reader, "/catalogue/")
    for href in (
        "/catalogue/items/CL/",
        "/catalogue/resolutions/",
        "/catalogue/resources/",
        "/catalogue/priorities/",
    ):
        assert f'href="{href}"' in page
    assert 'action="/catalogue/search/"' in page
    assert '<a class="ds-link" href="/catalogue/items/FN.4/">' in page


def test_without_a_loaded_catalogue_the_index_says_how_to_load_it(
    db: None, as_reader: Client
) -> None:
    response = as_reader.get("/catalogue/")
    assert response.status_code == 404
    assert "wpsdesk catalogue load" in response.content.decode()


def test_the_index_runs_a_fixed_number_of_queries(
    guidelines: Edition, as_reader: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(SHELL_QUERIES + 1 + SWITCHER_QUERIES):
        as_reader.get("/catalogue/")


# --- items --------------------------------------------------------------------------------


def test_an_item_has_a_permalink_with_its_text_and_place_in_the_tree(
    guidelines: Edition, as_reader: Client
) -> None:
    page = html(as_reader, "/catalogue/items/P1.C.5.c/")
    assert '<h1 class="ds-heading" data-size="lg" id="item-heading">Sub-point P1.C.5.c</h1>' in page
    assert "urging the parties to include women in their delegations;" in page
    breadcrumb = page.split('<nav class="ds-breadcrumbs"')[1].split("</nav>")[0]
    assert breadcrumb.index("/catalogue/items/P1/") < breadcrumb.index("/catalogue/items/P1.C.5/")
    assert 'href="/catalogue/items/P1.C.5.c/" aria-current="page"' in breadcrumb
    assert "http://testserver/catalogue/items/P1.C.5.c/" in page


def test_an_item_shows_its_children_as_a_tree(guidelines: Edition, as_reader: Client) -> None:
    page = html(as_reader, "/catalogue/items/P1.BOX.ANALYSIS/")
    assert "Gender-sensitive conflict analyses, including actor analyses</h1>" in page
    contents = page.split('id="contents-heading"')[1]
    for number in range(1, 8):
        assert f'href="/catalogue/items/P1.BOX.ANALYSIS.Q{number}/"' in contents


def test_related_items_show_both_ways(guidelines: Edition, as_reader: Client) -> None:
    """P1.C.4 lists P1.BOX.MEDIATORS; RES.OTHER.8 lists the box: both show on the box."""
    related = html(as_reader, "/catalogue/items/P1.BOX.MEDIATORS/").split('id="related-heading"')[1]
    for code in ("FN.7", "P1.C.4", "RES.OTHER.8", "RES.OTHER.10"):
        assert f'href="/catalogue/items/{code}/"' in related
    commitment = html(as_reader, "/catalogue/items/P1.C.2/").split('id="related-heading"')[1]
    assert 'href="/catalogue/items/CL.2/"' in commitment


def test_an_added_item_is_marked_as_added(guidelines: Edition, as_reader: Client) -> None:
    assert "Added: not in the document itself" in html(as_reader, "/catalogue/items/SCR.2493/")
    assert "Added: not in the document itself" not in html(as_reader, "/catalogue/items/SCR.1325/")


def test_a_retired_item_keeps_its_permalink_and_says_it_is_retired(
    guidelines: Edition, as_reader: Client
) -> None:
    Item.objects.filter(code="CL.8").update(retired_at="2025-01-01T00:00:00Z")
    assert "Retired: no longer in the guidelines" in html(as_reader, "/catalogue/items/CL.8/")
    assert 'href="/catalogue/items/CL.8/"' not in html(as_reader, "/catalogue/items/CL/")


def test_an_unknown_code_is_not_found(guidelines: Edition, as_reader: Client) -> None:
    assert as_reader.get("/catalogue/items/P9.Z/").status_code == 404
    assert as_reader.get("/catalogue/items/%3Cscript%3E/").status_code == 404


@pytest.mark.parametrize(
    ("code", "like"),
    [("P1", "FN.2"), ("CL", "FN.2"), ("P1.C.5", "P1.C.5.a"), ("P1.BOX.ANALYSIS", "P1.C.5.a")],
)
def test_an_item_page_runs_the_same_few_queries_however_big_the_item(
    guidelines: Edition,
    as_reader: Client,
    code: str,
    like: str,
    django_assert_num_queries: Any,
) -> None:
    """P1 shows 60-odd descendants and FN.2 none, yet they cost the same (no query per item).

    A top-level item needs no query for its ancestors, so it is compared with another. The
    screening panel costs one query on items that screening themes relate to, none elsewhere;
    the conflict-analysis panel one on the analysis box, its questions and CL.2.
    """

    def panel(item_code: str) -> int:
        analyses = 1 if item_code in (*ANALYSIS_QUESTION_CODES, *ANALYSIS_PARENTS) else 0
        return (1 if themes_for_item(item_code) else 0) + analyses

    # Each includes one count per serving type with a registry panel (engagements,
    # strategy objectives, grants, best practice, negotiation objectives, statements,
    # reports home), and the conflict-analysis box the analyses panel.
    own = {"P1": 13, "CL": 13, "P1.C.5": 14, "P1.BOX.ANALYSIS": 14}[code]
    with django_assert_num_queries(SHELL_QUERIES + own + SWITCHER_QUERIES):
        as_reader.get(f"/catalogue/items/{code}/")
    assert count_queries(as_reader, f"/catalogue/items/{code}/") - panel(code) == count_queries(
        as_reader, f"/catalogue/items/{like}/"
    ) - panel(like)


# --- search -------------------------------------------------------------------------------


def test_search_lists_hits_with_the_matching_words_highlighted(
    guidelines: Edition, as_reader: Client
) -> None:
    page = html(as_reader, "/catalogue/search/", q='"women mediators"')
    assert "5 items match." in page
    assert "The Norwegian Network of <mark>Women</mark> <mark>Mediators</mark>" in page
    assert '<a class="ds-link" href="/catalogue/items/P1.BOX.MEDIATORS/">' in page
    assert "in Peace processes and implementation of peace agreements" in page


def test_search_escapes_what_it_shows(guidelines: Edition, as_reader: Client) -> None:
    item = Item.objects.get(code="CL.8")
    item.text = "<script>alert(1)</script> women"
    item.search_document = search_document(item.text)
    item.save()
    search_index_update([item])
    page = html(as_reader, "/catalogue/search/", q="alert")
    assert "<script>alert" not in page
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in page


def test_search_pages_through_many_hits(guidelines: Edition, as_reader: Client) -> None:
    first = html(as_reader, "/catalogue/search/", q="women ")
    assert "Page 1 of" in first
    assert 'href="?q=women+&amp;page=2"' in first
    second = html(as_reader, "/catalogue/search/", q="women ", page="2")
    assert '<ol class="catalogue-hits" start="21">' in second


def test_search_for_nothing_or_only_symbols_explains_itself(
    guidelines: Edition, as_reader: Client
) -> None:
    assert "Type a word to search for." in html(as_reader, "/catalogue/search/", q='" * -')
    assert "Nothing in the guidelines matches" in html(as_reader, "/catalogue/search/", q="zzqx")
    empty = html(as_reader, "/catalogue/search/")
    assert "Nothing in the guidelines matches" not in empty
    assert 'id="search-q"' in empty


@pytest.mark.parametrize("q", ["P1.C.5", "p1.c.5", " P1.C.5 "])
def test_a_code_typed_into_search_opens_that_item(
    guidelines: Edition, as_reader: Client, q: str
) -> None:
    response = as_reader.get("/catalogue/search/", {"q": q})
    assert response.status_code == 302
    assert response["Location"] == "/catalogue/items/P1.C.5/"


def test_a_code_like_query_that_is_no_item_searches_as_words(
    guidelines: Edition, as_reader: Client
) -> None:
    response = as_reader.get("/catalogue/search/", {"q": "P9.Z.99"})
    assert response.status_code == 200
    assert "Nothing in the guidelines matches" in response.content.decode()


def test_mediation_finds_the_women_mediators_box(guidelines: Edition, as_reader: Client) -> None:
    page = html(as_reader, "/catalogue/search/", q="mediation")
    assert '<a class="ds-link" href="/catalogue/items/P1.BOX.MEDIATORS/">' in page
    assert "<mark>Mediators</mark>" in page


@pytest.mark.parametrize("q", ['"', "*", "OR", "NEAR(", "-", "a" * 500, "\x00", "السلام"])
def test_hostile_search_input_never_fails(guidelines: Edition, as_reader: Client, q: str) -> None:
    assert as_reader.get("/catalogue/search/", {"q": q}).status_code == 200


def test_htmx_gets_only_the_results_and_the_status(guidelines: Edition, as_reader: Client) -> None:
    response = as_reader.get("/catalogue/search/", {"q": "mediators"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="search-status" role="status" hx-swap-oob="true"' in page
    assert "<mark>Mediators</mark>" in page


def test_the_search_form_works_without_javascript_too(
    guidelines: Edition, as_reader: Client
) -> None:
    page = html(as_reader, "/catalogue/search/", q="mediators")
    form = page.split('<form class="catalogue-search-form"')[1].split(">")[0]
    assert 'method="get" action="/catalogue/search/"' in form
    assert 'hx-get="/catalogue/search/"' in form


@pytest.mark.parametrize("q", ["women", "women mediators", "zzqx"])
def test_the_search_page_runs_the_same_few_queries_for_few_or_many_hits(
    guidelines: Edition, as_reader: Client, q: str, django_assert_num_queries: Any
) -> None:
    hits = 0 if q == "zzqx" else 1  # no hits: nothing to fetch the parents of
    with django_assert_num_queries(SHELL_QUERIES + 2 + hits + SWITCHER_QUERIES):
        as_reader.get("/catalogue/search/", {"q": q})


# --- resolutions and resources ------------------------------------------------------------


def test_the_resolutions_table_lists_all_ten_with_main_messages(
    guidelines: Edition, as_reader: Client
) -> None:
    page = html(as_reader, "/catalogue/resolutions/")
    assert page.count('<th scope="row">') == 10
    assert 'SCR 2467 (2019)</a> <span class="ds-tag" data-color="info">Added</span>' in page
    row_1325 = page.split("SCR 1325 (2000)</a>")[1].split("</tr>")[0]
    assert 'href="/catalogue/items/P1.AP.1/"' in row_1325


def test_the_resources_are_grouped_as_in_the_document(
    guidelines: Edition, as_reader: Client
) -> None:
    page = html(as_reader, "/catalogue/resources/")
    headings = [
        "Relevant action plans and guidelines for the Foreign Service",
        "UN and other international organisations",
        "Civil society organisations",
        "Other resources",
    ]
    positions = [page.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert '<a href="https://www.nordicwomenmediators.org"' in page


@pytest.mark.parametrize("url", ["/catalogue/resolutions/", "/catalogue/resources/"])
def test_tables_and_lists_run_a_fixed_number_of_queries(
    guidelines: Edition, as_reader: Client, url: str, django_assert_num_queries: Any
) -> None:
    queries = {"/catalogue/resolutions/": 2, "/catalogue/resources/": 1}[url]
    with django_assert_num_queries(SHELL_QUERIES + queries + SWITCHER_QUERIES):
        as_reader.get(url)
