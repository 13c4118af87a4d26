"""The multilateral pages: the file list, a file, its forms, statements, side events, forums."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.multilateral.factories import (
    add_draft,
    document,
    forum,
    make_event,
    make_file,
    make_objective,
    make_statement,
)
from tests.personas import Cast, verified_client
from tests.planning.factories import item, load_guidelines
from wpsdesk.multilateral.models import (
    Draft,
    ForumRecord,
    NegotiationFile,
    NegotiationObjective,
    SideEvent,
    Statement,
)

#: Session, user, second factor, memberships and grants, forums of the filter, count, page …
QUERIES_LIST = 9
QUERIES_DETAIL = 14


def titles(response) -> list[str]:
    return [f.title for f in response.context["page"].object_list]


def test_the_list_searches_and_filters(cast: Cast, as_officer) -> None:
    make_file(cast.bogota, title="Mandate of the mission", kind="mandate_renewal", year=2025)
    make_file(
        cast.bogota,
        title="Agreed conclusions",
        kind="conclusions",
        forum=forum("csw"),
        allies="Nordic group",
        status="adopted",
    )
    url = reverse("multilateral:list")
    assert titles(as_officer.get(url)) == ["Agreed conclusions", "Mandate of the mission"]
    assert titles(as_officer.get(url, {"q": "nordic"})) == ["Agreed conclusions"]
    assert titles(as_officer.get(url, {"forum": forum("csw").pk})) == ["Agreed conclusions"]
    assert titles(as_officer.get(url, {"kind": "mandate_renewal"})) == ["Mandate of the mission"]
    assert titles(as_officer.get(url, {"year": "2025"})) == ["Mandate of the mission"]
    assert titles(as_officer.get(url, {"status": "adopted"})) == ["Agreed conclusions"]
    response = as_officer.get(url, {"year": "20266"})
    assert "Ensure this value is less than or equal to 2100" in response.content.decode()


def test_the_list_pages_by_25_with_a_flat_query_count(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    make_file(cast.bogota, title="F 00")
    as_officer.get(reverse("multilateral:list"))
    with django_assert_num_queries(QUERIES_LIST):
        as_officer.get(reverse("multilateral:list"))
    for n in range(1, 30):
        make_file(cast.bogota, title=f"F {n:02}", forum=forum("csw" if n % 2 else "unga"))
    with django_assert_num_queries(QUERIES_LIST):
        response = as_officer.get(reverse("multilateral:list"), {"page": "2"})
    assert len(response.context["page"].object_list) == 5


def test_a_restricted_file_is_not_found_and_not_listed_without_clearance(
    cast: Cast, as_outsider, as_reader
) -> None:
    secret = make_file(cast.bogota, title="Budget talks", classification="restricted")
    make_file(cast.bogota, title="Open resolution")
    make_file(cast.amman, title="Amman resolution")
    detail = reverse("multilateral:detail", args=[secret.pk])
    # Another unit: 404, and the list holds only its own unit's file.
    assert as_outsider.get(detail).status_code == 404
    assert titles(as_outsider.get(reverse("multilateral:list"))) == ["Amman resolution"]
    # The unit's reader without clearance: 404, and only the internal sibling is listed.
    assert as_reader.get(detail).status_code == 404
    listed = as_reader.get(reverse("multilateral:list")).content.decode()
    assert "Open resolution" in listed
    assert "Budget talks" not in listed
    officer = verified_client(cast.officer)
    assert "Budget talks" in officer.get(reverse("multilateral:list")).content.decode()
    assert officer.get(detail).status_code == 200


def test_the_file_page_shows_objectives_drafts_and_statements(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    load_guidelines()
    file = make_file(cast.bogota, allies="Group of Friends of WPS")
    objective = make_objective(
        file, outcome="in_part", adopted="Encourages parties to include women."
    )
    objective.serves.set([item("P2.C.1")])
    one, two = document(cast.bogota, "Zero draft"), document(cast.bogota, "Rev. 1")
    add_draft(file, one, 1, "zero draft")
    add_draft(file, two, 2, "rev. 1")
    statement = make_statement(cast.bogota, file=file, title="Statement in the debate")
    statement.messages.set([item("P1.C.1")])
    make_event(cast.bogota, file=file, title="Side event on mediators")
    url = reverse("multilateral:detail", args=[file.pk])
    as_officer.get(url)
    with django_assert_num_queries(QUERIES_DETAIL):
        response = as_officer.get(url)
    html = response.content.decode()
    for text in (
        "Women in every delegation",
        "Encourages parties to include women.",
        "Adopted in part",
        "P2.C.1",
        "Zero draft",
        "Group of Friends of WPS",
        "Statement in the debate",
        "P1.C.1",
        "Side event on mediators",
    ):
        assert text in html
    compare = reverse("screening:compare") + f"?old={one.pk}&amp;new={two.pk}"
    assert compare in html


def test_a_draft_more_restricted_than_the_file_is_left_out_for_a_reader_without_clearance(
    cast: Cast, as_reader
) -> None:
    file = make_file(cast.bogota)
    add_draft(file, document(cast.bogota, "Open draft"), 1)
    add_draft(file, document(cast.bogota, "Closed draft", classification="restricted"), 2)
    html = as_reader.get(reverse("multilateral:detail", args=[file.pk])).content.decode()
    assert "Open draft" in html
    assert "Closed draft" not in html
    officer = verified_client(cast.officer)
    assert (
        "Closed draft"
        in officer.get(reverse("multilateral:detail", args=[file.pk])).content.decode()
    )


def test_open_and_change_a_file(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("multilateral:create"),
        {
            "unit": cast.bogota.pk,
            "title": "  Resolution   on CRSV ",
            "kind": "resolution",
            "forum": forum().pk,
            "year": "2026",
            "status": "open",
            "classification": "internal",
        },
    )
    file = NegotiationFile.objects.get()
    assert response.status_code == 302
    assert file.title == "Resolution on CRSV"
    assert file.created_by == cast.officer
    edit = reverse("multilateral:edit", args=[file.pk])
    response = as_officer.post(
        edit,
        {
            "title": "Resolution on CRSV",
            "kind": "resolution",
            "forum": forum().pk,
            "year": "2026",
            "status": "adopted",
            "classification": "internal",
            "version": file.version,
        },
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.status == "adopted"
    assert file.version == 2


def test_a_file_without_a_title_or_year_is_refused_in_plain_words(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("multilateral:create"),
        {
            "unit": cast.bogota.pk,
            "title": " ",
            "kind": "resolution",
            "forum": forum().pk,
            "status": "open",
            "classification": "internal",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert set(response.context["form"].errors) == {"title", "year"}  # blank once trimmed
    assert not NegotiationFile.objects.exists()


def test_add_an_objective_with_what_it_serves_and_then_its_outcome(cast: Cast, as_officer) -> None:
    load_guidelines()
    file = make_file(cast.bogota)
    add = reverse("multilateral:objective_add", args=[file.pk])
    response = as_officer.post(
        add,
        {
            "objective": "Women protection advisers",
            "proposed": "Requests the deployment of women protection advisers.",
            "outcome": "pending",
            "serves_codes": "p2.c.1 NOPE.1",
        },
    )
    assert response.status_code == 400
    assert "These codes are not in the current guidelines: NOPE.1." in response.content.decode()
    as_officer.post(
        add,
        {
            "objective": "Women protection advisers",
            "proposed": "Requests the deployment of women protection advisers.",
            "outcome": "pending",
            "serves_codes": "p2.c.1",
        },
    )
    objective = NegotiationObjective.objects.get()
    assert [i.code for i in objective.serves.all()] == ["P2.C.1"]
    edit = reverse("multilateral:objective_edit", args=[objective.pk])
    data = {
        "objective": "Women protection advisers",
        "proposed": "Requests the deployment of women protection advisers.",
        "outcome": "in_full",
        "serves_codes": "P2.C.1",
        "version": objective.version,
    }
    response = as_officer.post(edit, data)
    assert response.status_code == 400
    assert "Give the language adopted, or choose another outcome." in response.content.decode()
    data["adopted"] = "Requests the deployment of women protection advisers."
    assert as_officer.post(edit, data).status_code == 302
    objective.refresh_from_db()
    assert objective.outcome == "in_full"


def test_add_a_draft_from_the_units_screened_documents(cast: Cast, as_officer) -> None:
    file = make_file(cast.bogota)
    mine = document(cast.bogota, "Zero draft")
    theirs = document(cast.amman, "Amman's draft")
    url = reverse("multilateral:draft_add", args=[file.pk])
    html = as_officer.get(url).content.decode()
    assert "Zero draft" in html
    assert "Amman&#x27;s draft" not in html and "Amman's draft" not in html
    response = as_officer.post(url, {"document": theirs.pk})
    assert response.status_code == 400
    assert "Choose a document from the list." in response.content.decode()
    assert as_officer.post(url, {"document": mine.pk, "label": "zero"}).status_code == 302
    draft = Draft.objects.get()
    assert (draft.document, draft.position, draft.label) == (mine, 1, "zero")


def test_add_a_statement_to_a_file_with_its_wps_messages(cast: Cast, as_officer) -> None:
    load_guidelines()
    file = make_file(cast.bogota)
    url = reverse("multilateral:statement_add", args=[file.pk])
    form = as_officer.get(url).context["form"]
    assert form["file"].value() == file.pk
    response = as_officer.post(
        url,
        {
            "unit": cast.bogota.pk,
            "title": "Statement at the open debate",
            "forum": forum().pk,
            "delivered_on": "2026-10-24",
            "speaker": "Ambassador",
            "file": file.pk,
            "classification": "internal",
            "message_codes": "P1.C.1 P2.C.1",
        },
    )
    statement = Statement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == statement.get_absolute_url()
    assert statement.file == file
    assert sorted(i.code for i in statement.messages.all()) == ["P1.C.1", "P2.C.1"]
    html = as_officer.get(statement.get_absolute_url()).content.decode()
    assert "P2.C.1" in html and file.title in html


def test_a_statement_cannot_hang_from_another_units_file(cast: Cast, as_officer) -> None:
    other = make_file(cast.amman, title="Amman's file")
    response = as_officer.post(
        reverse("multilateral:statement_create"),
        {
            "unit": cast.bogota.pk,
            "title": "Statement",
            "forum": forum().pk,
            "delivered_on": "2026-10-24",
            "speaker": "Ambassador",
            "file": other.pk,
            "classification": "internal",
        },
    )
    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_record_a_side_event_with_its_speakers_by_gender(cast: Cast, as_officer) -> None:
    url = reverse("multilateral:event_create") + "?forum=csw"
    assert as_officer.get(url).context["form"]["forum"].value() == forum("csw").pk
    response = as_officer.post(
        url,
        {
            "unit": cast.bogota.pk,
            "title": "Women mediators",
            "forum": forum("csw").pk,
            "held_on": "2026-03-12",
            "role": "organised",
            "classification": "internal",
            "speakers_women": "3",
            "speakers_men": "1",
            "speakers_other": "",
        },
    )
    event = SideEvent.objects.get()
    assert response.status_code == 302
    assert dict(event.speakers.values_list("gender", "count")) == {"women": 3, "men": 1}
    html = as_officer.get(event.get_absolute_url()).content.decode()
    assert "Women" in html and "Not counted." not in html
    response = as_officer.post(
        reverse("multilateral:event_edit", args=[event.pk]),
        {
            "title": "Women mediators",
            "forum": forum("csw").pk,
            "held_on": "2026-03-12",
            "role": "organised",
            "classification": "internal",
            "speakers_women": "-1",
            "version": event.version,
        },
    )
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()


def test_forum_pages_list_plans_statements_and_events_the_person_may_see(
    cast: Cast, as_outsider, as_reader
) -> None:
    csw = forum("csw")
    make_event(cast.bogota, title="Open event", forum=csw, speakers={"women": 2})
    make_event(cast.bogota, title="Closed event", forum=csw, classification="restricted")
    make_statement(cast.bogota, title="Open statement", forum=csw)
    html = as_reader.get(reverse("multilateral:forum", args=["csw"])).content.decode()
    assert "Open event" in html and "Women: 2" in html and "Open statement" in html
    assert "Closed event" not in html
    assert (
        "Commission on the Status of Women"
        in as_outsider.get(reverse("multilateral:forums")).content.decode()
    )
    add = reverse("multilateral:forum_record_add", args=["csw"])
    response = as_outsider.post(
        add,
        {
            "kind": "action_plan",
            "title": "Gender action plan",
            "adopted_on": "2026-05-01",
            "runs_until": "2025-01-01",
        },
    )
    assert response.status_code == 400
    assert "It cannot end before it was adopted." in response.content.decode()
    response = as_outsider.post(
        add, {"kind": "action_plan", "title": "Gender action plan", "url": "https://example.org/"}
    )
    assert response.status_code == 302
    assert ForumRecord.objects.get().added_by == cast.outsider
    assert (
        "Gender action plan"
        in as_outsider.get(reverse("multilateral:forum", args=["csw"])).content.decode()
    )


def test_an_unknown_forum_is_not_found(cast: Cast, as_officer) -> None:
    assert as_officer.get(reverse("multilateral:forum", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("language", ["nb"])
def test_the_pages_speak_bokmal(cast: Cast, as_officer, language: str) -> None:
    make_file(cast.bogota, title="Resolusjon")
    as_officer.cookies["django_language"] = language
    html = as_officer.get(reverse("multilateral:list"), HTTP_ACCEPT_LANGUAGE=language).content
    assert "Forhandlingssaker" in html.decode()
    forums = as_officer.get(reverse("multilateral:forums"), HTTP_ACCEPT_LANGUAGE=language)
    assert "FNs sikkerhetsråd" in forums.content.decode()


QUERIES_STATEMENT = 9
QUERIES_EVENT = 9
QUERIES_FORUM = 11


def test_statement_event_and_forum_pages_have_a_fixed_query_count(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    load_guidelines()
    file = make_file(cast.bogota)
    statement = make_statement(cast.bogota, file=file, forum=forum("csw"))
    statement.messages.set([item("P1.C.1"), item("P2.C.1")])
    event = make_event(cast.bogota, file=file, speakers={"women": 2, "men": 1})
    for url, queries in (
        (statement.get_absolute_url(), QUERIES_STATEMENT),
        (event.get_absolute_url(), QUERIES_EVENT),
        (reverse("multilateral:forum", args=["csw"]), QUERIES_FORUM),
    ):
        as_officer.get(url)
        with django_assert_num_queries(queries):
            assert as_officer.get(url).status_code == 200
    for n in range(5):
        make_statement(cast.bogota, title=f"S{n}", forum=forum("csw")).messages.set(
            [item("P1.C.1")]
        )
        make_event(cast.bogota, title=f"E{n}", speakers={"women": n})
    with django_assert_num_queries(QUERIES_FORUM):
        html = as_officer.get(reverse("multilateral:forum", args=["csw"])).content.decode()
    assert "S4" in html and "E4" in html
