"""The load test's own parts: "nothing lost" (confirmed saves against the database), and the
simulated people, who log in through the real two-step log-in with a code they compute."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from tests.engagements.factories import make_engagement
from tests.personas import make_cast
from tests.planning.factories import item, load_guidelines
from wpsdesk.core.loadtest import (
    StoredState,
    count_by_kind,
    create_people,
    lost_records,
    stored_state,
)
from wpsdesk.organisation.models import Membership, Role
from wpsdesk.planning import services as planning_services
from wpsdesk.planning.models import ChecklistRun

HELD = StoredState(
    engagements={1: "Meeting 1", 2: "Meeting 2"},
    documents={7: "Text 7"},
    answers={(3, 10): (2, "yes"), (3, 11): (1, "no")},
)


def engagement(pk: int, title: str) -> dict[str, object]:
    return {"kind": "engagement", "id": pk, "title": title}


def answer(item_id: int, version: int, value: str, run: int = 3) -> dict[str, object]:
    return {"kind": "answer", "run": run, "item": item_id, "version": version, "answer": value}


def test_nothing_is_lost_when_every_confirmed_save_is_held() -> None:
    confirmed = [
        engagement(1, "Meeting 1"),
        engagement(2, "Meeting 2"),
        {"kind": "document", "id": 7, "title": "Text 7"},
        answer(10, 1, "no"),  # an earlier save of the same answer
        answer(10, 2, "yes"),
        answer(11, 1, "no"),
    ]
    assert lost_records(confirmed, HELD) == []
    assert count_by_kind(confirmed) == {"engagement": 2, "document": 1, "answer": 2}


def test_a_missing_record_or_a_changed_title_is_reported() -> None:
    lost = lost_records(
        [
            engagement(1, "Meeting 1"),
            engagement(3, "Meeting 3"),
            engagement(2, "Another title"),
            {"kind": "document", "id": 8, "title": "Text 8"},
        ],
        HELD,
    )
    assert lost == [
        "engagement 3 ('Meeting 3') is missing",
        "engagement 2 has the title 'Meeting 2', not 'Another title'",
        "document 8 ('Text 8') is missing",
    ]


def test_an_answer_behind_its_confirmed_version_or_with_another_value_is_reported() -> None:
    lost = lost_records([answer(10, 3, "yes"), answer(11, 1, "partly"), answer(12, 1, "yes")], HELD)
    assert lost == [
        "answer to item 10 in checklist 3 is at version 2, but version 3 was confirmed",
        "answer to item 11 in checklist 3 says 'no' at version 1, but 'partly' was confirmed",
        "answer to item 12 in checklist 3 is missing",
    ]


def test_an_answer_saved_again_by_someone_else_later_is_not_lost() -> None:
    # Version 1 said "partly"; the database is at version 2 (a later save): not a loss.
    assert lost_records([answer(10, 1, "partly")], HELD) == []


def test_an_unknown_kind_of_record_is_reported_not_ignored() -> None:
    assert lost_records([{"kind": "engagment", "id": 1}], HELD) == [
        "unknown kind of record: 'engagment'"
    ]


def test_the_stored_state_is_read_from_the_database(db) -> None:
    load_guidelines()
    cast = make_cast()
    meeting = make_engagement(cast.bogota, title="Meeting in Cauca")
    run = planning_services.checklist_run_start(actor=cast.lead, unit=cast.bogota, year=2026)
    cl = item("CL.1")
    saved = planning_services.checklist_answer_save(
        actor=cast.officer, run=run, item=cl, answer="yes", version=0
    )
    confirmed = [
        engagement(meeting.pk, "Meeting in Cauca"),
        engagement(meeting.pk + 1000, "Never saved"),
        answer(cl.pk, saved.version, "yes", run=run.pk),
    ]
    state = stored_state(confirmed)
    assert state.engagements == {meeting.pk: "Meeting in Cauca"}
    assert state.answers == {(run.pk, cl.pk): (saved.version, "yes")}
    assert lost_records(confirmed, state) == [
        f"engagement {meeting.pk + 1000} ('Never saved') is missing"
    ]


def test_the_check_command_fails_when_a_confirmed_save_is_missing(db, tmp_path: Path) -> None:
    cast = make_cast()
    meeting = make_engagement(cast.bogota, title="Held")
    path = tmp_path / "confirmed.jsonl"
    path.write_text(json.dumps(engagement(meeting.pk, "Held")) + "\n")
    out = StringIO()
    call_command("loadtest", "check", confirmed=path, stdout=out)
    assert "Nothing lost: 1 engagements, 0 documents, 0 answers" in out.getvalue()

    with path.open("a") as more:
        more.write(json.dumps(engagement(meeting.pk + 1, "Lost")) + "\n")
    with pytest.raises(CommandError, match="1 of the confirmed saves are not in the database"):
        call_command("loadtest", "check", confirmed=path, stdout=StringIO(), stderr=StringIO())


def test_simulated_people_log_in_with_a_code_they_compute(db) -> None:
    load_guidelines()
    logins = create_people(people=3, per_unit=2, password="a long load test password")
    assert [login["unit"] for login in logins] == ["loadtest-001", "loadtest-001", "loadtest-002"]
    assert Membership.objects.get(user__username="loadtest.001").role == Role.LEAD
    assert Membership.objects.get(user__username="loadtest.002").role == Role.EDITOR
    assert ChecklistRun.objects.filter(unit__code__startswith="loadtest-").count() == 2
    assert logins[0]["checklist_run"] == logins[1]["checklist_run"] is not None
    assert logins[0]["session"] is None

    login = logins[1]
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": login["username"], "password": login["password"]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second_factor")
    code = f"{totp(bytes.fromhex(login['totp_key'])):06d}"
    response = client.post(reverse("accounts:second_factor"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("engagements:create")).status_code == 200

    # Run again: the same people, each with a new secret, so the old one no longer works.
    again = create_people(people=3, per_unit=2, password="a long load test password")
    assert [a["username"] for a in again] == [a["username"] for a in logins]
    assert again[1]["totp_key"] != login["totp_key"]
    assert Membership.objects.filter(user__username__startswith="loadtest.").count() == 3


def test_a_simulated_person_who_logged_in_earlier_carries_on_in_its_session(db) -> None:
    load_guidelines()
    (with_session,) = create_people(
        people=1, per_unit=1, password="a long load test password", sessions=True
    )
    client = Client()
    client.cookies["sessionid"] = with_session["session"]
    response = client.get(reverse("engagements:create"))
    assert response.status_code == 200
    # Without the session the same person is sent to the log-in.
    assert Client().get(reverse("engagements:create")).status_code == 302


def test_simulated_people_are_for_development_only(db, settings, tmp_path: Path) -> None:
    settings.DEV_MODE = False
    with pytest.raises(CommandError, match="development only"):
        call_command("loadtest", "people", people=1, out=tmp_path / "people.json")


def test_the_load_test_lock_is_hashed_and_agrees_with_the_app_lock() -> None:
    """Installing Locust into the app's environment must not move a package the app pins."""
    from packaging.utils import canonicalize_name

    from tools.lock import read_pins

    root = Path(__file__).resolve().parents[2]
    text = (root / "requirements-loadtest.lock").read_text()
    entries = [e for e in re.split(r"\n(?=[A-Za-z0-9])", text) if "==" in e.split("\n")[0]]
    assert any(e.startswith("locust==") for e in entries)
    assert all("--hash=sha256:" in e for e in entries)
    app = {
        canonicalize_name(n): v
        for n, v in read_pins((root / "requirements.lock").read_text()).items()
    }
    for name, version in read_pins(text).items():
        key = canonicalize_name(name)
        assert app.get(key, version) == version, f"{name}: {version} here, {app[key]} in the app"
