"""Changes to who may see what are logged exactly once, whichever way they are made."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.personas import Cast
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation.models import AccessGrant, Membership, Role, Unit


def kinds_since(sequence: int) -> list[str]:
    return list(SecurityEvent.objects.filter(sequence__gt=sequence).values_list("kind", flat=True))


def last_sequence() -> int:
    last = SecurityEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


def test_a_role_change_is_one_event_with_before_and_after(cast: Cast) -> None:
    start = last_sequence()
    membership = Membership.objects.get(user=cast.reader)
    membership.role = Role.EDITOR
    membership.save()
    assert kinds_since(start) == ["membership.changed"]
    event = SecurityEvent.objects.get(sequence=start + 1)
    assert event.details == {"role": ["reader", "editor"]}


def test_saving_without_changes_logs_nothing(cast: Cast) -> None:
    start = last_sequence()
    Membership.objects.get(user=cast.reader).save()
    cast.reader.save()
    assert kinds_since(start) == []


def test_capability_changes_are_logged(cast: Cast) -> None:
    start = last_sequence()
    cast.reader.is_hq_coordinator = True
    cast.reader.save()
    cast.reader.is_active = False
    cast.reader.save()
    assert kinds_since(start) == ["person.capabilities_changed", "person.capabilities_changed"]


def test_grants_are_logged_without_the_records_content(cast: Cast) -> None:
    start = last_sequence()
    grant = AccessGrant.objects.create(
        user=cast.reader,
        content_type=ContentType.objects.get_for_model(Unit),
        object_id=cast.bogota.pk,
        reason="Secret reason with a name in it",
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    grant.delete()
    assert kinds_since(start) == ["access_grant.created", "access_grant.deleted"]
    for event in SecurityEvent.objects.filter(sequence__gt=start):
        assert "Secret reason" not in str(event.details)


def test_history_keeps_who_changed_what(cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.reader)
    membership.restricted_clearance = True
    membership.save()
    records = list(membership.history.order_by("history_date"))
    assert [r.restricted_clearance for r in records] == [False, True]
    delta = records[1].diff_against(records[0])
    assert [change.field for change in delta.changes] == ["restricted_clearance"]


def test_identity_changes_and_removal_of_a_person_are_logged(cast: Cast) -> None:
    start = last_sequence()
    cast.reader.email = "reader@example.org"
    cast.reader.save()
    person = cast.former
    person.delete()
    assert kinds_since(start)[0] == "person.changed"
    assert "person.deleted" in kinds_since(start)
