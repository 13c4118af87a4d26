"""The country services refuse on their own: called directly, as a command would.

Bogotá's officer and lead (and the HQ coordinator, for internal records) keep Colombia's
commitments; Bogotá's reader, Amman's editor, the auditor, the administrator and a former
member are refused, and nothing changes.
"""

from __future__ import annotations

import pytest

from tests.countries.factories import law, recommendation
from tests.personas import Cast
from tests.refusals import assert_refused
from wpsdesk.countries import services

pytestmark = pytest.mark.django_db

VALUES = {"title": "Changed", "kind": "protective", "status": "in_force"}
REFUSED = ["reader", "outsider", "auditor", "admin", "former"]


@pytest.mark.parametrize("who", [*REFUSED, "coordinator"])
def test_commitment_save_refuses_a_new_record_in_a_unit_one_may_not_write(
    cast: Cast, who: str
) -> None:
    assert_refused(
        lambda: services.commitment_save(
            actor=getattr(cast, who),
            kind="legislation",
            unit=cast.bogota,
            country="CO",
            values=VALUES,
        ),
        "countries",
    )


def test_commitment_save_refuses_a_country_the_unit_does_not_cover(cast: Cast) -> None:
    assert_refused(
        lambda: services.commitment_save(
            actor=cast.officer, kind="legislation", unit=cast.bogota, country="JO", values=VALUES
        ),
        "countries",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_commitment_save_refuses_a_change_by_someone_who_may_not(cast: Cast, who: str) -> None:
    record = law(cast.bogota)
    assert_refused(
        lambda: services.commitment_save(
            actor=getattr(cast, who), kind="legislation", record=record, values=VALUES
        ),
        "countries",
    )


def test_commitment_save_refuses_hq_a_restricted_record(cast: Cast) -> None:
    record = law(cast.bogota, classification="restricted")
    assert_refused(
        lambda: services.commitment_save(
            actor=cast.coordinator, kind="legislation", record=record, values=VALUES
        ),
        "countries",
    )


def test_an_editor_may_not_lower_a_classification(cast: Cast) -> None:
    record = law(cast.bogota, classification="restricted")
    assert_refused(
        lambda: services.commitment_save(
            actor=cast.officer,
            kind="legislation",
            record=record,
            values={"classification": "internal"},
            classification_reason="It is public now",
        ),
        "countries",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_commitment_delete_refuses(cast: Cast, who: str) -> None:
    record = law(cast.bogota)
    assert_refused(
        lambda: services.commitment_delete(actor=getattr(cast, who), record=record), "countries"
    )


@pytest.mark.parametrize("who", REFUSED)
def test_follow_up_add_refuses(cast: Cast, who: str) -> None:
    rec = recommendation(cast.bogota)
    assert_refused(
        lambda: services.follow_up_add(
            actor=getattr(cast, who),
            recommendation=rec,
            values={"status": "implemented", "evidence": "x", "source": "y"},
        ),
        "countries",
    )


def test_the_lead_lowers_with_a_reason_and_it_is_logged(cast: Cast) -> None:
    from wpsdesk.audit.models import SecurityEvent

    record = law(cast.bogota, classification="restricted")
    services.commitment_save(
        actor=cast.lead,
        kind="legislation",
        record=record,
        values={"classification": "internal"},
        classification_reason="The law is public",
    )
    record.refresh_from_db()
    assert record.classification == "internal"
    assert SecurityEvent.objects.filter(kind="classification.changed").count() == 1
