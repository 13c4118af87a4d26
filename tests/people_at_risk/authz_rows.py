"""Authorization rows for people at risk.

Each record is strictly restricted and, in the setup, granted to the Bogotá ``lead`` only
(a grant in force, approved by a second person). Everyone else – the unit's officer with
clearance, its reader, another unit, the HQ coordinator, the auditor, the administrator,
a former member – gets 404 on every record route ("not there"). The list, the exact-name
search and the form for a new record open to people with a unit role; administrators,
auditors and former members get 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.authz import Row, not_offered
from tests.people_at_risk.factories import grant, make_person_at_risk
from tests.personas import Cast
from wpsdesk.people_at_risk.models import PersonAtRisk, ProtectionMeasure

MEMBERS = frozenset({"officer", "lead", "reader", "outsider", "coordinator"})
CREATORS = frozenset({"officer", "lead", "outsider", "coordinator"})
GRANTED = frozenset({"lead"})


def granted_person(cast: Cast) -> PersonAtRisk:
    person = make_person_at_risk(cast.bogota, "HERON", real_name="Ada Example")
    grant(person, cast.lead, by=cast.officer, approver=cast.reader)
    return person


def granted_measure(cast: Cast) -> ProtectionMeasure:
    person = granted_person(cast)
    return ProtectionMeasure.objects.create(
        person=person, kind="political", started_on=dt.date(2026, 1, 5)
    )


def granted_file(cast: Cast) -> Any:
    from wpsdesk.core import sealed_files
    from wpsdesk.people_at_risk.models import Attachment

    person = granted_person(cast)
    return Attachment.objects.create(
        person=person,
        file_key=sealed_files.store(b"threat letter", "people_at_risk/files"),
        file_name="letter.txt",
        content_type="text/plain",
        size=13,
    )


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def person_data(cast: Cast, setup: Any) -> dict[str, Any]:
    # Every creator here has one unit, so the form offers no choice and takes theirs.
    return {"code_name": "", "role": "activist", "country": "CO"}


def edit_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"code_name": "HERON", "role": "activist", "country": "CO"}


def event_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "event-occurred_on": "2026-01-02",
        "event-kind": "threat",
        "event-severity": "high",
        "event-source": "person",
        "event-reliability": "confirmed",
    }


def assessment_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "assessment-assessed_on": "2026-01-02",
        "assessment-freedom_of_action": "constrained",
        "assessment-security": "high",
    }


def measure_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "measure-kind": "referral_un",
        "measure-started_on": "2026-01-03",
        "measure-mechanism": "UN Special Rapporteur",
        "measure-status": "done",
        "measure-outcome": "Letter sent",
    }


def file_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"file-upload": SimpleUploadedFile("note.txt", b"A plain note.", "text/plain")}


def review_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"review-next_review_on": (dt.date.today() + dt.timedelta(days=60)).isoformat()}


def record_rows(name: str, method: str, data: Any = None, setup: Any = granted_person) -> Row:
    return Row(
        name,
        method=method,
        setup=setup,
        kwargs=pk,
        data=data or (lambda cast, setup: {}),
        allowed=GRANTED,
        denied=404,
    )


ROWS = [
    Row("people_at_risk:list", allowed=MEMBERS, notes="only what a grant opens; often nothing"),
    *not_offered("people_at_risk:list", "POST"),
    Row(
        "people_at_risk:name_search",
        method="POST",
        data=lambda cast, setup: {"name": "Ada Example"},
        setup=granted_person,
        allowed=MEMBERS,
        notes="finds only what a grant opens",
    ),
    *not_offered("people_at_risk:name_search", "GET"),
    Row("people_at_risk:create", allowed=CREATORS),
    Row("people_at_risk:create", method="POST", data=person_data, allowed=CREATORS),
    record_rows("people_at_risk:detail", "GET"),
    *not_offered("people_at_risk:detail", "POST", setup=granted_person, kwargs=pk),
    record_rows("people_at_risk:edit", "GET"),
    record_rows("people_at_risk:edit", "POST", edit_data),
    record_rows("people_at_risk:event_add", "POST", event_data),
    record_rows("people_at_risk:assessment_add", "POST", assessment_data),
    record_rows("people_at_risk:measure_add", "POST", measure_data),
    record_rows("people_at_risk:file_add", "POST", file_data),
    record_rows("people_at_risk:review", "POST", review_data),
    Row(
        "people_at_risk:export",
        method="POST",
        setup=granted_person,
        kwargs=pk,
        allowed=GRANTED,
        denied=404,
        notes="the grant holder is first sent to re-authenticate (302); everyone else 404",
    ),
    *not_offered("people_at_risk:export", "GET", setup=granted_person, kwargs=pk),
    record_rows("people_at_risk:measure_edit", "GET", setup=granted_measure),
    Row(
        "people_at_risk:measure_edit",
        method="POST",
        setup=granted_measure,
        kwargs=pk,
        data=lambda cast, setup: {
            key.removeprefix("measure-"): value for key, value in measure_data(cast, setup).items()
        },
        allowed=GRANTED,
        denied=404,
    ),
    record_rows("people_at_risk:file_download", "GET", setup=granted_file),
]
