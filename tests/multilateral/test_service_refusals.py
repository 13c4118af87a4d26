"""The multilateral services refuse on their own: called directly, as a command would.

Editors and leads of a unit write its negotiation files, statements and side events; a
reader of the unit, an editor of another unit, HQ (reads only), people of no unit and a
former member are refused, and nothing changes. Adding a forum's plan or mandate takes a
unit one may write in.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.multilateral.factories import document, forum, make_event, make_file, make_statement
from tests.personas import Cast
from tests.refusals import assert_refused
from wpsdesk.multilateral import services

pytestmark = pytest.mark.django_db

REFUSED = ["reader", "outsider", "coordinator", "auditor", "admin", "former"]
NO_UNIT = ["auditor", "admin", "former"]


def _file_values() -> dict:
    return {"kind": "budget", "forum": forum(), "title": "Budget", "year": 2026}


def _statement_values() -> dict:
    return {
        "forum": forum(),
        "delivered_on": dt.date(2026, 10, 24),
        "title": "Statement",
        "speaker": "Ambassador",
    }


def _event_values() -> dict:
    return {
        "forum": forum("csw"),
        "held_on": dt.date(2026, 3, 12),
        "title": "Event",
        "role": "attended",
    }


@pytest.mark.parametrize("who", REFUSED)
def test_file_save_refuses_a_new_file_in_a_unit_one_may_not_write(cast: Cast, who: str) -> None:
    values = _file_values()
    assert_refused(
        lambda: services.file_save(actor=getattr(cast, who), unit=cast.bogota, values=values),
        "multilateral",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_file_save_refuses_a_change_by_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    file = make_file(cast.bogota)
    assert_refused(
        lambda: services.file_save(
            actor=getattr(cast, who), file=file, values={"status": "adopted"}, version=1
        ),
        "multilateral",
    )


def test_file_save_refuses_an_editor_lowering_the_classification(cast: Cast) -> None:
    file = make_file(cast.bogota, classification="restricted")
    assert_refused(
        lambda: services.file_save(
            actor=cast.officer, file=file, values={"classification": "internal"}, version=1
        ),
        "multilateral",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_objective_save_refuses_someone_who_may_not_edit_the_file(cast: Cast, who: str) -> None:
    file = make_file(cast.bogota)
    assert_refused(
        lambda: services.objective_save(
            actor=getattr(cast, who), file=file, values={"objective": "Women mediators"}
        ),
        "multilateral",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_draft_add_refuses_someone_who_may_not_edit_the_file(cast: Cast, who: str) -> None:
    file = make_file(cast.bogota)
    doc = document(cast.bogota)
    assert_refused(
        lambda: services.draft_add(actor=getattr(cast, who), file=file, document=doc),
        "multilateral",
        "screening",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_statement_save_refuses_a_new_statement_in_a_unit_one_may_not_write(
    cast: Cast, who: str
) -> None:
    values = _statement_values()
    assert_refused(
        lambda: services.statement_save(actor=getattr(cast, who), unit=cast.bogota, values=values),
        "multilateral",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_statement_save_refuses_a_change_by_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    statement = make_statement(cast.bogota)
    assert_refused(
        lambda: services.statement_save(
            actor=getattr(cast, who), statement=statement, values={"title": "x"}, version=1
        ),
        "multilateral",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_side_event_save_refuses_a_new_event_in_a_unit_one_may_not_write(
    cast: Cast, who: str
) -> None:
    values = _event_values()
    assert_refused(
        lambda: services.side_event_save(
            actor=getattr(cast, who), unit=cast.bogota, values=values, speakers={"women": 1}
        ),
        "multilateral",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_side_event_save_refuses_a_change_by_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    event = make_event(cast.bogota, speakers={"women": 1})
    assert_refused(
        lambda: services.side_event_save(
            actor=getattr(cast, who), event=event, values={}, speakers={"women": 5}, version=1
        ),
        "multilateral",
    )


@pytest.mark.parametrize("who", NO_UNIT)
def test_forum_record_add_refuses_someone_with_no_unit_to_write_in(cast: Cast, who: str) -> None:
    nato = forum("nato")
    assert_refused(
        lambda: services.forum_record_add(
            actor=getattr(cast, who),
            forum=nato,
            unit=cast.bogota,
            values={"kind": "action_plan", "title": "Plan"},
        ),
        "multilateral",
    )
