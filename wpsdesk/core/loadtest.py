"""The load test's two ends in the application: the simulated people, and "nothing lost".

``make loadtest`` (docs/performance.md, "Load test") drives gunicorn with Locust. Before
the run, :func:`create_people` makes the simulated people: units of their own
(``loadtest-NNN``), a lead and editors in each, every one with a password and a TOTP device
whose secret is written to a file the Locust users read, so each logs in through the real
two-step log-in with a code it computes itself. Each unit's checklist for the current year
is started, so people can answer it.

During the run each simulated person writes down what the server confirmed it saved: the id
of every engagement logged and document screened (from the redirect to the new record's
page), and the version of every checklist answer (from the row the server sent back). After
the run :func:`lost_records` compares that list with what the database holds; it is a plain
function of two plain values, so its logic is tested without a server.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

#: Unit codes of the simulated organisation start with this (never a real unit's code).
UNIT_PREFIX = "loadtest-"
#: User names of the simulated people start with this.
PERSON_PREFIX = "loadtest."
#: What a simulated person may have been told was saved.
KINDS = ("engagement", "document", "answer")


@dataclass
class StoredState:
    """What the database holds of the records the simulated people were told were saved.

    ``engagements`` and ``documents`` map an id to its title; ``answers`` map
    ``(run id, item id)`` to ``(version, answer)``.
    """

    engagements: dict[int, str] = field(default_factory=dict)
    documents: dict[int, str] = field(default_factory=dict)
    answers: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)


def latest_answers(
    confirmed: Iterable[Mapping[str, Any]],
) -> dict[tuple[int, int], Mapping[str, Any]]:
    """The highest confirmed version of each checklist answer (later saves replace earlier)."""
    latest: dict[tuple[int, int], Mapping[str, Any]] = {}
    for record in confirmed:
        if record.get("kind") != "answer":
            continue
        key = (int(record["run"]), int(record["item"]))
        if key not in latest or int(record["version"]) > int(latest[key]["version"]):
            latest[key] = record
    return latest


def lost_records(confirmed: Iterable[Mapping[str, Any]], stored: StoredState) -> list[str]:
    """Every confirmed save the database does not hold, in plain words; empty when none.

    An engagement or document must exist under its confirmed id with the title that was
    sent. A checklist answer must be at the confirmed version or later (someone may have
    answered again since); at exactly that version it must hold the answer that was sent.
    A record of an unknown kind is reported too, so a typo cannot pass unnoticed.
    """
    confirmed = list(confirmed)
    lost: list[str] = []
    for record in confirmed:
        kind = record.get("kind")
        if kind in ("engagement", "document"):
            held = stored.engagements if kind == "engagement" else stored.documents
            pk = int(record["id"])
            if pk not in held:
                lost.append(f"{kind} {pk} ({record.get('title', '')!r}) is missing")
            elif held[pk] != record.get("title"):
                lost.append(f"{kind} {pk} has the title {held[pk]!r}, not {record.get('title')!r}")
        elif kind != "answer":
            lost.append(f"unknown kind of record: {kind!r}")
    for (run, item), record in sorted(latest_answers(confirmed).items()):
        version = int(record["version"])
        if (run, item) not in stored.answers:
            lost.append(f"answer to item {item} in checklist {run} is missing")
            continue
        held_version, held_answer = stored.answers[(run, item)]
        if held_version < version:
            lost.append(
                f"answer to item {item} in checklist {run} is at version {held_version}, "
                f"but version {version} was confirmed"
            )
        elif held_version == version and held_answer != record.get("answer"):
            lost.append(
                f"answer to item {item} in checklist {run} says {held_answer!r} at version "
                f"{version}, but {record.get('answer')!r} was confirmed"
            )
    return lost


def stored_state(confirmed: Iterable[Mapping[str, Any]]) -> StoredState:
    """Read from the database the records that ``confirmed`` speaks of (and only those)."""
    from wpsdesk.engagements.models import Engagement
    from wpsdesk.planning.models import ChecklistAnswer
    from wpsdesk.screening.models import ScreenedDocument

    confirmed = list(confirmed)
    ids: dict[str, set[int]] = {"engagement": set(), "document": set()}
    runs: set[int] = set()
    for record in confirmed:
        if record.get("kind") in ids:
            ids[record["kind"]].add(int(record["id"]))
        elif record.get("kind") == "answer":
            runs.add(int(record["run"]))
    state = StoredState()
    # Titles are encrypted at rest: read them through the models, in batches.
    state.engagements = _titles(Engagement, ids["engagement"])
    state.documents = _titles(ScreenedDocument, ids["document"])
    for run_id, item_id, version, answer in ChecklistAnswer.objects.filter(
        run_id__in=runs
    ).values_list("run_id", "item_id", "version", "answer"):
        state.answers[(run_id, item_id)] = (version, answer)
    return state


def _titles(model: Any, ids: set[int]) -> dict[int, str]:
    titles: dict[int, str] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 2000):
        chunk = ordered[start : start + 2000]
        titles.update(model.objects.filter(pk__in=chunk).values_list("pk", "title"))
    return titles


def read_confirmed(path: Path) -> list[dict[str, Any]]:
    """The confirmed saves Locust wrote: one JSON object per line."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            records.append(json.loads(line))
    return records


