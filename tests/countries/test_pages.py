"""The country pages: the list, one country with its commitments and the service's work,
changing records, recording a follow-up, and who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.civil_society.factories import make_organisation
from tests.countries.factories import (
    action_plan,
    cycle,
    follow_up,
    law,
    monitor,
    ratification,
    recommendation,
)
from tests.engagements.factories import make_engagement
from tests.personas import Cast, verified_client
from wpsdesk.catalogue.models import PriorityEntry
from wpsdesk.countries.models import FollowUp, Recommendation

pytestmark = pytest.mark.django_db

CO = reverse("countries:detail", args=["CO"])
LIST = reverse("countries:list")


def _fill(cast: Cast, n: int = 1, start: int = 0) -> Recommendation:
    """Records of every kind about Colombia in Bogotá, ``n`` of each."""
    rec = None
    for i in range(start, start + n):
        ratification(cast.bogota, instrument="cedaw" if i == 0 else "belem")
        action_plan(cast.bogota, title=f"Plan {i}")
        law(cast.bogota, title=f"Law {i}")
        cycle(cast.bogota, cycle=4 + i)
        rec = recommendation(cast.bogota, text=f"Recommendation number {i}")
        follow_up(rec)
        follow_up(rec, status="partly")
        monitor(cast.bogota, title=f"Report {i}")
        make_organisation(cast.bogota, f"Women's network {i}", views=f"Land restitution {i}")
        make_engagement(cast.bogota, title=f"Meeting {i}", country="CO")
    assert rec is not None
    return rec


def test_the_country_page_shows_commitments_follow_ups_and_the_units_work(
    cast: Cast, as_officer: Client
) -> None:
    rec = _fill(cast)
    recommendation(cast.bogota, country="JO", text="A Jordanian recommendation")
    page = as_officer.get(CO).content.decode()
    assert "Colombia" in page
    assert "CEDAW (Convention on the Elimination" in page
    assert "Plan 0" in page and "Law 0" in page and "Report 0" in page
    assert rec.text in page
    assert "Norway&#x27;s recommendation" in page or "Norway's recommendation" in page
    assert "The ministry&#x27;s draft plan" in page or "The ministry's draft plan" in page
    assert "Women&#x27;s network 0" in page or "Women's network 0" in page
    assert "Meeting 0" in page
    assert "Embassy in Bogotá" in page
    assert "A Jordanian recommendation" not in page
    assert (
        "A Jordanian recommendation"
        in as_officer.get(reverse("countries:detail", args=["JO"])).content.decode()
    )


def test_the_country_page_costs_the_same_queries_however_much_there_is(
    cast: Cast, as_officer: Client, django_assert_num_queries: Any
) -> None:
    _fill(cast, 1)
    as_officer.get(CO)  # warm the session and the content types
    with django_assert_num_queries(25):
        assert as_officer.get(CO).status_code == 200
    _fill(cast, 4, start=1)
    with django_assert_num_queries(25):
        assert as_officer.get(CO).status_code == 200


def test_the_list_costs_the_same_queries_and_pages(
    cast: Cast, as_officer: Client, django_assert_num_queries: Any
) -> None:
    _fill(cast, 1)
    as_officer.get(LIST)
    with django_assert_num_queries(12):
        response = as_officer.get(LIST)
    assert response.context["page"].paginator.count == 249
    assert len(response.context["page"].object_list) == 25
    assert as_officer.get(LIST, {"page": 10}).context["page"].number == 10


def _codes(response: Any) -> list[str]:
    return [row.code for row in response.context["page"].object_list]


def test_the_list_finds_a_country_by_name_in_either_language_and_filters(
    cast: Cast, as_officer: Client
) -> None:
    _fill(cast)
    assert _codes(as_officer.get(LIST, {"q": "Norway"})) == ["NO"]
    assert _codes(as_officer.get(LIST, {"q": "norge"})) == ["NO"]
    assert _codes(as_officer.get(LIST, {"q": "Sør-Sudan"})) == ["SS"]
    assert _codes(as_officer.get(LIST, {"q": "colom", "region": "americas"})) == ["CO"]
    assert "SS" not in _codes(as_officer.get(LIST, {"q": "sudan", "region": "asia"}))
    assert _codes(as_officer.get(LIST, {"recorded": "on"})) == ["CO"]
    PriorityEntry.objects.create(
        kind="country", code="SS", name="South Sudan", valid_from=dt.date(2020, 1, 1)
    )
    assert _codes(as_officer.get(LIST, {"priority": "yes"})) == ["SS"]
    assert "SS" not in _codes(as_officer.get(LIST, {"priority": "no"}))
    page = as_officer.get(reverse("countries:detail", args=["SS"])).content.decode()
    assert "On the priority list" in page and "2020-01-01" in page


def test_the_pages_speak_bokmal(cast: Cast, as_officer: Client) -> None:
    _fill(cast)
    as_officer.cookies["django_language"] = "nb"
    page = as_officer.get(reverse("countries:detail", args=["SS"])).content.decode()
    assert "Sør-Sudan" in page
    listing = as_officer.get(LIST, {"q": "sudan"}).content.decode()
    assert "Sør-Sudan" in listing and "South Sudan" not in listing
    assert "Konvensjoner" in as_officer.get(CO).content.decode()
    as_officer.cookies["django_language"] = "en"
    assert "South Sudan" in as_officer.get(LIST, {"q": "sudan"}).content.decode()


def test_an_officer_records_a_follow_up(cast: Cast, as_officer: Client) -> None:
    rec = _fill(cast)
    version = Recommendation.objects.get(pk=rec.pk).version
    url = reverse("countries:follow_up_add", args=["CO", rec.pk])
    prefix = f"fu-{rec.pk}"
    response = as_officer.post(
        url,
        {
            f"{prefix}-on": "2026-09-01",
            f"{prefix}-status": "implemented",
            f"{prefix}-evidence": "The plan was adopted by decree.",
            f"{prefix}-source": "Official gazette",
        },
    )
    assert response.status_code == 302
    latest = FollowUp.objects.filter(recommendation=rec).order_by("-on").first()
    assert latest is not None and latest.status == "implemented"
    assert latest.created_by == cast.officer
    assert Recommendation.objects.get(pk=rec.pk).version == version + 1
    assert "The plan was adopted by decree." in as_officer.get(CO).content.decode()

    bad = as_officer.post(url, {f"{prefix}-on": "2026-09-02", f"{prefix}-status": "partly"})
    assert bad.status_code == 400
    assert "Say what shows it" in bad.content.decode()
    assert FollowUp.objects.filter(recommendation=rec).count() == 3


def test_an_officer_adds_a_norwegian_upr_recommendation_by_typing_norge(
    cast: Cast, as_officer: Client
) -> None:
    url = reverse("countries:record_create", args=["CO", "recommendations"])
    form = as_officer.get(url)
    assert form.status_code == 200
    assert 'list="id_recommending_state-countries"' in form.content.decode()
    response = as_officer.post(
        url,
        {
            "unit": cast.bogota.pk,
            "body": "upr",
            "cycle": "4",
            "text": "Protect women mediators.",
            "theme": "participation",
            "recommending_state": "Norge",
            "response": "pending",
            "classification": "internal",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    rec = Recommendation.objects.get(text="Protect women mediators.")
    assert rec.recommending_state == "NO" and rec.made_by_norway
    bad = as_officer.post(
        url,
        {
            "body": "upr",
            "cycle": "4",
            "text": "x",
            "theme": "nap",
            "recommending_state": "Nor",
            "response": "pending",
            "classification": "internal",
            "unit": cast.bogota.pk,
        },
    )
    assert bad.status_code == 400
    assert "“Nor” is not a country code" in bad.content.decode()


def test_a_reader_sees_without_changing_and_another_unit_sees_nothing(
    cast: Cast, as_reader: Client, as_outsider: Client
) -> None:
    rec = _fill(cast)
    secret = recommendation(
        cast.bogota, text="A restricted recommendation", classification="restricted"
    )
    page = as_reader.get(CO).content.decode()
    assert rec.text in page and "A restricted recommendation" not in page
    assert "Record a follow-up" not in page
    edit = reverse("countries:record_edit", args=["CO", "recommendations", rec.pk])
    assert as_reader.get(edit).status_code == 403
    post = reverse("countries:follow_up_add", args=["CO", rec.pk])
    assert as_reader.post(post, {}).status_code == 403
    assert as_outsider.get(edit).status_code == 404
    assert as_outsider.post(post, {}).status_code == 404
    assert rec.text not in as_outsider.get(CO).content.decode()
    lead = verified_client(cast.lead)
    assert "A restricted recommendation" in lead.get(CO).content.decode()
    secret_edit = reverse("countries:record_edit", args=["CO", "recommendations", secret.pk])
    assert as_reader.get(secret_edit).status_code == 404
    assert lead.get(secret_edit).status_code == 200


def test_an_hq_coordinator_changes_an_internal_record_not_a_restricted_one(
    cast: Cast, as_coordinator: Client
) -> None:
    rec = _fill(cast)
    secret = recommendation(cast.bogota, text="Restricted", classification="restricted")
    edit = reverse("countries:record_edit", args=["CO", "recommendations", rec.pk])
    assert as_coordinator.get(edit).status_code == 200
    assert "Record a follow-up" in as_coordinator.get(CO).content.decode()
    other = reverse("countries:record_edit", args=["CO", "recommendations", secret.pk])
    assert as_coordinator.get(other).status_code == 404


def test_an_outsider_may_not_add_to_a_country_their_unit_does_not_cover(
    cast: Cast, as_outsider: Client
) -> None:
    url = reverse("countries:record_create", args=["CO", "legislation"])
    assert as_outsider.get(url).status_code == 403
    jo = reverse("countries:record_create", args=["JO", "legislation"])
    assert as_outsider.get(jo).status_code == 200


def test_deleting_asks_first_and_is_recorded(cast: Cast, as_officer: Client) -> None:
    from wpsdesk.audit.models import SecurityEvent

    record = law(cast.bogota, title="To delete")
    url = reverse("countries:record_delete", args=["CO", "legislation", record.pk])
    assert "Delete it" in as_officer.get(url).content.decode()
    assert as_officer.post(url).status_code == 302
    assert "To delete" not in as_officer.get(CO).content.decode()
    assert SecurityEvent.objects.filter(kind="countries.record_deleted").count() == 1


def test_an_unknown_country_or_kind_is_404(cast: Cast, as_officer: Client) -> None:
    assert as_officer.get("/countries/XX/").status_code == 404
    assert as_officer.get("/countries/CO/nonsense/new/").status_code == 404
