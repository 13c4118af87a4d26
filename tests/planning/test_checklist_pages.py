"""The mission checklist: a run per unit and year, answers row by row, "no" → activity."""

from __future__ import annotations

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


def test_an_answer_is_saved_in_place_with_htmx(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    target = item("CL.1.a")
    response = as_officer.post(
        reverse("planning:checklist_answer", args=[run.pk, target.pk]),
        {"answer": "no", "note": "Only men at the last meeting.", "version": "0"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<section class="planning-check-row is-sub" id="item-{target.pk}"'
    )
    assert "Saved." in html
    assert "Turn CL.1.a into an activity" in html
    answer = ChecklistAnswer.objects.get()
    assert (answer.answer, answer.note, answer.answered_by) == (
        "no",
        "Only men at the last meeting.",
        cast.officer,
    )


def test_an_answer_without_javascript_returns_to_its_row(
    cast: Cast, guidelines: None, as_officer: Client
) -> None:
    run = make_run(cast.bogota, cast.officer)
    target = item("CL.3")
    response = as_officer.post(
        reverse("planning:checklist_answer", args=[run.pk, target.pk]), {"answer": "yes"}
    )
    assert response["Location"].endswith(f"#item-{target.pk}")


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
    page = as_reader.get(reverse("planning:checklist_run", args=[run.pk])).content.decode()
    assert 'name="answer"' not in page
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
