"""The calendar's pages: the global events in October, who sees which unit event, the
filters, query counts, adding, changing and deleting an event, and global events kept by HQ.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.calendar.factories import ANNIVERSARY, OCTOBER_DEBATE, make_event, restricted_event
from tests.personas import Cast, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.calendar.models import GlobalEvent, UnitEvent

pytestmark = pytest.mark.django_db

MONTH = reverse("calendar:month")
LIST = reverse("calendar:list")
OCTOBER = {"month": "2026-10"}

# The session, the person and their second factor, their roles and grants (one query), the
# units for the filter, global events with their dates (two), one query per source that has
# dates in range (unit events, activities, follow-ups, strategy reviews, grantee reports,
# countries' CEDAW and UPR review cycles;
# plans' results and checklist runs only when 31 December is in range), their units (the
# header's switcher), and the security log's note of the restricted events read (the month
# test shows restricted events, the list test does not; the list's year holds 31 December).
QUERIES_MONTH = 19
QUERIES_LIST = 16
# A restricted event: the session, the person and their second factor, their roles, the
# event, may they edit it, their units, and the security log's note of the read.
QUERIES_DETAIL = 12


def test_the_calendar_lists_the_october_open_debate_and_the_1325_anniversary(
    as_officer: Client,
) -> None:
    body = as_officer.get(MONTH, OCTOBER).content.decode()
    assert OCTOBER_DEBATE in body
    assert ANNIVERSARY in body
    # The other months do not show them: the month view is about its month.
    march = as_officer.get(MONTH, {"month": "2026-03"}).content.decode()
    assert OCTOBER_DEBATE not in march
    assert "Commission on the Status of Women" in march


def test_the_list_view_shows_the_global_events_with_their_dates(as_officer: Client) -> None:
    body = as_officer.get(LIST, {"start": "2026-10-01"}).content.decode()
    assert OCTOBER_DEBATE in body
    assert "27 Oct 2026" in body
    assert ANNIVERSARY in body
    assert "31 Oct 2026" in body


def test_a_fixed_date_falls_every_year_and_a_set_date_wins_for_its_year() -> None:
    anniversary = GlobalEvent.objects.get(name=ANNIVERSARY)
    assert anniversary.dates_between(dt.date(2030, 1, 1), dt.date(2030, 12, 31)) == [
        dt.date(2030, 10, 31)
    ]
    anniversary.dates.create(date=dt.date(2030, 11, 2))
    assert anniversary.dates_between(dt.date(2030, 1, 1), dt.date(2030, 12, 31)) == [
        dt.date(2030, 11, 2)
    ]


def test_another_units_restricted_event_is_never_shown(cast: Cast, as_officer: Client) -> None:
    restricted_event(cast.amman, "Amman secret meeting", country="JO")
    make_event(cast.amman, "Amman open meeting", country="JO")
    mine = restricted_event(cast.bogota, "Bogota restricted meeting")
    outsider = verified_client(cast.outsider)
    theirs = outsider.get(MONTH, OCTOBER).content.decode()
    assert "Amman secret meeting" in theirs  # its own unit, with clearance
    assert "Bogota restricted meeting" not in theirs
    ours = as_officer.get(MONTH, OCTOBER).content.decode()
    assert "Bogota restricted meeting" in ours
    assert "Amman secret meeting" not in ours
    assert "Amman open meeting" not in ours  # another unit's internal event too
    # HQ sees internal events of every unit, never the restricted ones.
    hq = verified_client(cast.coordinator).get(MONTH, OCTOBER).content.decode()
    assert "Amman open meeting" in hq
    assert "Amman secret meeting" not in hq
    assert "Bogota restricted meeting" not in hq
    # The reader of Bogotá has no clearance: the internal one yes, the restricted one no.
    make_event(cast.bogota, "Bogota open meeting")
    reader = verified_client(cast.reader).get(MONTH, OCTOBER).content.decode()
    assert "Bogota open meeting" in reader
    assert mine.title not in reader


def test_the_filters_narrow_by_unit_country_and_forum(cast: Cast) -> None:
    make_event(cast.bogota, "Bogota meeting")
    make_event(cast.amman, "Amman meeting", country="JO")
    hq = verified_client(cast.coordinator)
    by_unit = hq.get(MONTH, {**OCTOBER, "unit": cast.amman.pk}).content.decode()
    assert "Amman meeting" in by_unit
    assert "Bogota meeting" not in by_unit
    assert OCTOBER_DEBATE not in by_unit  # a global event belongs to no unit
    by_country = hq.get(MONTH, {**OCTOBER, "country": "co"}).content.decode()
    assert "Bogota meeting" in by_country
    assert "Amman meeting" not in by_country
    by_forum = hq.get(MONTH, {**OCTOBER, "forum": "UNSC"}).content.decode()
    assert OCTOBER_DEBATE in by_forum
    assert "Bogota meeting" not in by_forum
    bad = hq.get(MONTH, {**OCTOBER, "country": "XX"})
    assert bad.status_code == 200
    assert "is not a country code" in bad.content.decode()


@pytest.mark.parametrize("size", [1, 20])
def test_the_month_costs_the_same_queries_whatever_it_holds(
    cast: Cast, as_officer: Client, django_assert_num_queries, size: int
) -> None:
    for n in range(size):
        make_event(cast.bogota, f"Meeting {n}", date=dt.date(2026, 10, 1 + n % 28))
        restricted_event(cast.bogota, f"Restricted {n}")
    as_officer.get(MONTH, OCTOBER)  # warm the content-type cache
    with django_assert_num_queries(QUERIES_MONTH):
        response = as_officer.get(MONTH, OCTOBER)
    assert response.status_code == 200
    assert response.content.decode().count("Meeting ") >= size


@pytest.mark.parametrize("size", [1, 20])
def test_the_list_costs_the_same_queries_whatever_it_holds(
    cast: Cast, as_officer: Client, django_assert_num_queries, size: int
) -> None:
    for n in range(size):
        make_event(cast.bogota, f"Meeting {n}")
    as_officer.get(LIST, {"start": "2026-10-01"})
    with django_assert_num_queries(QUERIES_LIST):
        assert as_officer.get(LIST, {"start": "2026-10-01"}).status_code == 200


def test_the_event_page_costs_a_fixed_number_of_queries(
    cast: Cast, as_officer: Client, django_assert_num_queries
) -> None:
    event = restricted_event(cast.bogota)
    url = reverse("calendar:event_detail", args=[event.pk])
    as_officer.get(url)
    with django_assert_num_queries(QUERIES_DETAIL):
        response = as_officer.get(url)
    assert response.status_code == 200
    assert event.title in response.content.decode()


def test_an_editor_adds_changes_and_deletes_an_event_with_a_confirmation(
    cast: Cast, as_officer: Client
) -> None:
    response = as_officer.post(
        reverse("calendar:event_create"),
        {
            "title": "  Dialogue   with women mediators ",
            "date": "2026-10-22",
            "kind": "meeting",
            "country": "co",
            "forum": "",
            "notes": "",
            "classification": "restricted",
        },
    )
    assert response.status_code == 302
    event = UnitEvent.objects.get(title="Dialogue with women mediators")
    assert (event.unit, event.country, event.classification) == (cast.bogota, "CO", "restricted")
    edit = reverse("calendar:event_edit", args=[event.pk])
    form = as_officer.get(edit).context["form"]
    response = as_officer.post(
        edit,
        {
            "title": "Dialogue with women mediators",
            "date": "2026-10-23",
            "kind": "meeting",
            "country": "CO",
            "forum": "",
            "notes": "Moved a day",
            "classification": "restricted",
            form.version_input_name: form.version_value,
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.date == dt.date(2026, 10, 23)
    delete = reverse("calendar:event_delete", args=[event.pk])
    confirm = as_officer.get(delete)
    assert "It cannot be undone" in confirm.content.decode()
    assert UnitEvent.objects.filter(pk=event.pk).exists()  # asking deletes nothing
    assert as_officer.post(delete).status_code == 302
    assert not UnitEvent.objects.filter(pk=event.pk).exists()
    logged = SecurityEvent.objects.get(kind="calendar.event_deleted")
    assert logged.details == {"classification": "restricted"}


def test_the_form_says_what_is_wrong_in_plain_words(as_officer: Client) -> None:
    response = as_officer.post(
        reverse("calendar:event_create"),
        {"title": " ", "date": "31/10", "kind": "meeting", "classification": "internal"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give the event a title." in body
    assert "Give the date as year-month-day" in body


# --- refusals ------------------------------------------------------------------------------


def test_a_reader_may_not_add_an_event(cast: Cast) -> None:
    reader = verified_client(cast.reader)
    assert reader.get(reverse("calendar:event_create")).status_code == 403
    assert reader.post(reverse("calendar:event_create"), {"title": "x"}).status_code == 403
    assert not UnitEvent.objects.exists()


def test_another_units_event_is_404_and_cannot_be_changed_or_deleted(
    cast: Cast, as_outsider: Client
) -> None:
    event = make_event(cast.bogota)
    for name in ("calendar:event_detail", "calendar:event_edit", "calendar:event_delete"):
        assert as_outsider.get(reverse(name, args=[event.pk])).status_code == 404
    assert as_outsider.post(reverse("calendar:event_delete", args=[event.pk])).status_code == 404
    assert UnitEvent.objects.filter(pk=event.pk).exists()


def test_only_hq_keeps_the_global_events(cast: Cast, as_officer: Client) -> None:
    event = GlobalEvent.objects.get(name=ANNIVERSARY)
    assert as_officer.get(reverse("calendar:global_edit", args=[event.pk])).status_code == 403
    assert as_officer.post(reverse("calendar:global_delete", args=[event.pk])).status_code == 403
    assert GlobalEvent.objects.filter(pk=event.pk).exists()
    hq = verified_client(cast.coordinator)
    url = reverse("calendar:global_edit", args=[event.pk])
    form = hq.get(url).context["form"]
    response = hq.post(
        url,
        {
            "name": event.name,
            "forum": "UNSC",
            "description": "",
            "month": "10",
            "day": "31",
            "is_active": "on",
            "dates_text": "2031-11-01\n",
            form.version_input_name: form.version_value,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    assert list(event.dates.values_list("date", flat=True)) == [dt.date(2031, 11, 1)]
    bad = hq.post(
        url,
        {
            "name": event.name,
            "forum": "UNSC",
            "month": "2",
            "day": "30",
            "dates_text": "next week",
            form.version_input_name: str(int(form.version_value) + 1),
        },
    )
    assert bad.status_code == 400
    assert "is not a date" in bad.content.decode()


def test_each_list_row_offers_a_reminder_named_for_its_entry(as_officer: Client) -> None:
    body = as_officer.get(LIST, {"start": "2026-10-01"}).content.decode()
    assert f'<span class="ds-sr-only">: {OCTOBER_DEBATE}, 27 Oct 2026</span>' in body
