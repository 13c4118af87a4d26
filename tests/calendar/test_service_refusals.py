"""The calendar services refuse on their own, as the demo or a command would call them:
nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.calendar.factories import make_event, make_global
from tests.personas import Cast
from tests.refusals import assert_refused
from wpsdesk.calendar import services

pytestmark = pytest.mark.django_db

VALUES = {"title": "Refused", "date": dt.date(2026, 10, 1), "kind": "meeting"}
NOT_IN_BOGOTA = ["reader", "outsider", "coordinator", "auditor", "admin", "former"]
NOT_HQ = ["officer", "lead", "reader", "outsider", "auditor", "admin", "former"]


@pytest.mark.parametrize("who", NOT_IN_BOGOTA)
def test_event_save_refuses_a_new_event_in_a_unit_one_may_not_write(cast: Cast, who: str) -> None:
    assert_refused(
        lambda: services.event_save(actor=getattr(cast, who), unit=cast.bogota, values=VALUES),
        "calendar",
    )


@pytest.mark.parametrize("who", NOT_IN_BOGOTA)
def test_event_save_refuses_a_change_by_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    event = make_event(cast.bogota)
    assert_refused(
        lambda: services.event_save(
            actor=getattr(cast, who), event=event, values={"title": "Changed"}, version=1
        ),
        "calendar",
    )


@pytest.mark.parametrize("who", NOT_IN_BOGOTA)
def test_event_delete_refuses(cast: Cast, who: str) -> None:
    event = make_event(cast.bogota)
    assert_refused(lambda: services.event_delete(actor=getattr(cast, who), event=event), "calendar")


@pytest.mark.parametrize("who", NOT_HQ)
def test_global_event_save_and_delete_refuse_anyone_but_hq(cast: Cast, who: str) -> None:
    event = make_global()
    actor = getattr(cast, who)
    assert_refused(
        lambda: services.global_event_save(actor=actor, values={"name": "x"}, event=event),
        "calendar",
    )
    assert_refused(lambda: services.global_event_delete(actor=actor, event=event), "calendar")


def test_reminders_and_feeds_refuse_an_inactive_person(cast: Cast) -> None:
    cast.officer.is_active = False
    cast.officer.save()
    assert_refused(
        lambda: services.reminder_set(actor=cast.officer, kind="calendar.global", days_before=3),
        "calendar",
    )
    assert_refused(lambda: services.feed_make(actor=cast.officer), "calendar")
    assert_refused(lambda: services.feed_revoke(actor=cast.officer), "calendar")
