"""Indicators: dimensions chosen per indicator, values per period, breakdowns that add up."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.planning.factories import YEAR, Chain, category, dimension, make_chain
from wpsdesk.planning import services
from wpsdesk.planning.models import Breakdown, Indicator, IndicatorValue


def test_an_indicator_is_added_with_gender_and_the_dimensions_chosen(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("planning:indicator_create", args=[chain.goal.pk]),
        {
            "name": "Young people consulted",
            "kind": "quantitative",
            "unit_of_measure": "people",
            "dimensions": [dimension("age").pk],
        },
    )
    indicator = Indicator.objects.get(name="Young people consulted")
    assert response["Location"] == reverse("planning:indicator_detail", args=[indicator.pk])
    assert set(indicator.dimensions.values_list("code", flat=True)) == {"gender", "age"}


def test_a_number_without_a_unit_of_measure_is_refused(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("planning:indicator_create", args=[chain.goal.pk]),
        {"name": "Meetings", "kind": "quantitative"},
    )
    assert response.status_code == 400
    assert "Say what is counted" in response.content.decode()


def test_the_value_form_asks_only_for_the_chosen_categories(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.get(reverse("planning:value_create", args=[chain.indicator.pk]))
    html = response.content.decode()
    assert "Actual by Gender" in html
    assert "Another gender or not stated" in html
    assert "Age group" not in html


def seen(indicator_pk: int, period: str = str(YEAR)) -> str:
    """The version of the period's value as the page shows it (0: none yet)."""
    value = IndicatorValue.objects.filter(indicator_id=indicator_pk, period=period).first()
    return str(value.version if value is not None else 0)


def value_post(client: Client, indicator_pk: int, **figures: str):  # type: ignore[no-untyped-def]
    data = {
        "period": str(YEAR),
        "baseline": "2",
        "target": "10",
        "actual": "10",
        "version": seen(indicator_pk),
    }
    for name, amount in figures.items():
        dim, code = name.split("__")
        data[f"cat_{category(dim, code.replace('_', '-')).pk}"] = amount
    return client.post(reverse("planning:value_create", args=[indicator_pk]), data)


def test_breakdowns_that_add_up_are_saved(cast: Cast, chain: Chain, as_officer: Client) -> None:
    response = value_post(as_officer, chain.indicator.pk, gender__women="6", gender__men="4")
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=chain.indicator, period=str(YEAR))
    assert value.actual == 10
    assert sorted(f.amount for f in value.breakdown.all()) == [4, 6]


def test_breakdowns_that_do_not_add_up_are_refused_and_the_form_says_why(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = value_post(as_officer, chain.indicator.pk, gender__women="6", gender__men="2")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The figures for gender add up to 8, but the actual is 10." in html
    assert "say below why they do not add up" in html
    value = IndicatorValue.objects.get(indicator=chain.indicator, period=str(YEAR))
    assert value.actual == 5  # unchanged


def test_a_reason_lets_a_breakdown_that_does_not_add_up_be_saved(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    data = {
        "period": str(YEAR),
        "actual": "10",
        f"cat_{category('gender', 'women').pk}": "6",
        "disaggregation_note": "Two joined online and were not counted by gender.",
        "version": seen(chain.indicator.pk),
    }
    response = as_officer.post(reverse("planning:value_create", args=[chain.indicator.pk]), data)
    assert response.status_code == 302
    detail = as_officer.get(reverse("planning:indicator_detail", args=[chain.indicator.pk]))
    assert "Two joined online" in detail.content.decode()


def test_a_period_outside_the_plan_year_is_refused(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("planning:value_create", args=[chain.indicator.pk]),
        {"period": f"{YEAR + 1}-Q1", "actual": "1", "version": "0"},
    )
    assert response.status_code == 400
    assert "must fall in the plan" in response.content.decode()


def test_a_qualitative_indicator_takes_descriptions(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    indicator = services.indicator_create(
        actor=cast.officer,
        goal=chain.goal,
        name="How women's views reach the talks",
        kind="qualitative",
    )
    form = as_officer.get(reverse("planning:value_create", args=[indicator.pk])).content.decode()
    assert "Actual by Gender" not in form
    response = as_officer.post(
        reverse("planning:value_create", args=[indicator.pk]),
        {
            "period": f"{YEAR}-H1",
            "actual_text": "Raised in two of three rounds.",
            "version": "0",
        },
    )
    assert response.status_code == 302
    assert indicator.values.get().actual_text == "Raised in two of three rounds."


def test_indicator_pages_are_404_for_another_unit(
    cast: Cast, chain: Chain, as_outsider: Client
) -> None:
    for name, pk in [
        ("planning:indicator_detail", chain.indicator.pk),
        ("planning:indicator_edit", chain.indicator.pk),
        ("planning:value_create", chain.indicator.pk),
        ("planning:value_edit", chain.value.pk),
    ]:
        assert as_outsider.get(reverse(name, args=[pk])).status_code == 404


def test_a_reader_cannot_enter_values(cast: Cast, chain: Chain, as_reader: Client) -> None:
    response = value_post(as_reader, chain.indicator.pk, gender__women="10")
    assert response.status_code == 404
    assert not Breakdown.objects.filter(amount=10).exists()


def test_removing_a_dimension_with_figures_is_refused(
    cast: Cast, chain: Chain, as_officer: Client
) -> None:
    indicator = services.indicator_create(
        actor=cast.officer,
        goal=chain.goal,
        name="People with disabilities consulted",
        unit_of_measure="people",
        dimensions=[dimension("disability")],
    )
    services.indicator_value_save(
        actor=cast.officer,
        indicator=indicator,
        period=str(YEAR),
        actual=3,  # type: ignore[arg-type]
        figures={category("disability", "with-disability"): 3},  # type: ignore[dict-item]
    )
    response = as_officer.post(
        reverse("planning:indicator_edit", args=[indicator.pk]),
        {
            "name": indicator.name,
            "kind": "quantitative",
            "unit_of_measure": "people",
            "version": indicator.version,
        },
    )
    assert response.status_code == 400
    assert "Clear them first" in response.content.decode()


@pytest.mark.parametrize("plans", [1, 6])
def test_the_indicator_list_query_count_does_not_grow(
    cast: Cast, guidelines: None, django_assert_num_queries, plans: int
) -> None:
    for year in range(plans):
        make_chain(cast.bogota, cast.officer, year=YEAR + year)
    client = verified_client(cast.coordinator)
    with django_assert_num_queries(11):
        response = client.get(reverse("planning:indicator_list"))
    assert response.context["page"].paginator.count == plans


@pytest.mark.parametrize("periods", [1, 4])
def test_the_indicator_page_query_count_does_not_grow_with_periods(
    cast: Cast, chain: Chain, as_officer: Client, django_assert_num_queries, periods: int
) -> None:
    for quarter in range(1, periods):
        services.indicator_value_save(
            actor=cast.officer,
            indicator=chain.indicator,
            period=f"{YEAR}-Q{quarter}",
            actual=2,  # type: ignore[arg-type]
            figures={category("gender", "women"): 1, category("gender", "men"): 1},  # type: ignore[dict-item]
        )
    with django_assert_num_queries(11):
        response = as_officer.get(reverse("planning:indicator_detail", args=[chain.indicator.pk]))
    assert len(response.context["rows"]) == periods
