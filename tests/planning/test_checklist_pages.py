"""The mission checklist: a run per unit and year, answers row by row, "no" → activity."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.planning.factories import YEAR, item, make_plan, make_run
from wpsdesk.planning import services
from wpsdesk.planning.models import Activity, ChecklistAnswer, ChecklistRun, Evidence


def test_an_officer_starts_the_checklist_for_their_unit(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    response = as_officer.post(reverse("planning:checklist_start"), {"year": YEAR})
    run = ChecklistRun.objects.get()
    assert response["Location"] == reverse("planning:checklist_run", args=[run.pk])
    assert (run.unit, run.year) == (cast.bogota, YEAR)


def test_the_run_lists_every_checklist_item_and_question(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    response = as_officer.get(reverse("planning:checklist_run", args=[run.pk]))
    codes = [row.item.code for row in response.context["rows"]]
    assert codes == ["CL.1", "CL.1.a", "CL.1.b", "CL.3", "CL.18"]


def _save(client: Client, run: ChecklistRun, code: str, **data: str) -> str:
    """Answer a row as the page does with htmx; the response's HTML."""
    response = client.post(
        reverse("planning:checklist_answer", args=[run.pk, item(code).pk]),
        data,
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_an_answer_is_saved_as_it_is_given_with_the_counts_swapped_in(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    target = item("CL.1.a")
    html = _save(
        as_officer,
        run,
        "CL.1.a",
        answer="no",
        note="Only men at the last meeting.",
        version="0",
        shown="-",
    )
    # The status for the row's role="status" region comes first: what htmx swaps in.
    assert html.startswith('<p class="ds-paragraph planning-saved" data-size="sm">Saved at ')
    # Out of band: the version to send next, the run's and the section's counts.
    assert f'id="item-{target.pk}-version" value="1" hx-swap-oob="true"' in html
    assert re.search(r'id="checklist-answered"[^>]*>1 of 5 answered<', html)
    assert re.search(r'id="section-cl-1-count"[^>]*>1 of 3 answered<', html)
    # The answer now offers its activity step and evidence: that part is redrawn.
    assert f'id="item-{target.pk}-more" hx-swap-oob="true"' in html
    assert "Turn CL.1.a into an activity" in html
    # The person's own radios and note are left alone (nothing typed meanwhile is lost).
    assert 'name="answer"' not in html
    answer = ChecklistAnswer.objects.get()
    assert (answer.answer, answer.note, answer.answered_by) == (
        "no",
        "Only men at the last meeting.",
        cast.officer,
    )
    page = as_officer.get(reverse("planning:checklist_run", args=[run.pk])).content.decode()
    assert 'name="answer"' in page
    assert re.search(r'id="checklist-answered"[^>]*>1 of 5 answered<', page)


def test_a_note_typed_does_not_redraw_the_rows_evidence_but_a_new_answer_does(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    target = item("CL.3")
    _save(as_officer, run, "CL.3", answer="partly", version="0", shown="-")
    html = _save(
        as_officer, run, "CL.3", answer="partly", note="Twice", version="1", shown="partly"
    )
    assert "Saved at" in html
    assert f'id="item-{target.pk}-version" value="2"' in html
    assert f'id="item-{target.pk}-more"' not in html
    html = _save(as_officer, run, "CL.3", answer="yes", note="Twice", version="2", shown="partly")
    assert f'id="item-{target.pk}-more" hx-swap-oob="true"' in html
    assert "Turn CL.3 into an activity" not in html
    assert f'id="item-{target.pk}-shown" value="yes"' in html
    assert re.search(r'id="section-cl-3-count"[^>]*>1 of 1 answered<', html)
    assert ChecklistAnswer.objects.get().version == 3


def test_a_stale_answer_is_refused_in_the_row_with_a_way_to_keep_ones_own(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    target = item("CL.18")
    services.checklist_answer_save(actor=cast.lead, run=run, item=target, answer="yes")
    html = _save(as_officer, run, "CL.18", answer="no", note="", version="0", shown="-")
    assert "Someone else saved this checklist answer" in html
    assert "saved a change at" in html  # who changed what since
    assert "Save my answer for CL.18" in html
    assert "Saved at" not in html
    # The stored version goes to the form, and what the row offers follows the stored answer.
    assert f'id="item-{target.pk}-version" value="1"' in html
    assert f'id="item-{target.pk}-shown" value="yes"' in html
    assert ChecklistAnswer.objects.get().answer == "yes"
    html = _save(as_officer, run, "CL.18", answer="no", note="", version="1", shown="yes")
    assert "Saved at" in html
    assert ChecklistAnswer.objects.get().answer == "no"


def test_an_answer_without_javascript_returns_to_its_row_with_its_section_open(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    target = item("CL.3")
    response = as_officer.post(
        reverse("planning:checklist_answer", args=[run.pk, target.pk]),
        {"answer": "yes", "version": "0"},
    )
    assert response["Location"].endswith(f"?open={target.pk}#item-{target.pk}")
    assert ChecklistAnswer.objects.get().answer == "yes"
    page = as_officer.get(response["Location"])
    opened = {s.item.code: s.open for s in page.context["sections"]}
    # The row just answered, and the first section with work left.
    assert opened == {"CL.1": True, "CL.3": True, "CL.18": False}
    assert "Save the answer for CL.3" in page.content.decode()  # in <noscript>


def test_the_run_folds_into_sections_with_their_own_counts(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    for code in ["CL.1", "CL.1.a", "CL.1.b"]:
        services.checklist_answer_save(actor=cast.officer, run=run, item=item(code), answer="yes")
    response = as_officer.get(reverse("planning:checklist_run", args=[run.pk]))
    sections = response.context["sections"]
    assert [[row.item.code for row in s.rows] for s in sections] == [
        ["CL.1", "CL.1.a", "CL.1.b"],
        ["CL.3"],
        ["CL.18"],
    ]
    assert [(s.answered, s.total, s.open) for s in sections] == [
        (3, 3, False),
        (0, 1, True),  # the first with work left starts open
        (0, 1, False),
    ]
    html = response.content.decode()
    assert re.search(r'id="section-cl-1-count"[^>]*>3 of 3 answered<', html)
    assert re.search(r'id="checklist-answered"[^>]*>3 of 5 answered<', html)
    assert html.count('<details class="ds-details planning-check-section"') == 3
    assert "planning/checklist.js" in html  # the autosave's error messages, for editors
    # Designsystemet's radio markup: a field per choice, in a fieldset per row.
    assert (
        f'<div class="ds-field"><input type="radio" class="ds-input" name="answer" value="yes" '
        f'id="answer-{item("CL.3").pk}-yes"><label class="ds-label" '
        f'for="answer-{item("CL.3").pk}-yes">Yes</label></div>'
    ) in html


def test_an_item_outside_the_checklist_cannot_be_answered(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    response = as_officer.post(
        reverse("planning:checklist_answer", args=[run.pk, item("P1.C.1").pk]), {"answer": "yes"}
    )
    assert response.status_code == 404


def test_a_no_becomes_an_activity_in_one_step(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    plan = make_plan(cast.bogota, cast.officer)
    run = make_run(cast.bogota, cast.officer)
    answer = services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.18"), answer="no"
    )
    url = reverse("planning:answer_activity", args=[run.pk, answer.pk])
    form = as_officer.get(url)
    assert form.status_code == 200
    response = as_officer.post(
        url, {"title": "Put NAP goals in the virksomhetsplan", "place": f"plan-{plan.pk}"}
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.from_answer == answer
    assert activity.goal.plan == plan
    run_page = as_officer.get(reverse("planning:checklist_run", args=[run.pk])).content.decode()
    assert reverse("planning:activity_detail", args=[activity.pk]) in run_page
    detail = as_officer.get(
        reverse("planning:activity_detail", args=[activity.pk])
    ).content.decode()
    assert f"#item-{answer.item_id}" in detail


def test_without_a_plan_the_one_step_form_says_to_start_one(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    answer = services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.3"), answer="partly"
    )
    response = as_officer.get(reverse("planning:answer_activity", args=[run.pk, answer.pk]))
    assert "has no plan for" in response.content.decode()


def test_a_yes_cannot_become_an_activity(cast: Cast, guidelines: None, as_officer: Client) -> None:
    run = make_run(cast.bogota, cast.officer)
    answer = services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.3"), answer="yes"
    )
    response = as_officer.get(
        reverse("planning:answer_activity", args=[run.pk, answer.pk]), follow=True
    )
    assert "can become an activity" in response.content.decode()


def test_evidence_is_added_to_an_answer(cast: Cast, guidelines: None, as_officer: Client) -> None:
    run = make_run(cast.bogota, cast.officer)
    answer = services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.3"), answer="yes"
    )
    as_officer.post(
        reverse("planning:answer_evidence", args=[run.pk, answer.pk]),
        {"text": "Agenda of the March meeting", "url": "https://example.org/agenda"},
    )
    evidence = Evidence.objects.get()
    assert (evidence.answer, evidence.unit, evidence.kind) == (answer, cast.bogota, "link")


def test_a_reader_sees_the_run_without_forms_and_cannot_answer(
    cast: Cast, guidelines: None, as_reader: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    response = as_reader.get(reverse("planning:checklist_run", args=[run.pk]))
    page = response.content.decode()
    assert 'name="answer"' not in page
    assert "checklist.js" not in page
    assert all(section.open for section in response.context["sections"])  # to read through
    response = as_reader.post(
        reverse("planning:checklist_answer", args=[run.pk, item("CL.3").pk]), {"answer": "yes"}
    )
    assert response.status_code == 404
    assert not ChecklistAnswer.objects.exists()


def test_another_unit_gets_404_for_the_run(
    cast: Cast, guidelines: None, as_outsider: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    assert as_outsider.get(reverse("planning:checklist_run", args=[run.pk])).status_code == 404


def test_runs_are_compared_year_by_year(cast: Cast, guidelines: None, as_officer: Client) -> None:
    first = make_run(cast.bogota, cast.officer, year=YEAR - 1)
    second = make_run(cast.bogota, cast.officer, year=YEAR)
    services.checklist_answer_save(actor=cast.officer, run=first, item=item("CL.18"), answer="no")
    services.checklist_answer_save(actor=cast.officer, run=second, item=item("CL.18"), answer="yes")
    services.checklist_answer_save(actor=cast.officer, run=first, item=item("CL.3"), answer="yes")
    services.checklist_answer_save(actor=cast.officer, run=second, item=item("CL.3"), answer="yes")
    response = as_officer.get(
        reverse("planning:checklist_compare"),
        {"unit": cast.bogota.pk, "first": YEAR - 1, "last": YEAR},
    )
    comparison = response.context["comparison"]
    assert [run.year for run in comparison.runs] == [YEAR - 1, YEAR]
    rows = {row.item.code: row for row in comparison.rows}
    assert [a.answer for a in rows["CL.18"].answers] == ["no", "yes"]
    assert rows["CL.18"].changed
    assert not rows["CL.3"].changed


def test_another_units_runs_cannot_be_compared(
    cast: Cast, guidelines: None, as_outsider: Client
) -> None:
    make_run(cast.bogota, cast.officer)
    response = as_outsider.get(
        reverse("planning:checklist_compare"),
        {"unit": cast.bogota.pk, "first": YEAR, "last": YEAR},
    )
    assert response.status_code == 400  # not a unit they may choose
    assert response.context["comparison"] is None


@pytest.mark.parametrize("runs", [1, 5])
def test_the_checklist_list_query_count_does_not_grow(
    cast: Cast, guidelines: None, django_assert_num_queries, runs: int
) -> None:
    for year in range(runs):
        make_run(cast.bogota, cast.officer, year=YEAR - year)
    client = verified_client(cast.officer)
    with django_assert_num_queries(11):
        response = client.get(reverse("planning:checklist_list"))
    assert response.context["page"].paginator.count == runs


@pytest.mark.parametrize("answered", [0, 5])
def test_the_run_page_query_count_does_not_grow_with_answers(
    cast: Cast, guidelines: None, django_assert_num_queries, answered: int
) -> None:
    run = make_run(cast.bogota, cast.officer)
    for code in ["CL.1", "CL.1.a", "CL.1.b", "CL.3", "CL.18"][:answered]:
        answer = services.checklist_answer_save(
            actor=cast.officer, run=run, item=item(code), answer="no"
        )
        services.evidence_add(actor=cast.officer, answer=answer, text="Minutes")
    client = verified_client(cast.officer)
    with django_assert_num_queries({0: 9, 5: 11}[answered]):  # no answers: no evidence to fetch
        client.get(reverse("planning:checklist_run", args=[run.pk]))


@pytest.mark.parametrize(
    ("before", "data", "queries"),
    [
        # A first answer: created, the row's activity step and evidence drawn anew.
        (None, {"answer": "no", "version": "0", "shown": "-"}, 20),
        # A note typed under an answer: saved, no redraw of the row's evidence.
        ("no", {"answer": "no", "note": "Typed", "version": "1", "shown": "no"}, 16),
    ],
)
def test_the_htmx_answer_query_count_is_fixed(
    cast: Cast,
    guidelines: None,
    django_assert_num_queries,
    before: str | None,
    data: dict[str, str],
    queries: int,
) -> None:
    run = make_run(cast.bogota, cast.officer)
    target = item("CL.1.b")
    if before:
        answer = services.checklist_answer_save(
            actor=cast.officer, run=run, item=target, answer=before
        )
        services.evidence_add(actor=cast.officer, answer=answer, text="Minutes")
    client = verified_client(cast.officer)
    url = reverse("planning:checklist_answer", args=[run.pk, target.pk])
    with django_assert_num_queries(queries):
        response = client.post(url, data, headers={"HX-Request": "true"})
    assert "Saved at" in response.content.decode()


def test_the_compare_page_query_count_does_not_grow_with_years(
    cast: Cast, guidelines: None, as_officer: Client, django_assert_num_queries
) -> None:
    for year in range(YEAR - 4, YEAR + 1):
        run = make_run(cast.bogota, cast.officer, year=year)
        services.checklist_answer_save(actor=cast.officer, run=run, item=item("CL.3"), answer="yes")
    with django_assert_num_queries(12):
        response = as_officer.get(
            reverse("planning:checklist_compare"),
            {"unit": cast.bogota.pk, "first": YEAR - 4, "last": YEAR},
        )
    assert len(response.context["comparison"].runs) == 5


def test_a_refused_answer_comes_back_in_place_with_its_error(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    response = as_officer.post(
        reverse("planning:checklist_answer", args=[run.pk, item("CL.3").pk]),
        {"answer": "maybe", "version": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Choose yes, partly, no or not relevant." in response.content.decode()
    assert not ChecklistAnswer.objects.exists()
