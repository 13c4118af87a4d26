"""The engagements API: same rules, same services, same figures as the pages."""

from __future__ import annotations

import json

from tests.engagements.factories import make_engagement
from tests.personas import Cast, verified_client
from wpsdesk.engagements.models import Engagement

URL = "/api/engagements/"


def post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


MEETING = {
    "unit": "test-bogota",
    "date": "2026-03-01",
    "kind": "negotiation",
    "country": "co",
    "title": "Round three",
    "reference": "NEG-3",
    "participation": [
        {"side": "norway", "category": "women", "count": 2},
        {"side": "norway", "category": "men", "count": 2},
        {"side": "norway", "measure": "led", "category": "women", "count": 1},
        {"side": "counterpart", "category": "men", "count": 7},
    ],
}


def test_an_editor_logs_an_engagement_through_the_api(cast: Cast, as_officer) -> None:
    response = post(as_officer, URL, MEETING)
    assert response.status_code == 201, response.content
    engagement = Engagement.objects.get()
    assert (engagement.country, engagement.external_ref, engagement.created_by) == (
        "CO",
        "NEG-3",
        cast.officer,
    )
    assert engagement.participation.count() == 4  # the counts given and the lead; no blanks
    again = post(as_officer, URL, MEETING)
    assert again.status_code == 400
    assert "Another engagement has this reference." in again.content.decode()


def test_counts_that_do_not_add_up_are_a_400_in_plain_words(cast: Cast, as_officer) -> None:
    data = dict(
        MEETING,
        participation=[
            {"side": "norway", "measure": "led", "category": "men", "count": 1},
            {"side": "norway", "category": "women", "count": 3},
            {"side": "norway", "category": "men", "count": 0},
        ],
    )
    response = post(as_officer, URL, data)
    assert response.status_code == 400
    assert "Norway's delegation – men: 1 led, but only 0 took part." in response.content.decode()
    assert not Engagement.objects.exists()


def test_writing_in_another_unit_is_refused(cast: Cast, as_outsider) -> None:
    assert post(as_outsider, URL, MEETING).status_code == 403
    engagement = make_engagement(cast.bogota)
    url = f"{URL}{engagement.pk}/"
    assert as_outsider.get(url).status_code == 404
    assert post(as_outsider, url, {"title": "Mine now"}, "patch").status_code == 404
    assert Engagement.objects.get().title != "Mine now"


def test_a_reader_reads_but_may_not_change(cast: Cast, as_reader) -> None:
    engagement = make_engagement(cast.bogota)
    url = f"{URL}{engagement.pk}/"
    assert as_reader.get(url).json()["title"] == engagement.title
    assert post(as_reader, url, {"title": "Changed"}, "patch").status_code == 403


def test_a_patch_keeps_the_counts_it_does_not_mention(cast: Cast, as_officer) -> None:
    post(as_officer, URL, MEETING)
    engagement = Engagement.objects.get()
    url = f"{URL}{engagement.pk}/"
    response = as_officer.patch(
        url,
        json.dumps({"wps_on_agenda": True}),
        content_type="application/json",
        headers={"If-Match": as_officer.get(url)["ETag"]},
    )
    assert response.status_code == 200, response.content
    assert engagement.participation.count() == 4
    assert Engagement.objects.get().wps_on_agenda


def test_the_list_is_filtered_and_its_query_count_is_flat(
    cast: Cast, as_coordinator, django_assert_num_queries
) -> None:
    make_engagement(cast.bogota, counts={("norway", "women"): 1})
    make_engagement(cast.amman, country="JO", classification="restricted")
    with django_assert_num_queries(QUERIES_API_LIST):
        response = as_coordinator.get(URL)
    assert response.json()["count"] == 1
    for _ in range(10):
        make_engagement(cast.amman, country="JO", counts={("counterpart", "men"): 5})
    with django_assert_num_queries(QUERIES_API_LIST):
        response = as_coordinator.get(URL, {"country": "JO"})
    assert response.json()["count"] == 10


# Session, person, second factor, unit roles, filter units, count, page and the
# prefetched counts, messages and issues: a fixed number whatever the rows.
QUERIES_API_LIST = 9


def test_figures_hide_small_cells_for_hq(cast: Cast, as_coordinator) -> None:
    make_engagement(cast.bogota, counts={("norway", "women"): 3, ("norway", "men"): 9})
    figures = as_coordinator.get("/api/engagements/figures/").json()
    assert figures["small_cells_hidden"] is True
    first = figures["charts"][0]["rows"][0]["values"][0]
    assert first == {"share": None, "part": None, "whole": 12, "suppressed": True}
    own = verified_client(cast.officer).get("/api/engagements/figures/").json()
    assert own["charts"][0]["rows"][0]["values"][0]["share"] == 0.25


def test_a_reference_in_a_unit_one_may_not_write_is_refused_whether_taken_or_free(
    cast: Cast, as_officer, as_outsider
) -> None:
    assert post(as_officer, URL, MEETING).status_code == 201
    taken = post(as_outsider, URL, MEETING)
    free = post(as_outsider, URL, dict(MEETING, reference="NEG-4"))
    assert (taken.status_code, free.status_code) == (403, 403)
    assert taken.json() == free.json()
    assert Engagement.objects.count() == 1


def test_a_reader_changing_the_reference_is_refused_whether_taken_or_free(
    cast: Cast, as_reader
) -> None:
    make_engagement(cast.bogota, external_ref="TAKEN")
    engagement = make_engagement(cast.bogota)
    url = f"{URL}{engagement.pk}/"
    taken = post(as_reader, url, {"reference": "TAKEN"}, "patch")
    free = post(as_reader, url, {"reference": "FREE"}, "patch")
    assert (taken.status_code, free.status_code) == (403, 403)
    assert taken.json() == free.json()
