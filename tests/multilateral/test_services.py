"""The services refuse whom the policy layer refuses, and keep a file's parts together."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.multilateral.factories import (
    add_draft,
    document,
    forum,
    make_event,
    make_file,
    make_objective,
    make_statement,
)
from tests.personas import Cast
from tests.planning.factories import item, load_guidelines
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.multilateral import services
from wpsdesk.multilateral.models import (
    Draft,
    ForumRecord,
    NegotiationFile,
    NegotiationObjective,
    SideEvent,
    Statement,
)
from wpsdesk.organisation import policy
from wpsdesk.organisation.models import Membership, Role

pytestmark = pytest.mark.django_db


def file_values() -> dict:
    return {"kind": "resolution", "forum": forum(), "title": "Resolution", "year": 2026}


def test_file_save_refuses_a_unit_one_may_not_write_in(cast: Cast) -> None:
    for person in (cast.outsider, cast.reader, cast.auditor, cast.former):
        with pytest.raises(PermissionDenied):
            services.file_save(actor=person, unit=cast.bogota, values=file_values())
    assert not NegotiationFile.objects.exists()
    file = services.file_save(actor=cast.officer, unit=cast.bogota, values=file_values())
    assert file.unit == cast.bogota


def test_file_save_refuses_an_editor_of_another_unit_and_the_units_reader(cast: Cast) -> None:
    file = make_file(cast.bogota)
    for person in (cast.outsider, cast.reader, cast.coordinator):
        with pytest.raises(PermissionDenied):
            services.file_save(actor=person, file=file, values={"status": "adopted"})
    file.refresh_from_db()
    assert file.status == "open"


def test_file_save_refuses_a_stale_version(cast: Cast) -> None:
    file = make_file(cast.bogota)
    services.file_save(actor=cast.officer, file=file, values={"status": "adopted"}, version=1)
    with pytest.raises(StaleEdit):
        services.file_save(actor=cast.lead, file=file, values={"summary": "Late"}, version=1)


def test_only_the_lead_lowers_a_files_classification_with_a_reason(cast: Cast) -> None:
    file = make_file(cast.bogota, classification="restricted")
    with pytest.raises(PermissionDenied):
        services.file_save(actor=cast.officer, file=file, values={"classification": "internal"})
    with pytest.raises(ValidationError):
        services.file_save(actor=cast.lead, file=file, values={"classification": "internal"})
    services.file_save(
        actor=cast.lead,
        file=file,
        values={"classification": "internal"},
        classification_reason="The text is public now.",
    )
    assert NegotiationFile.objects.get().classification == "internal"


def test_objective_save_refuses_who_may_not_edit_the_file(cast: Cast) -> None:
    file = make_file(cast.bogota)
    for person in (cast.outsider, cast.reader, cast.coordinator):
        with pytest.raises(PermissionDenied):
            services.objective_save(actor=person, file=file, values={"objective": "Women"})
    assert not NegotiationObjective.objects.exists()


def test_an_objective_of_another_file_is_refused(cast: Cast) -> None:
    objective = make_objective(make_file(cast.bogota))
    other = make_file(cast.bogota, title="Other")
    with pytest.raises(PermissionDenied):
        services.objective_save(
            actor=cast.officer, file=other, objective=objective, values={"objective": "x"}
        )


def test_adopted_language_goes_with_an_adopted_outcome(cast: Cast) -> None:
    file = make_file(cast.bogota)
    with pytest.raises(ValidationError):
        services.objective_save(
            actor=cast.officer, file=file, values={"objective": "W", "outcome": "in_part"}
        )
    with pytest.raises(ValidationError):
        services.objective_save(
            actor=cast.officer,
            file=file,
            values={"objective": "W", "outcome": "not_adopted", "adopted": "Some text"},
        )
    assert not NegotiationObjective.objects.exists()


def test_changing_only_what_an_objective_serves_raises_its_version(cast: Cast) -> None:
    load_guidelines()
    objective = make_objective(make_file(cast.bogota))
    services.objective_save(
        actor=cast.officer,
        file=objective.file,
        objective=objective,
        values={"serves": [item("P2.C.1")]},
        version=1,
    )
    objective.refresh_from_db()
    assert objective.version == 2
    assert [i.code for i in objective.serves.all()] == ["P2.C.1"]


def test_draft_add_refuses_who_may_not_edit_and_documents_of_another_unit(cast: Cast) -> None:
    file = make_file(cast.bogota)
    mine = document(cast.bogota)
    for person in (cast.outsider, cast.reader, cast.coordinator):
        with pytest.raises(PermissionDenied):
            services.draft_add(actor=person, file=file, document=mine)
    with pytest.raises(PermissionDenied):  # another unit's document the officer cannot read
        services.draft_add(actor=cast.officer, file=file, document=document(cast.amman))
    Membership.objects.create(user=cast.officer, unit=cast.amman, role=Role.READER)
    policy.forget_cached_access(cast.officer)
    with pytest.raises(ValidationError):  # readable, but not the file's unit's
        services.draft_add(actor=cast.officer, file=file, document=document(cast.amman))
    with pytest.raises(ValidationError):
        services.draft_add(
            actor=cast.officer, file=file, document=document(cast.bogota, status="queued")
        )
    assert not Draft.objects.exists()


def test_drafts_are_numbered_in_order_and_added_once(cast: Cast) -> None:
    file = make_file(cast.bogota)
    one, two = document(cast.bogota), document(cast.bogota)
    add_draft(file, one, 1)
    draft = services.draft_add(actor=cast.officer, file=file, document=two, label="  rev.   1 ")
    assert (draft.position, draft.label) == (2, "rev. 1")
    with pytest.raises(ValidationError):
        services.draft_add(actor=cast.officer, file=file, document=one)
    file.refresh_from_db()
    assert file.version == 2  # a new draft is a change of the file


def test_a_restricted_document_is_refused_to_an_editor_without_clearance(cast: Cast) -> None:
    Membership.objects.filter(user=cast.reader).update(role=Role.EDITOR)
    file = make_file(cast.bogota)
    closed = document(cast.bogota, classification="restricted")
    with pytest.raises(PermissionDenied):
        services.draft_add(actor=cast.reader, file=file, document=closed)


def statement_values(**more) -> dict:
    return {
        "forum": forum(),
        "delivered_on": dt.date(2026, 10, 24),
        "title": "Statement",
        "speaker": "Ambassador",
        **more,
    }


def test_statement_save_refuses_who_may_not_write(cast: Cast) -> None:
    for person in (cast.outsider, cast.reader, cast.auditor):
        with pytest.raises(PermissionDenied):
            services.statement_save(actor=person, unit=cast.bogota, values=statement_values())
    statement = make_statement(cast.bogota)
    for person in (cast.outsider, cast.reader, cast.coordinator):
        with pytest.raises(PermissionDenied):
            services.statement_save(actor=person, statement=statement, values={"title": "x"})
    assert Statement.objects.get().title == "Statement at the open debate"


def test_a_statement_hangs_only_from_a_readable_file_of_its_unit(cast: Cast) -> None:
    theirs = make_file(cast.amman)
    with pytest.raises(PermissionDenied):
        services.statement_save(
            actor=cast.officer, unit=cast.bogota, values=statement_values(file=theirs)
        )
    Membership.objects.create(user=cast.officer, unit=cast.amman, role=Role.EDITOR)
    policy.forget_cached_access(cast.officer)
    with pytest.raises(ValidationError):
        services.statement_save(
            actor=cast.officer, unit=cast.bogota, values=statement_values(file=theirs)
        )
    assert not Statement.objects.exists()


def test_changing_only_a_statements_messages_raises_its_version(cast: Cast) -> None:
    load_guidelines()
    statement = make_statement(cast.bogota)
    services.statement_save(
        actor=cast.officer,
        statement=statement,
        values={"messages": [item("P1.C.1")]},
        version=1,
    )
    statement.refresh_from_db()
    assert statement.version == 2


def test_side_event_save_refuses_who_may_not_write_and_bad_counts(cast: Cast) -> None:
    values = {
        "forum": forum("csw"),
        "held_on": dt.date(2026, 3, 12),
        "title": "Event",
        "role": "attended",
    }
    with pytest.raises(PermissionDenied):
        services.side_event_save(actor=cast.outsider, unit=cast.bogota, values=values)
    event = make_event(cast.bogota)
    for person in (cast.outsider, cast.reader, cast.coordinator):
        with pytest.raises(PermissionDenied):
            services.side_event_save(actor=person, event=event, values={"title": "x"})
    with pytest.raises(ValidationError):
        services.side_event_save(
            actor=cast.officer, unit=cast.bogota, values=values, speakers={"woman": 2}
        )
    with pytest.raises(ValidationError):
        services.side_event_save(
            actor=cast.officer, unit=cast.bogota, values=values, speakers={"women": -2}
        )
    assert SideEvent.objects.count() == 1


def test_changing_only_the_speakers_raises_the_events_version(cast: Cast) -> None:
    event = make_event(cast.bogota, speakers={"women": 1})
    services.side_event_save(
        actor=cast.officer, event=event, values={}, speakers={"women": 2, "men": 0}, version=1
    )
    event.refresh_from_db()
    assert event.version == 2
    assert dict(event.speakers.values_list("gender", "count")) == {"women": 2, "men": 0}


def test_forum_record_add_refuses_a_person_without_a_unit_and_is_logged(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.forum_record_add(
            actor=cast.auditor,
            forum=forum("nato"),
            unit=cast.bogota,
            values={"kind": "action_plan", "title": "Plan"},
        )
    record = services.forum_record_add(
        actor=cast.outsider,
        forum=forum("nato"),
        unit=cast.amman,
        values={"kind": "action_plan", "title": "Plan"},
    )
    assert ForumRecord.objects.get() == record
    assert SecurityEvent.objects.filter(kind="multilateral.forum_record_added").count() == 1
