"""The process pages: list, detail, forms, analyses and the inclusion assessment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.engagements.factories import make_engagement
from tests.personas import Cast, verified_client
from tests.processes.factories import (
    load_analysis_guidelines,
    make_analysis,
    make_current_plan,
    make_process,
)
from wpsdesk.engagements.models import Team
from wpsdesk.processes import services
from wpsdesk.processes.models import AnalysisStatus, InclusionEntry, PeaceProcess, PhaseChange

#: Session, user, second factor, memberships and grants, count, page, nav …
QUERIES_LIST = 8
# … and the agreements, their tracked clauses, screened documents and mediator requests.
QUERIES_DETAIL = 22
QUERIES_ANALYSIS = 12
QUERIES_COMPARE = 13


def test_the_list_searches_and_filters(cast: Cast, as_officer) -> None:
    make_process(cast.bogota, name="Andes talks", countries="CO,VE", phase="negotiation")
    make_process(cast.bogota, name="Coast dialogue", countries="EC", norway_role="donor")
    url = reverse("processes:list")
    names = lambda response: [p.name for p in response.context["page"].object_list]  # noqa: E731
    assert names(as_officer.get(url)) == ["Andes talks", "Coast dialogue"]
    assert names(as_officer.get(url, {"q": "coast"})) == ["Coast dialogue"]
    assert names(as_officer.get(url, {"phase": "negotiation"})) == ["Andes talks"]
    assert names(as_officer.get(url, {"country": "ve"})) == ["Andes talks"]
    assert names(as_officer.get(url, {"country": "Venezuela"})) == ["Andes talks"]
    assert names(as_officer.get(url, {"role": "donor"})) == ["Coast dialogue"]
    response = as_officer.get(url, {"country": "Narnia"})
    assert "is not a country code" in response.content.decode()
    assert "Colombia, Venezuela" in as_officer.get(url).content.decode()


def test_a_country_filter_matches_whole_codes_only(cast: Cast, as_officer) -> None:
    make_process(cast.bogota, name="Two", countries="CO,VE")
    response = as_officer.get(reverse("processes:list"), {"country": "OV"})
    assert "is not a country code" in response.content.decode()
    response = as_officer.get(reverse("processes:list"), {"country": "EC"})
    assert response.context["page"].paginator.count == 0
    response = as_officer.get(reverse("processes:list"), {"country": "ve"})
    assert response.context["page"].paginator.count == 1


def test_the_list_pages_by_25_with_a_flat_query_count(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    make_process(cast.bogota, name="P 00")
    as_officer.get(reverse("processes:list"))
    with django_assert_num_queries(QUERIES_LIST):
        as_officer.get(reverse("processes:list"))
    for n in range(1, 30):
        make_process(cast.bogota, name=f"P {n:02}", contributing=[cast.amman])
    with django_assert_num_queries(QUERIES_LIST):
        response = as_officer.get(reverse("processes:list"), {"page": "2"})
    assert len(response.context["page"].object_list) == 5


def test_a_restricted_process_of_another_unit_is_not_found(cast: Cast, as_outsider) -> None:
    process = make_process(cast.bogota, classification="restricted")
    assert as_outsider.get(reverse("processes:detail", args=[process.pk])).status_code == 404
    assert process.name not in as_outsider.get(reverse("processes:list")).content.decode()
    officer = verified_client(cast.officer)
    assert process.name in officer.get(reverse("processes:list")).content.decode()


def test_the_detail_page_brings_together_what_exists(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    load_analysis_guidelines()
    process = make_process(cast.bogota, contributing=[cast.amman], parties="Government\nFront")
    make_analysis(process, title="Baseline analysis")
    consultation = make_engagement(
        cast.bogota, title="Women's network round", counts={("civil_society", "women"): 4}
    )
    consultation.process = process
    consultation.save()
    entry = InclusionEntry.objects.create(process=process, group="minorities", gaps="Few heard")
    entry.consultations.add(consultation)
    Team.objects.create(
        unit=cast.bogota, name="Facilitation team", kind="peace_process", process=process
    )
    url = reverse("processes:detail", args=[process.pk])
    as_officer.get(url)
    with django_assert_num_queries(QUERIES_DETAIL):
        response = as_officer.get(url)
    html = response.content.decode()
    for text in (
        "Baseline analysis",
        "Women&#x27;s network round",
        "Facilitation team",
        "Front",
        "Few heard",
        "Embassy in Amman",
        "4 (100",
    ):
        assert text in html, text
    # More of everything costs no more queries.
    for n in range(5):
        make_analysis(process, title=f"Analysis {n}")
        e = make_engagement(cast.bogota, title=f"Round {n}", counts={("norway", "men"): 2})
        e.process = process
        e.save()
        Team.objects.create(unit=cast.bogota, name=f"Team {n}", kind="negotiation", process=process)
    with django_assert_num_queries(QUERIES_DETAIL):
        as_officer.get(url)


def test_an_engagement_of_another_unit_is_not_shown_on_the_process(cast: Cast, as_officer) -> None:
    process = make_process(cast.bogota, contributing=[cast.amman])
    theirs = make_engagement(cast.amman, country="JO", title="Amman round")
    theirs.process = process
    theirs.save()
    ours = make_engagement(cast.bogota, title="Bogota round")
    ours.process = process
    ours.save()
    html = as_officer.get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "Bogota round" in html and "Amman round" not in html


def test_recording_a_process_through_the_page(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("processes:create"),
        {
            "name": "  Fictional  river talks ",
            "countries": "co",
            "phase": "exploratory",
            "norway_role": "facilitator",
            "classification": "internal",
            "contributing_units": [cast.amman.pk],
        },
    )
    process = PeaceProcess.objects.get()
    assert response.status_code == 302 and response["Location"] == process.get_absolute_url()
    assert process.name == "Fictional river talks" and process.unit == cast.bogota
    assert list(process.contributing_units.all()) == [cast.amman]


def test_bad_input_changes_nothing_and_says_why(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("processes:create"),
        {
            "name": "",
            "countries": "XX",
            "phase": "exploratory",
            "norway_role": "donor",
            "classification": "internal",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the process a name." in html or "This field is required." in html
    assert "“XX” is not a country code" in html
    assert not PeaceProcess.objects.exists()


def test_changing_the_phase_through_the_page_adds_to_the_history(cast: Cast, as_officer) -> None:
    process = make_process(cast.bogota, phase="negotiation")
    url = reverse("processes:edit", args=[process.pk])
    response = as_officer.post(
        url,
        {
            "name": process.name,
            "countries": "CO",
            "phase": "ceasefire",
            "phase_since": "2026-06-01",
            "norway_role": "guarantor",
            "classification": "internal",
            "version": str(process.version),
        },
    )
    assert response.status_code == 302
    assert list(PhaseChange.objects.filter(process=process).values_list("phase", flat=True)) == [
        "ceasefire",
        "negotiation",
    ]
    stale = as_officer.post(
        url,
        {
            "name": "Old",
            "countries": "CO",
            "phase": "ceasefire",
            "norway_role": "guarantor",
            "classification": "internal",
            "version": str(process.version),
        },
    )
    assert stale.status_code == 409
    process.refresh_from_db()
    assert process.name != "Old"


def test_a_contributing_reader_sees_the_process_but_no_change_button(
    cast: Cast, as_outsider
) -> None:
    process = make_process(cast.bogota, contributing=[cast.amman])
    response = as_outsider.get(reverse("processes:detail", args=[process.pk]))
    assert response.status_code == 200
    assert reverse("processes:edit", args=[process.pk]) not in response.content.decode()
    officer = verified_client(cast.officer)
    html = officer.get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert reverse("processes:edit", args=[process.pk]) in html
    assert as_outsider.get(reverse("processes:edit", args=[process.pk])).status_code == 403


# --- analyses -----------------------------------------------------------------------------


@pytest.fixture
def analysis(cast: Cast):  # type: ignore[no-untyped-def]
    load_analysis_guidelines()
    return services.analysis_create(
        actor=cast.officer,
        unit=cast.bogota,
        title="Andes analysis",
        process=make_process(cast.bogota),
    )


def _draft_post(analysis, text: str, **extra: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    draft = analysis.versions.get(status=AnalysisStatus.DRAFT)
    data = {
        "analysed_on": "2026-04-01",
        "authors": "Desk officer",
        "sources": "Interviews",
        "used_in": "Country strategy",
        "version": str(analysis.version),
        "actors-TOTAL_FORMS": "1",
        # As the page sends it: the actors copied into the draft are its initial forms.
        "actors-INITIAL_FORMS": str(draft.actors.count()),
        "actors-0-name": "Women's platform",
        "actors-0-kind": "womens_group",
        "actors-0-stance": "agent",
        "actors-0-represents": "Rural women",
    }
    for answer in draft.answers.all():
        data[f"answer_{answer.item_id}"] = text
    data.update(extra)
    return data


def test_recording_an_analysis_and_comparing_its_versions(
    cast: Cast, analysis, django_assert_num_queries
) -> None:
    officer = verified_client(cast.officer)
    response = officer.post(
        reverse("processes:analysis_edit", args=[analysis.pk]),
        _draft_post(analysis, "Women displaced first"),
    )
    assert response.status_code == 302
    lead = verified_client(cast.lead)
    assert lead.post(reverse("processes:analysis_approve", args=[analysis.pk])).status_code == 302
    officer.post(reverse("processes:analysis_new_version", args=[analysis.pk]))
    analysis.refresh_from_db()
    response = officer.post(
        reverse("processes:analysis_edit", args=[analysis.pk]),
        _draft_post(analysis, "Returns began"),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    url = reverse("processes:analysis", args=[analysis.pk])
    officer.get(url)
    with django_assert_num_queries(QUERIES_ANALYSIS):
        html = officer.get(url).content.decode()
    assert "Returns began" in html and "Women&#x27;s platform" in html
    assert "Women displaced first" in officer.get(url, {"version": "1"}).content.decode()
    compare = reverse("processes:analysis_compare", args=[analysis.pk])
    officer.get(compare)
    with django_assert_num_queries(QUERIES_COMPARE):
        response = officer.get(compare)
    rows = response.context["rows"]
    assert len(rows) == 10 and all(r.changed for r in rows)
    assert rows[0].left == "Women displaced first" and rows[0].right == "Returns began"


def test_an_approved_version_has_no_edit_page(cast: Cast, analysis, as_officer) -> None:
    services.analysis_approve(actor=cast.lead, analysis=analysis)
    response = as_officer.get(reverse("processes:analysis_edit", args=[analysis.pk]))
    assert response.status_code == 302 and response["Location"] == analysis.get_absolute_url()


def test_an_editor_may_not_approve(cast: Cast, analysis, as_officer) -> None:
    response = as_officer.post(reverse("processes:analysis_approve", args=[analysis.pk]))
    assert response.status_code == 403
    assert analysis.versions.get().status == AnalysisStatus.DRAFT


def test_a_missing_version_is_not_found(cast: Cast, analysis, as_officer) -> None:
    url = reverse("processes:analysis", args=[analysis.pk])
    assert as_officer.get(url, {"version": "9"}).status_code == 404
    assert as_officer.get(url, {"version": "x"}).status_code == 404


def test_the_item_page_of_a_question_lists_the_analyses_that_answer_it(
    cast: Cast, analysis, as_officer
) -> None:
    hidden = services.analysis_create(
        actor=cast.outsider,
        unit=cast.amman,
        title="Amman restricted analysis",
        process=make_process(cast.amman, name="Other talks"),
        classification="restricted",
    )
    for record in (analysis, hidden):
        draft = record.versions.get()
        q1 = draft.answers.get(item__code="P1.BOX.ANALYSIS.Q1")
        q1.answer = "Answered"
        q1.save()
    q1_url = reverse("catalogue:item", args=["P1.BOX.ANALYSIS.Q1"])
    html = as_officer.get(q1_url).content.decode()
    assert "Conflict analyses that answer this" in html
    assert "Andes analysis" in html and "Amman restricted analysis" not in html
    outsider_html = verified_client(cast.outsider).get(q1_url).content.decode()
    assert "Amman restricted analysis" in outsider_html and "Andes analysis" not in outsider_html
    # An unanswered question lists nothing; the box lists what answers any of its questions.
    q2 = as_officer.get(reverse("catalogue:item", args=["P1.BOX.ANALYSIS.Q2"])).content.decode()
    assert "Andes analysis" not in q2 and "No analysis you may see answers this yet." in q2
    box = as_officer.get(reverse("catalogue:item", args=["P1.BOX.ANALYSIS"])).content.decode()
    assert "Andes analysis" in box
    other = as_officer.get(reverse("catalogue:item", args=["P1.C.1"])).content.decode()
    assert "Conflict analyses that answer this" not in other


def test_the_panel_is_bounded(cast: Cast, as_officer) -> None:
    load_analysis_guidelines()
    process = make_process(cast.bogota)
    for n in range(12):
        record = services.analysis_create(
            actor=cast.officer, unit=cast.bogota, title=f"Analysis {n:02}", process=process
        )
        record.versions.get().answers.filter(item__code="CL.2.a").update(answer="Yes")
    html = as_officer.get(reverse("catalogue:item", args=["CL.2.a"])).content.decode()
    assert "Analysis 09" in html and "Analysis 10" not in html
    assert "and 2 more analyses" in html


# --- inclusion ----------------------------------------------------------------------------


def test_an_inclusion_gap_becomes_an_activity_through_the_pages(cast: Cast, as_officer) -> None:
    load_analysis_guidelines()
    make_current_plan(cast.bogota, cast.lead)
    process = make_process(cast.bogota)
    consultation = make_engagement(cast.bogota, title="Consultation with councils")
    consultation.process = process
    consultation.save()
    url = reverse("processes:inclusion_edit", args=[process.pk, "minorities"])
    response = as_officer.post(
        url,
        {
            "assessment": "Heard once.",
            "gaps": "No indigenous women.",
            "consultations": [consultation.pk],
        },
    )
    assert response.status_code == 302
    entry = InclusionEntry.objects.get()
    assert list(entry.consultations.all()) == [consultation]
    page = as_officer.get(url).content.decode()
    assert "Turn the gaps into an activity" in page
    response = as_officer.post(
        reverse("processes:inclusion_activity", args=[process.pk, "minorities"]),
        {"title": "Meet the indigenous women's council"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.activity is not None
    detail = as_officer.get(process.get_absolute_url()).content.decode()
    assert "Meet the indigenous women&#x27;s council" in detail


def test_an_unknown_group_is_not_found(cast: Cast, as_officer) -> None:
    process = make_process(cast.bogota)
    url = reverse("processes:inclusion_edit", args=[process.pk, "everyone"])
    assert as_officer.get(url).status_code == 404


def test_an_activity_without_a_title_is_refused(cast: Cast, as_officer) -> None:
    load_analysis_guidelines()
    make_current_plan(cast.bogota, cast.lead)
    process = make_process(cast.bogota)
    InclusionEntry.objects.create(process=process, group="lbt_women", gaps="Not consulted")
    response = as_officer.post(
        reverse("processes:inclusion_activity", args=[process.pk, "lbt_women"]), {"title": ""}
    )
    assert response.status_code == 400
    assert InclusionEntry.objects.get().activity is None


# --- engagements and teams ----------------------------------------------------------------


def test_the_engagement_form_offers_only_processes_the_person_may_see(
    cast: Cast, as_officer
) -> None:
    make_process(cast.bogota, name="Our talks")
    make_process(cast.amman, name="Their talks")
    html = as_officer.get(reverse("engagements:create")).content.decode()
    assert "Our talks" in html and "Their talks" not in html


def test_an_engagement_links_to_a_process_and_names_it_only_to_its_readers(
    cast: Cast, as_officer
) -> None:
    process = make_process(cast.bogota, name="Our talks", classification="restricted")
    engagement = make_engagement(cast.bogota, peace_process="old text")
    engagement.process = process
    engagement.save()
    url = reverse("engagements:detail", args=[engagement.pk])
    assert "Our talks" in as_officer.get(url).content.decode()
    reader_html = verified_client(cast.reader).get(url).content.decode()
    assert "Our talks" not in reader_html and "old text" in reader_html
    # Its editor, who may read the process, is offered it in the form.
    edit = reverse("engagements:edit", args=[engagement.pk])
    assert "Our talks" in as_officer.get(edit).content.decode()


def test_an_analysis_names_its_process_only_to_those_who_may_read_it(cast: Cast) -> None:
    process = make_process(cast.bogota, name="Closed Andes talks", contributing=[cast.amman])
    analysis = make_analysis(process, title="Seen from Amman", unit=cast.amman)
    url = reverse("processes:analysis", args=[analysis.pk])
    outsider = verified_client(cast.outsider)
    assert "Closed Andes talks" in outsider.get(url).content.decode()
    process.contributing_units.clear()
    html = outsider.get(url).content.decode()
    assert "Seen from Amman" in html and "Closed Andes talks" not in html