def count_by_kind(confirmed: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many confirmed saves of each kind (answers counted once per item, at its last)."""
    confirmed = list(confirmed)
    counts = dict.fromkeys(KINDS, 0)
    for record in confirmed:
        if record.get("kind") in ("engagement", "document"):
            counts[record["kind"]] += 1
    counts["answer"] = len(latest_answers(confirmed))
    return counts


@transaction.atomic
def create_people(
    *, people: int, per_unit: int, password: str, sessions: bool = False
) -> list[dict[str, Any]]:
    """Create (or refresh) the simulated organisation; return each person's log-in.

    ``people`` people in units of ``per_unit`` (the first of each unit is its lead, the
    others editors with restricted clearance). Every person gets a new TOTP secret each
    time, so a secret from an earlier run no longer works. Each unit's checklist for the
    current year is started when the guidelines are loaded. With ``sessions`` each person
    also gets a session already past both steps of the log-in, as someone who logged in
    earlier in the day has (its key under ``session``).
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wpsdesk.catalogue.selectors import current_edition
    from wpsdesk.organisation.models import Membership, Role, Unit, UnitKind, User
    from wpsdesk.planning import services as planning_services
    from wpsdesk.planning.models import ChecklistRun

    year = timezone.localdate().year
    # One hash for everyone: hashing is slow on purpose, and the password is new each run.
    hashed = make_password(password)
    edition = current_edition() is not None
    logins: list[dict[str, Any]] = []
    leads: dict[int, Any] = {}
    for n in range(people):
        index = n // per_unit + 1
        unit, _created = Unit.objects.get_or_create(
            code=f"{UNIT_PREFIX}{index:03d}",
            defaults={
                "name": f"Load test embassy {index} (generated)",
                "kind": UnitKind.MISSION,
                "countries": ["CO"],
            },
        )
        username = f"{PERSON_PREFIX}{n + 1:03d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, first_name="Load", last_name=f"Test {n + 1}"
            )
        user.password = hashed
        user.is_active = True
        user.save()
        role = Role.LEAD if n % per_unit == 0 else Role.EDITOR
        Membership.objects.filter(user=user).delete()
        Membership.objects.create(
            user=user,
            unit=unit,
            role=role,
            restricted_clearance=True,
            valid_from=timezone.localdate() - dt.timedelta(days=1),
        )
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name="load test", confirmed=True, key=secrets.token_hex(20)
        )
        if role == Role.LEAD:
            leads[unit.pk] = (unit, user)
        session_key = _verified_session(user, device) if sessions else None
        logins.append(
            {
                "username": username,
                "password": password,
                "totp_key": device.key,
                "unit": unit.code,
                "unit_id": unit.pk,
                "member_index": n % per_unit,
                "per_unit": per_unit,
                "session": session_key,
            }
        )
    runs: dict[int, int] = {}
    for unit_id, (unit, lead) in leads.items():
        run = ChecklistRun.objects.filter(unit=unit, year=year).first()
        if run is None and edition:
            run = planning_services.checklist_run_start(actor=lead, unit=unit, year=year)
        if run is not None:
            runs[unit_id] = run.pk
    for login in logins:
        login["checklist_run"] = runs.get(login["unit_id"])
    return logins


def _verified_session(user: Any, device: Any) -> str:
    """A new session for ``user`` past the password and the second factor; its key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY

    from wpsdesk.accounts import sessions

    engine = importlib.import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    sessions.start(session)
    session.create()
    return str(session.session_key)
