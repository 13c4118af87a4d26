"""Break-glass: a reason and a current code open one restricted record, for a few hours.

It never opens a strictly restricted record, answers the same way for a missing record as
for one that is not the person's to open, and stays on the unit lead's home page and the
auditors' page until an auditor marks it reviewed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import code_for
from tests.personas import Cast, make_person, verified_client
from tests.policyapp.models import Note, NoteComment
from tests.screening.test_pages import row
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation import breakglass, policy
from wpsdesk.organisation.models import BreakGlass, Classification, Membership, Role, User

URL = "/unit/break-glass/"


@pytest.fixture
def helper(cast: Cast) -> User:
    """An editor of the Bogotá unit without restricted clearance."""
    person = make_person("helper")
    Membership.objects.create(user=person, unit=cast.bogota, role=Role.EDITOR)
    return person


@pytest.fixture
def notes(cast: Cast) -> dict[str, Note]:
    return {
        "restricted": Note.objects.create(
            unit=cast.bogota, title="restricted", classification=Classification.RESTRICTED
        ),
        "strict": Note.objects.create(
            unit=cast.bogota, title="strict", classification=Classification.STRICTLY_RESTRICTED
        ),
        "internal": Note.objects.create(unit=cast.bogota, title="internal"),
        "amman": Note.objects.create(
            unit=cast.amman, title="amman", classification=Classification.RESTRICTED
        ),
    }


def open_note(person: User, note: Any, reason: str = "A defender asked for help tonight") -> Any:
    return breakglass.open_record(
        actor=person, label="policyapp.note", object_id=note.pk, reason=reason
    )


def titles(person: User) -> set[str]:
    return set(policy.visible_to(Note.objects.all(), user=person).values_list("title", flat=True))


# --- the service ------------------------------------------------------------------------


def test_an_editor_without_clearance_opens_a_restricted_record_of_their_unit(
    cast: Cast, helper: User, notes: dict[str, Note]
) -> None:
    assert "restricted" not in titles(helper)
    opened = open_note(helper, notes["restricted"])
    assert opened is not None
    assert "restricted" in titles(User.objects.get(pk=helper.pk))
    event = SecurityEvent.objects.get(kind="breakglass.opened")
    assert event.actor_id == helper.pk
    assert event.target_id == str(notes["restricted"].pk)
    assert event.details["reason"] == "A defender asked for help tonight"


def test_records_below_an_opened_record_open_with_it(
    cast: Cast, helper: User, notes: dict[str, Note]
) -> None:
    comment = NoteComment.objects.create(note=notes["restricted"], text="below")
    assert not policy.visible_to(NoteComment.objects.all(), user=helper).exists()
    open_note(helper, notes["restricted"])
    helper = User.objects.get(pk=helper.pk)
    assert list(policy.visible_to(NoteComment.objects.all(), user=helper)) == [comment]


def test_it_never_opens_a_strictly_restricted_record(
    cast: Cast, helper: User, notes: dict[str, Note]
) -> None:
    assert open_note(helper, notes["strict"]) is None
    assert "strict" not in titles(helper)
    assert not BreakGlass.objects.exists()
    assert SecurityEvent.objects.get(kind="breakglass.refused").details["why"] == "strict"


def test_a_record_made_strictly_restricted_after_opening_closes_again(
    cast: Cast, helper: User, notes: dict[str, Note]
) -> None:
    open_note(helper, notes["restricted"])
    Note.objects.filter(pk=notes["restricted"].pk).update(
        classification=Classification.STRICTLY_RESTRICTED
    )
    assert "restricted" not in titles(User.objects.get(pk=helper.pk))


def test_an_opening_runs_out(cast: Cast, helper: User, notes: dict[str, Note]) -> None:
    opening, _record = open_note(helper, notes["restricted"])
    assert opening.expires_at - timezone.now() > dt.timedelta(hours=3, minutes=59)
    BreakGlass.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert "restricted" not in titles(User.objects.get(pk=helper.pk))


def test_losing_the_role_ends_the_opening(cast: Cast, helper: User, notes: dict[str, Note]) -> None:
    open_note(helper, notes["restricted"])
    Membership.objects.filter(user=helper).update(role=Role.READER)
    assert "restricted" not in titles(User.objects.get(pk=helper.pk))


def test_hq_coordinators_may_open_any_units_restricted_record(
    cast: Cast, notes: dict[str, Note]
) -> None:
    assert "amman" not in titles(cast.coordinator)
    assert open_note(cast.coordinator, notes["amman"]) is not None
    assert "amman" in titles(User.objects.get(pk=cast.coordinator.pk))


@pytest.mark.parametrize("persona", ["reader", "auditor", "admin", "outsider", "former"])
def test_people_whose_role_does_not_allow_it_are_refused(
    cast: Cast, notes: dict[str, Note], persona: str
) -> None:
    person = getattr(cast, persona)
    assert open_note(person, notes["restricted"]) is None
    assert not BreakGlass.objects.exists()
    assert "restricted" not in titles(person)


def test_a_missing_record_and_an_internal_one_answer_like_a_refusal(
    cast: Cast, helper: User, notes: dict[str, Note]
) -> None:
    assert (
        breakglass.open_record(
            actor=helper, label="policyapp.note", object_id=999999, reason="Needed for a case"
        )
        is None
    )
    assert open_note(helper, notes["internal"]) is None
    assert (
        breakglass.open_record(
            actor=helper, label="organisation.user", object_id=1, reason="Needed for a case"
        )
        is None
    )
    assert [e.details["why"] for e in SecurityEvent.objects.filter(kind="breakglass.refused")] == [
        "none",
        "internal",
        "none",
    ]


def test_a_reason_is_required(cast: Cast, helper: User, notes: dict[str, Note]) -> None:
    with pytest.raises(ValidationError):
        open_note(helper, notes["restricted"], reason="   ")
    assert not BreakGlass.objects.exists()


def test_only_auditors_review_and_review_is_logged(
    cast: Cast, helper: User, notes: dict[str, Note]
) -> None:
    opening, _record = open_note(helper, notes["restricted"])
    for person in (cast.lead, cast.admin, helper):
        with pytest.raises(PermissionDenied):
            breakglass.review(actor=person, opening=opening)
    breakglass.review(actor=cast.auditor, opening=opening, note="Confirmed with the lead")
    opening.refresh_from_db()
    assert opening.reviewed_by == cast.auditor
    assert not breakglass.awaiting_review().exists()
    assert SecurityEvent.objects.filter(kind="breakglass.reviewed").count() == 1


# --- the page ---------------------------------------------------------------------------


def post(client: Client, person: User, record: Any, label: str, **more: Any) -> Any:
    data = {
        "record_type": label,
        "record_id": record.pk if hasattr(record, "pk") else record,
        "reason": "A defender asked for help tonight",
        "code": code_for(person),
        **more,
    }
    return client.post(URL, data, REMOTE_ADDR="192.0.2.10")


def test_the_page_opens_a_document_and_sends_the_person_to_it(cast: Cast, helper: User) -> None:
    secret = row(cast.bogota, title="Back-channel draft", classification="restricted")
    client = verified_client(helper)
    detail = reverse("screening:detail", args=[secret.pk])
    assert client.get(detail).status_code == 404
    response = post(client, helper, secret, "screening.screeneddocument")
    assert response.status_code == 302 and response["Location"] == detail
    assert "Back-channel draft" in client.get(detail).content.decode()
    opened = SecurityEvent.objects.get(kind="breakglass.opened")
    assert opened.ip_address == "192.0.2.10"


def test_the_page_answers_alike_for_missing_strict_and_foreign_records(
    cast: Cast, helper: User, notes: dict[str, Note]
) -> None:
    client = verified_client(helper)
    answers = set()
    for record in (999999, notes["strict"], notes["amman"], notes["internal"]):
        TOTPDevice.objects.filter(user=helper).update(last_t=-1)  # a fresh code each time
        response = post(client, helper, record, "policyapp.note")
        html = response.content.decode()
        answers.add((response.status_code, "Nothing was opened with that reference" in html))
    assert answers == {(400, True)}
    assert not BreakGlass.objects.exists()
    assert SecurityEvent.objects.filter(kind="breakglass.refused").count() == 4


def test_a_wrong_code_opens_nothing(cast: Cast, helper: User, notes: dict[str, Note]) -> None:
    client = verified_client(helper)
    response = post(client, helper, notes["restricted"], "policyapp.note", code="000000")
    assert response.status_code == 400
    assert not BreakGlass.objects.exists()
    assert SecurityEvent.objects.filter(kind="reauthentication.failure").count() == 1


@pytest.mark.parametrize("persona", ["reader", "officer", "auditor", "admin"])
def test_the_page_refuses_people_who_may_not_break_the_glass(
    cast: Cast, persona: str, notes: dict[str, Note]
) -> None:
    person = getattr(cast, persona)
    client = verified_client(person)
    assert client.get(URL).status_code == 403
    assert post(client, person, notes["restricted"], "policyapp.note").status_code == 403


def test_the_unit_lead_sees_the_opening_on_the_home_page_until_it_is_reviewed(
    cast: Cast, helper: User, notes: dict[str, Note]
) -> None:
    opening, _record = open_note(helper, notes["restricted"])
    lead = verified_client(cast.lead)
    home = lead.get(reverse("core:home")).content.decode()
    assert "by break-glass" in home and opening.reference in home
    page = lead.get(URL)
    assert page.status_code == 200 and "A defender asked for help tonight" in page.content.decode()
    auditor = verified_client(cast.auditor)
    assert opening.reference in auditor.get(reverse("audit:events")).content.decode()
    response = auditor.post(
        reverse("audit:break_glass_reviewed", args=[opening.pk]), {"note": "ok"}
    )
    assert response.status_code == 302
    assert "by break-glass" not in lead.get(reverse("core:home")).content.decode()
    assert lead.get(URL).status_code == 403
    listed = auditor.get(reverse("audit:events")).content.decode()
    assert 'id="break-glass"' not in listed
