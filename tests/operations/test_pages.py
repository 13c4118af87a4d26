"""Operations pages: who sees which operation, search, filters, paging, exact query counts,
the detail page's mandate, participation chart, contacts and nominations, and the forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.engagements.factories import make_engagement
from tests.operations.factories import make_operation
from tests.personas import Cast
from wpsdesk.engagements.models import IssueRaised, Nomination
from wpsdesk.operations import services
from wpsdesk.operations.models import MandatedTask, Operation, ParticipationFigure

pytestmark = pytest.mark.django_db

LIST = reverse("operations:list")
# The session, the person and their second factor, their roles and grants, the count,
# their units (the header's switcher), the page.
QUERIES_LIST = 7
# The session, the person and their second factor, their roles and grants; the operation
# with its renewals, their tasks and its figures; may they edit it; the contacts and their
# follow-ups; the nominations; the personnel; their units; the editor's nomination choices.
QUERIES_DETAIL_EDITOR = 15


def names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def detail(op: Operation) -> str:
    return reverse("operations:detail", args=[op.pk])


def test_the_list_shows_the_units_operations_and_hides_another_units_restricted_one(
    cast: Cast, as_officer: Client, as_outsider: Client, as_reader: Client
) -> None:
    make_operation(cast.bogota, "Andes mission")
    make_operation(cast.bogota, "Discreet mission", classification="restricted")
    make_operation(cast.amman, "Levant mission", countries="JO")
    assert names(as_officer.get(LIST)) == ["Andes mission", "Discreet mission"]
    assert names(as_reader.get(LIST)) == ["Andes mission"]
    assert names(as_outsider.get(LIST)) == ["Levant mission"]


def test_search_filters_and_paging(cast: Cast, as_officer: Client) -> None:
    make_operation(cast.bogota, "Andes mission", acronym="UNAM", organisation="un")
    make_operation(cast.bogota, "Training mission", organisation="eu", kind="training")
    make_operation(
        cast.bogota,
        "Old mission",
        countries="VE",
        started=dt.date(2000, 1, 1),
        ended=dt.date(2005, 1, 1),
    )
    assert names(as_officer.get(LIST, {"q": "unam"})) == ["Andes mission"]
    assert names(as_officer.get(LIST, {"organisation": "eu"})) == ["Training mission"]
    assert names(as_officer.get(LIST, {"kind": "training"})) == ["Training mission"]
    assert names(as_officer.get(LIST, {"country": "ve"})) == ["Old mission"]
    assert "Old mission" not in names(as_officer.get(LIST, {"current": "on"}))
    assert "Old mission" in names(as_officer.get(LIST))
    bad = as_officer.get(LIST, {"country": "XX"})
    assert bad.status_code == 200 and len(names(bad)) == 3  # a bad filter narrows nothing
    for n in range(30):
        make_operation(cast.bogota, f"Mission {n:02d}")
    first, second = as_officer.get(LIST), as_officer.get(LIST, {"page": 2})
    assert len(names(first)) == 25 and len(names(second)) == 8


def test_the_list_costs_a_fixed_number_of_queries(
    cast: Cast, as_officer: Client, django_assert_num_queries
) -> None:
    for n in range(5):
        make_operation(cast.bogota, f"Mission {n}")
    with django_assert_num_queries(QUERIES_LIST):
        response = as_officer.get(LIST)
    assert response.status_code == 200


def _full_operation(cast: Cast) -> Operation:
    op = make_operation(cast.bogota, "Andes mission")
    services.renewal_add(
        actor=cast.officer,
        operation=op,
        date=dt.date(2026, 4, 30),
        resolution="S/RES/2800 (2026)",
        tasks=[("Women protection advisers", "kept"), ("CRSV monitoring", "dropped")],
    )
    for year, women in ((2024, 10), (2025, 15), (2026, 20)):
        services.figure_save(
            actor=cast.officer,
            operation=op,
            date=dt.date(year, 6, 30),
            level="police",
            women=women,
            total=100,
        )
    contact = make_engagement(cast.bogota, title="Meeting the Force Commander", operation=op)
    IssueRaised.objects.create(engagement=contact, issue="No women in the patrols")
    nomination = Nomination.objects.create(
        unit=cast.bogota,
        post="Deputy Head of Mission",
        organisation="UN",
        gender="women",
        nominated_on=dt.date(2026, 1, 1),
    )
    services.nomination_link(actor=cast.officer, operation=op, nomination=nomination)
    return op


def test_the_detail_page_shows_mandate_participation_contacts_and_nominations(
    cast: Cast, as_officer: Client, django_assert_num_queries
) -> None:
    op = _full_operation(cast)
    with django_assert_num_queries(QUERIES_DETAIL_EDITOR):
        response = as_officer.get(detail(op))
    page = response.content.decode()
    assert "S/RES/2800 (2026)" in page
    assert "Women protection advisers" in page and "Dropped" in page
    assert "<svg" in page and 'width="72"' in page  # 20 % of the 360-wide bar
    assert "Meeting the Force Commander" in page and "No women in the patrols" in page
    assert "Deputy Head of Mission" in page


def test_an_engagement_names_an_operation_in_its_form_and_the_contact_shows_there(
    cast: Cast, as_officer: Client, as_outsider: Client
) -> None:
    op = make_operation(cast.bogota, "Andes mission")
    other = make_operation(cast.amman, "Levant mission", countries="JO")
    form = as_officer.get(reverse("engagements:create"))
    assert "Andes mission" in form.content.decode()
    assert "Levant mission" not in form.content.decode()
    data = {
        "title": "Call with the mission's leadership",
        "date": "2026-05-02",
        "kind": "bilateral",
        "country": "CO",
        "operation": op.pk,
    }
    response = as_officer.post(reverse("engagements:create"), data)
    assert response.status_code == 302
    assert "Call with the mission" in as_officer.get(detail(op)).content.decode()
    # Another unit's operation is not a choice: a plain-words error, nothing saved.
    refused = as_officer.post(reverse("engagements:create"), {**data, "operation": other.pk})
    assert refused.status_code == 400
    assert not other.engagements.exists()
    assert "Andes mission" not in as_outsider.get(reverse("engagements:create")).content.decode()


def test_adding_and_changing_an_operation(cast: Cast, as_officer: Client) -> None:
    response = as_officer.post(
        reverse("operations:create"),
        {
            "name": "Andes mission",
            "organisation": "un",
            "kind": "political",
            "countries": "co ve",
            "contribution": "funding",
            "classification": "internal",
            "started": "2026-01-01",
            "ended": "2025-01-01",
        },
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    bad_country = as_officer.post(
        reverse("operations:create"),
        {
            "name": "X",
            "organisation": "un",
            "kind": "political",
            "countries": "QQ",
            "contribution": "funding",
            "classification": "internal",
        },
    )
    assert "is not a country code" in bad_country.content.decode()
    response = as_officer.post(
        reverse("operations:create"),
        {
            "name": "Andes mission",
            "organisation": "un",
            "kind": "political",
            "countries": "co ve",
            "contribution": "funding",
            "classification": "internal",
        },
    )
    op = Operation.objects.get()
    assert response.status_code == 302 and op.countries == "CO VE"
    edit = as_officer.get(reverse("operations:edit", args=[op.pk]))
    data = {
        **edit.context["form"].initial,
        "name": "Andes peace mission",
        "classification": "internal",
        "version": op.version,
    }
    data = {k: v for k, v in data.items() if v is not None}
    saved = as_officer.post(reverse("operations:edit", args=[op.pk]), data)
    assert saved.status_code == 302
    op.refresh_from_db()
    assert op.name == "Andes peace mission"


def test_a_renewal_with_tasks_a_figure_and_their_plain_words_errors(
    cast: Cast, as_officer: Client
) -> None:
    op = make_operation(cast.bogota)
    url = reverse("operations:renewal_add", args=[op.pk])
    missing = as_officer.post(
        url, {"date": "2026-04-30", "resolution": "S/RES/1", "task_0": "Women protection advisers"}
    )
    assert missing.status_code == 400
    assert "Say what the renewal did with this task" in missing.content.decode()
    ok = as_officer.post(
        url,
        {
            "date": "2026-04-30",
            "resolution": "S/RES/1",
            "task_0": "Women protection advisers",
            "outcome_0": "weakened",
        },
    )
    assert ok.status_code == 302
    assert MandatedTask.objects.get().outcome == "weakened"
    again = as_officer.post(url, {"date": "2026-05-30", "resolution": "S/RES/1"})
    assert "already recorded" in again.content.decode()
    figure = reverse("operations:figure_add", args=[op.pk])
    too_many = as_officer.post(
        figure, {"date": "2026-06-30", "level": "troops", "women": 11, "total": 10}
    )
    assert too_many.status_code == 400
    assert "more women than people in total" in too_many.content.decode()
    as_officer.post(figure, {"date": "2026-06-30", "level": "troops", "women": 1, "total": 10})
    as_officer.post(figure, {"date": "2026-06-30", "level": "troops", "women": 2, "total": 10})
    assert list(ParticipationFigure.objects.values_list("women", flat=True)) == [2]


def test_removing_a_renewal_asks_first_and_is_recorded(cast: Cast, as_officer: Client) -> None:
    from wpsdesk.audit.models import SecurityEvent

    op = make_operation(cast.bogota)
    renewal = services.renewal_add(
        actor=cast.officer, operation=op, date=dt.date(2026, 4, 30), resolution="S/RES/9"
    )
    url = reverse("operations:renewal_delete", args=[op.pk, renewal.pk])
    assert "Remove the renewal" in as_officer.get(url).content.decode()
    assert op.renewals.exists()
    as_officer.post(url)
    assert not op.renewals.exists()
    assert SecurityEvent.objects.filter(kind="operations.renewal_deleted").count() == 1
