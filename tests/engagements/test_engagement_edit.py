"""Changing every field of an engagement, on its page and through the API, is stored.

The page's form is built on the engagement itself, so validating it already copies the
posted values onto the object; the service compares with the row as stored, so the change
is written (and a history row with it) instead of being taken for "nothing changed".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.planning.factories import load_guidelines
from wpsdesk.engagements.models import Engagement, Kind, Measure

pytestmark = pytest.mark.django_db

NEW_VALUES: dict[str, Any] = {
    "title": "Second round with the women's network",
    "date": dt.date(2026, 4, 2),
    "kind": Kind.NEGOTIATION,
    "country": "VE",
    "forum": "OSCE",
    "peace_process": "The talks in Caracas",
    "wps_on_agenda": False,
    "summary": "Agreed a follow-up meeting on safe transport.",
}


def _engagement(cast: Cast) -> Engagement:
    load_guidelines()
    return make_engagement(
        cast.bogota,
        summary="First summary",
        forum="UN",
        peace_process="",
        counts={
            ("norway", "women"): 1,
            ("norway", "men"): 1,
            ("norway", "another-or-not-stated"): 0,
        },
    )


def test_every_field_changed_on_the_page_is_saved_with_a_history_row(
    cast: Cast, as_officer: Client
) -> None:
    engagement = _engagement(cast)
    url = reverse("engagements:edit", args=[engagement.pk])
    form = as_officer.get(url).context["form"]
    history_before = engagement.history.count()
    data = {
        **{name: str(value) for name, value in NEW_VALUES.items() if name != "wps_on_agenda"},
        "message_codes": "CL.1 P1.C.1",
        "n_norway_women": "3",
        "n_norway_men": "1",
        "n_norway_another-or-not-stated": "0",
        "s_norway_women": "2",
        "lead_norway": "women",
        "d_norway_under-30": "1",
        "d_norway_30-59": "3",
        "d_norway_60-plus": "0",
        "d_norway_not-stated": "0",
        "version": form.version_value,
    }
    response = as_officer.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    engagement.refresh_from_db()
    for name, value in NEW_VALUES.items():
        assert getattr(engagement, name) == value, name
    assert sorted(item.code for item in engagement.messages.all()) == ["CL.1", "P1.C.1"]
    cells = {
        (p.measure, p.dimension_code, p.category_code): p.count
        for p in engagement.participation.all()
    }
    assert cells[(Measure.ATTENDED, "gender", "women")] == 3
    assert cells[(Measure.SPOKE, "gender", "women")] == 2
    assert cells[(Measure.LED, "gender", "women")] == 1
    assert cells[(Measure.ATTENDED, "age-band", "30-59")] == 3
    assert engagement.version == form.opened_version + 1

    # One history row for the fields, one for the messages delivered (a many-to-many).
    assert engagement.history.count() == history_before + 2
    latest = engagement.history.latest()
    assert latest.history_user == cast.officer
    for name, value in NEW_VALUES.items():
        assert getattr(latest, name) == value, name


def test_every_field_changed_through_the_api_is_saved_with_a_history_row(
    cast: Cast, as_officer: Client
) -> None:
    engagement = _engagement(cast)
    url = reverse("api:engagements:engagement-detail", args=[engagement.pk])
    read = as_officer.get(url)
    history_before = engagement.history.count()
    body = {
        **{
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in NEW_VALUES.items()
        },
        "unit": cast.bogota.code,
        "reference": "row-7",
        "messages": ["CL.1"],
        "participation": [
            {"side": "norway", "category": "women", "count": 4},
            {"side": "norway", "category": "men", "count": 2},
            {"side": "norway", "category": "another-or-not-stated", "count": 0},
        ],
    }
    response = as_officer.put(
        url, body, content_type="application/json", headers={"If-Match": read["ETag"]}
    )
    assert response.status_code == 200, response.content

    engagement.refresh_from_db()
    for name, value in NEW_VALUES.items():
        assert getattr(engagement, name) == value, name
    assert engagement.external_ref == "row-7"
    assert [item.code for item in engagement.messages.all()] == ["CL.1"]
    women = engagement.participation.get(measure=Measure.ATTENDED, category__code="women")
    assert women.count == 4
    assert response["ETag"] == f'"{engagement.version}"'
    assert engagement.history.count() == history_before + 2  # the fields, the messages
    latest = engagement.history.latest()
    for name, value in NEW_VALUES.items():
        assert getattr(latest, name) == value, name


def test_changing_only_the_counts_raises_the_version(cast: Cast, as_officer: Client) -> None:
    engagement = _engagement(cast)
    url = reverse("api:engagements:engagement-detail", args=[engagement.pk])
    read = as_officer.get(url)
    response = as_officer.patch(
        url,
        {"participation": [{"side": "norway", "category": "women", "count": 5}]},
        content_type="application/json",
        headers={"If-Match": read["ETag"]},
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] != read["ETag"]
    engagement.refresh_from_db()
    assert engagement.title == "Meeting with the women's network"
