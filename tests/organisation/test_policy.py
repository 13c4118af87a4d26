"""The policy layer on a test record type: who sees what, in lists and counts too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils import timezone

from tests.personas import Cast
from tests.policyapp.models import Note, NoteComment
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation import policy
from wpsdesk.organisation.models import AccessGrant, Classification, GrantState


@pytest.fixture
def notes(cast: Cast) -> dict[str, Note]:
    return {
        "internal": Note.objects.create(unit=cast.bogota, title="internal"),
        "restricted": Note.objects.create(
            unit=cast.bogota, title="restricted", classification=Classification.RESTRICTED
        ),
        "strict": Note.objects.create(
            unit=cast.bogota, title="strict", classification=Classification.STRICTLY_RESTRICTED
        ),
        "amman": Note.objects.create(unit=cast.amman, title="amman"),
    }


def titles(user) -> set[str]:
    return set(policy.visible_to(Note.objects.all(), user=user).values_list("title", flat=True))


def test_member_with_clearance_sees_internal_and_restricted_but_not_strict(cast, notes):
    assert titles(cast.officer) == {"internal", "restricted"}


def test_reader_without_clearance_sees_only_internal(cast, notes):
    assert titles(cast.reader) == {"internal"}
    assert policy.visible_to(Note.objects.all(), user=cast.reader).count() == 1


def test_other_unit_sees_nothing_of_ours(cast, notes):
    assert titles(cast.outsider) == {"amman"}


def test_hq_coordinator_sees_every_units_internal_records_only(cast, notes):
    assert titles(cast.coordinator) == {"internal", "amman"}


@pytest.mark.parametrize("who", ["admin", "auditor", "former"])
def test_administrators_auditors_and_former_members_see_no_content(cast, notes, who):
    assert titles(getattr(cast, who)) == set()


def test_anonymous_sees_nothing(notes):
    from django.contrib.auth.models import AnonymousUser

    assert titles(AnonymousUser()) == set()


def _grant(cast, note, **fields):
    values = {
        "user": cast.reader,
        "content_type": ContentType.objects.get_for_model(Note),
        "object_id": note.pk,
        "reason": "case follow-up",
        "granted_by": cast.lead,
        "state": GrantState.ACTIVE,
        "expires_at": timezone.now() + dt.timedelta(days=7),
        **fields,
    }
    return AccessGrant.objects.create(**values)


def test_a_grant_in_force_opens_one_strictly_restricted_record(cast, notes):
    _grant(cast, notes["strict"], approved_by=cast.officer)
    assert titles(cast.reader) == {"internal", "strict"}


def test_an_expired_grant_opens_nothing(cast, notes):
    _grant(cast, notes["strict"], expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert titles(cast.reader) == {"internal"}


@pytest.mark.parametrize("state", [GrantState.PENDING, GrantState.REVOKED])
def test_a_pending_or_revoked_grant_opens_nothing(cast, notes, state):
    _grant(cast, notes["strict"], state=state)
    assert titles(cast.reader) == {"internal"}
    assert not policy.may_read(cast.reader, notes["strict"])


def test_other_units_record_is_404_like_a_missing_one(cast, notes):
    with pytest.raises(Http404):
        policy.get_visible_or_404(Note, user=cast.outsider, pk=notes["internal"].pk)
    with pytest.raises(Http404):
        policy.get_visible_or_404(Note, user=cast.outsider, pk=999999)


def test_reading_a_restricted_record_is_logged_once(cast, notes):
    before = SecurityEvent.objects.count()
    policy.get_visible_or_404(Note, user=cast.officer, pk=notes["restricted"].pk)
    events = SecurityEvent.objects.filter(kind="restricted.read")
    assert SecurityEvent.objects.count() == before + 1
    event = events.get()
    assert event.actor_id == cast.officer.pk
    assert event.target_id == str(notes["restricted"].pk)
    assert "restricted" not in event.details.get("title", "")


def test_reading_an_internal_record_is_not_logged(cast, notes):
    policy.get_visible_or_404(Note, user=cast.officer, pk=notes["internal"].pk)
    assert not SecurityEvent.objects.filter(kind="restricted.read").exists()


def test_editors_and_leads_may_edit_readers_and_outsiders_may_not(cast, notes):
    assert policy.may_edit(cast.officer, notes["internal"])
    assert policy.may_edit(cast.lead, notes["restricted"])
    assert not policy.may_edit(cast.reader, notes["internal"])
    assert not policy.may_edit(cast.outsider, notes["internal"])
    assert not policy.may_edit(cast.coordinator, notes["internal"])
    assert not policy.may_edit(cast.officer, notes["strict"])


def test_only_leads_lead(cast):
    assert policy.may_lead(cast.lead, cast.bogota)
    assert not policy.may_lead(cast.officer, cast.bogota)
    assert not policy.may_lead(cast.admin, cast.bogota)


def test_records_reached_through_a_parent_follow_the_parents_unit(cast, notes):
    NoteComment.objects.create(note=notes["internal"], text="a")
    NoteComment.objects.create(note=notes["restricted"], text="b")
    NoteComment.objects.create(note=notes["amman"], text="c")
    visible = policy.visible_to(NoteComment.objects.all(), user=cast.reader)
    assert set(visible.values_list("text", flat=True)) == {"a"}


def test_an_error_inside_a_check_denies(cast, notes, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(policy, "unit_access", broken)
    assert titles(cast.officer) == set()
    assert not policy.may_edit(cast.officer, notes["internal"])
    assert not policy.may_create_in(cast.officer, cast.bogota)


def test_a_restricted_record_reached_through_its_parent_opens_and_is_logged(cast, notes):
    comment = NoteComment.objects.create(note=notes["restricted"], text="r")
    found = policy.get_visible_or_404(NoteComment, user=cast.officer, pk=comment.pk)
    assert found == comment
    event = SecurityEvent.objects.filter(kind="restricted.read").latest("sequence")
    assert event.target_type == "policyapp.notecomment"
    with pytest.raises(Http404):
        policy.get_visible_or_404(NoteComment, user=cast.reader, pk=comment.pk)


def _grant_on(user, record, **fields) -> AccessGrant:
    """A grant in force for ``user`` on any record (the shape tests need no second approval)."""
    return AccessGrant.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        reason="case follow-up",
        state=GrantState.ACTIVE,
        expires_at=timezone.now() + dt.timedelta(days=7),
        **fields,
    )


def test_a_grant_on_a_parent_opens_its_children(cast, notes):
    NoteComment.objects.create(note=notes["strict"], text="under strict")
    NoteComment.objects.create(note=notes["internal"], text="under internal")
    visible = policy.visible_to(NoteComment.objects.all(), user=cast.reader)
    assert set(visible.values_list("text", flat=True)) == {"under internal"}
    _grant_on(cast.reader, notes["strict"])
    visible = policy.visible_to(NoteComment.objects.all(), user=cast.reader)
    assert set(visible.values_list("text", flat=True)) == {"under internal", "under strict"}


def test_a_grant_on_a_child_record_type_opens_no_parent(cast, notes):
    comment = NoteComment.objects.create(note=notes["strict"], text="under strict")
    AccessGrant.objects.create(
        user=cast.reader,
        content_type=ContentType.objects.get_for_model(NoteComment),
        object_id=comment.pk,
        reason="wrong record type",
        state=GrantState.ACTIVE,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    assert titles(cast.reader) == {"internal"}


def test_without_grants_the_filter_has_no_grants_subquery(cast, notes):
    """A person without grants gets plain unit and classification conditions (indexes serve)."""
    sql = str(policy.visible_to(Note.objects.all(), user=cast.reader).query)
    assert "accessgrant" not in sql.lower()
    assert " IN (SELECT" not in sql
    _grant_on(cast.reader, notes["strict"])
    sql = str(policy.visible_to(Note.objects.all(), user=cast.reader).query)
    assert f"IN ({notes['strict'].pk})" in sql
    assert "accessgrant" not in sql.lower()


def test_grants_are_read_once_per_person(cast, notes, django_assert_num_queries):
    _grant_on(cast.reader, notes["strict"])
    with django_assert_num_queries(1):  # memberships and grants together
        policy.visible_to(Note.objects.all(), user=cast.reader)
        policy.visible_to(NoteComment.objects.all(), user=cast.reader)
        policy.visible_to(Note.objects.all(), user=cast.reader)
    with django_assert_num_queries(0):
        policy.visible_to(Note.objects.all(), user=cast.reader)


def test_a_grant_given_after_the_grants_were_read_counts_at_once(cast, notes):
    assert titles(cast.reader) == {"internal"}
    grant = _grant_on(cast.reader, notes["strict"])
    assert titles(cast.reader) == {"internal", "strict"}
    grant.delete()
    assert titles(cast.reader) == {"internal"}
