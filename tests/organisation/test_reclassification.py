"""One reclassification rule for every classified record, in every app, page and API.

Lowering a classification needs the unit lead and a reason and is logged; nothing else can
save a lowered classification. The first test fails as soon as an app adds a classified
model without saying here how to make one, so a new app cannot forget the rule.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.calendar.factories import restricted_event
from tests.civil_society.factories import make_organisation
from tests.countries import factories as country_records
from tests.engagements.factories import make_engagement
from tests.grants.factories import restricted_grant
from tests.mediators.factories import make_mediator, make_request
from tests.multilateral.factories import make_event, make_file, make_statement
from tests.operations.factories import make_operation
from tests.operations.factories import make_person as make_deployed_person
from tests.people_at_risk.factories import grant, make_person_at_risk
from tests.personas import Cast, verified_client
from tests.planning.factories import load_guidelines, make_chain
from tests.policyapp.models import Note
from tests.processes.factories import make_analysis, make_process
from tests.reporting.factories import restricted_report
from tests.screening.test_pages import row
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.engagements import services as engagement_services
from wpsdesk.engagements.models import Envoy, Nomination, Team
from wpsdesk.grants.models import BestPractice
from wpsdesk.organisation import breakglass, policy
from wpsdesk.organisation.models import Classification
from wpsdesk.organisation.reclassification import ReclassificationRefused, reclassify
from wpsdesk.planning import services as planning_services
from wpsdesk.planning.models import Evidence, WorkPlan
from wpsdesk.screening import services as screening_services

RESTRICTED = Classification.RESTRICTED
INTERNAL = Classification.INTERNAL


def _evidence(cast: Cast) -> models.Model:
    load_guidelines()
    chain = make_chain(cast.bogota, cast.officer)
    planning_services.evidence_add(actor=cast.officer, activity=chain.activity, text="Minutes")
    Evidence.objects.update(classification=RESTRICTED)
    return Evidence.objects.get()


def _plan(cast: Cast) -> models.Model:
    load_guidelines()
    plan = make_chain(cast.bogota, cast.officer).plan
    WorkPlan.objects.filter(pk=plan.pk).update(classification=RESTRICTED)
    return WorkPlan.objects.get(pk=plan.pk)


def _checklist(cast: Cast) -> models.Model:
    load_guidelines()
    return planning_services.checklist_run_start(
        actor=cast.officer, unit=cast.bogota, year=2026, classification=RESTRICTED
    )


#: How to make a restricted record of each classified model, in the Bogotá unit.
FACTORIES: dict[str, Callable[[Cast], models.Model]] = {
    "calendar.unitevent": lambda cast: restricted_event(cast.bogota),
    "policyapp.note": lambda cast: Note.objects.create(
        unit=cast.bogota, title="n", classification=RESTRICTED
    ),
    "engagements.engagement": lambda cast: make_engagement(cast.bogota, classification=RESTRICTED),
    "engagements.team": lambda cast: Team.objects.create(
        unit=cast.bogota, name="Team", kind="delegation", classification=RESTRICTED
    ),
    "engagements.envoy": lambda cast: Envoy.objects.create(
        unit=cast.bogota,
        post="Envoy",
        gender="women",
        start=dt.date(2026, 1, 1),
        classification=RESTRICTED,
    ),
    "engagements.nomination": lambda cast: Nomination.objects.create(
        unit=cast.bogota,
        post="Mediator",
        organisation="UN",
        gender="women",
        nominated_on=dt.date(2026, 1, 1),
        classification=RESTRICTED,
    ),
    "planning.workplan": _plan,
    "planning.checklistrun": _checklist,
    "planning.evidence": _evidence,
    "screening.screeneddocument": lambda cast: row(cast.bogota, classification=RESTRICTED),
    # Strictly restricted from the first save and never lower (see the test below).
    "people_at_risk.personatrisk": lambda cast: make_person_at_risk(cast.bogota),
    "countries.ratification": lambda cast: country_records.ratification(
        cast.bogota, classification=RESTRICTED
    ),
    "countries.actionplan": lambda cast: country_records.action_plan(
        cast.bogota, classification=RESTRICTED
    ),
    "countries.legislation": lambda cast: country_records.law(
        cast.bogota, classification=RESTRICTED
    ),
    "countries.reviewcycle": lambda cast: country_records.cycle(
        cast.bogota, classification=RESTRICTED
    ),
    "countries.recommendation": lambda cast: country_records.recommendation(
        cast.bogota, classification=RESTRICTED
    ),
    "countries.monitorentry": lambda cast: country_records.monitor(
        cast.bogota, classification=RESTRICTED
    ),
    "civil_society.organisation": lambda cast: make_organisation(
        cast.bogota, classification=RESTRICTED
    ),
    "processes.peaceprocess": lambda cast: make_process(cast.bogota, classification=RESTRICTED),
    "processes.conflictanalysis": lambda cast: make_analysis(
        make_process(cast.bogota), classification=RESTRICTED
    ),
    "grants.grant": lambda cast: restricted_grant(cast.bogota),
    "grants.bestpractice": lambda cast: BestPractice.objects.create(
        unit=cast.bogota,
        title="Sexual violence in humanitarian planning",
        source="grantee",
        summary="It worked.",
        classification=RESTRICTED,
    ),
    "mediators.mediatorcontact": lambda cast: make_mediator(cast, unit=cast.bogota).contact,
    "operations.operation": lambda cast: make_operation(cast.bogota, classification=RESTRICTED),
    # Restricted from the first save and never lower (see NEVER_INTERNAL).
    "operations.deployedperson": lambda cast: make_deployed_person(
        cast.bogota, make_operation(cast.bogota)
    ),
    "reporting.report": lambda cast: restricted_report(cast.officer, cast.bogota),
    "mediators.mediatorrequest": lambda cast: make_request(
        cast, make_mediator(cast), classification=RESTRICTED
    ),
    "multilateral.negotiationfile": lambda cast: make_file(cast.bogota, classification=RESTRICTED),
    "multilateral.statement": lambda cast: make_statement(cast.bogota, classification=RESTRICTED),
    "multilateral.sideevent": lambda cast: make_event(cast.bogota, classification=RESTRICTED),
}
#: Models whose ``policy_minimum_classification`` keeps them at the top, for everyone.
NEVER_LOWERED = {"people_at_risk.personatrisk"}
#: Models whose floor is restricted: never internal (tests/operations/test_personnel.py).
NEVER_INTERNAL = {"operations.deployedperson"}
LOWERABLE = sorted(set(FACTORIES) - NEVER_LOWERED - NEVER_INTERNAL)


#: Records that are strictly restricted by definition (a database constraint holds it):
#: nothing can lower them; ``tests/seah/test_access.py`` shows it for each.
ALWAYS_STRICT = {"seah.seahreport"}


def test_every_classified_model_is_covered_here() -> None:
    assert set(breakglass.classified_models()) == set(FACTORIES) | ALWAYS_STRICT


@pytest.mark.parametrize("label", LOWERABLE)
def test_only_the_unit_lead_lowers_with_a_reason_and_it_is_logged(cast: Cast, label: str) -> None:
    record = FACTORIES[label](cast)
    model = type(record)
    assert record.classification == RESTRICTED  # type: ignore[attr-defined]

    # No path around the rule: a plain save of a lowered classification is refused.
    fresh = model._default_manager.get(pk=record.pk)
    fresh.classification = INTERNAL  # type: ignore[attr-defined]
    with pytest.raises(ReclassificationRefused):
        fresh.save()

    # An editor (cleared, may edit the record) may not lower it.
    assert policy.may_edit(cast.officer, record)
    assert not policy.may_reclassify(cast.officer, record, INTERNAL)
    with pytest.raises(PermissionDenied):
        reclassify(actor=cast.officer, record=record, to=INTERNAL, reason="Old news")

    # The lead must say why.
    with pytest.raises(ValidationError):
        reclassify(actor=cast.lead, record=record, to=INTERNAL, reason=" ")

    assert reclassify(actor=cast.lead, record=record, to=INTERNAL, reason="Published by the UN")
    record.save()
    stored: Any = model._default_manager.get(pk=record.pk)
    assert stored.classification == INTERNAL
    event = SecurityEvent.objects.get(kind="classification.changed")
    assert event.actor_id == cast.lead.pk
    assert event.target_type == label
    assert event.details["reason"] == "Published by the UN"
    assert event.details["lowered"] is True


@pytest.mark.parametrize("label", LOWERABLE)
def test_raising_needs_only_the_right_to_edit(cast: Cast, label: str) -> None:
    record: Any = FACTORIES[label](cast)
    if label == "planning.workplan":
        return  # plans are never strictly restricted (their own rule)
    assert reclassify(actor=cast.officer, record=record, to=Classification.STRICTLY_RESTRICTED)
    record.save()
    with pytest.raises(PermissionDenied):
        reclassify(actor=cast.reader, record=record, to=INTERNAL, reason="x")


@pytest.mark.parametrize("label", sorted(NEVER_LOWERED))
def test_a_record_with_a_floor_is_never_lowered_not_even_by_its_granted_lead(
    cast: Cast, label: str
) -> None:
    record: Any = FACTORIES[label](cast)
    assert record.classification == Classification.STRICTLY_RESTRICTED
    grant(record, cast.lead, by=cast.officer, approver=cast.reader)
    assert policy.may_edit(cast.lead, record)
    for lower in (RESTRICTED, INTERNAL):
        assert not policy.may_reclassify(cast.lead, record, lower)
        with pytest.raises(PermissionDenied):
            reclassify(actor=cast.lead, record=record, to=lower, reason="No longer at risk")
        fresh = type(record)._default_manager.get(pk=record.pk)
        fresh.classification = lower
        with pytest.raises(ReclassificationRefused):
            fresh.save()
    assert not SecurityEvent.objects.filter(kind="classification.changed").exists()
    assert type(record)._default_manager.get(pk=record.pk).classification == "strict"


# --- the services, pages and API of each app -----------------------------------------


def test_screening_update_document_refuses_an_editor_lowering(cast: Cast) -> None:
    document = row(cast.bogota, classification=Classification.STRICTLY_RESTRICTED)
    from wpsdesk.organisation.models import AccessGrant

    AccessGrant.objects.create(
        user=cast.officer,
        content_type_id=_ct(document),
        object_id=document.pk,
        may_edit=True,
        reason="case",
        state="active",
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    with pytest.raises(PermissionDenied):
        screening_services.update_document(
            actor=cast.officer,
            document=document,
            title="Draft",
            classification=INTERNAL,
            chosen_type="",
        )
    document.refresh_from_db()
    assert document.classification == Classification.STRICTLY_RESTRICTED


def test_the_screening_api_refuses_an_editor_lowering_and_lets_the_lead(cast: Cast) -> None:
    document = row(cast.bogota, classification=RESTRICTED)
    url = f"/api/screening/documents/{document.pk}/"
    body = json.dumps({"classification": "internal"})
    current = {"If-Match": f'"{document.version}"'}
    response = verified_client(cast.officer).patch(
        url, body, content_type="application/json", headers=current
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.classification == RESTRICTED
    lead = verified_client(cast.lead)
    response = lead.patch(url, body, content_type="application/json", headers=current)
    assert response.status_code == 400
    body = json.dumps({"classification": "internal", "classification_reason": "Published"})
    response = lead.patch(url, body, content_type="application/json", headers=current)
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.classification == INTERNAL


def test_the_screening_edit_page_refuses_an_editor_lowering(cast: Cast) -> None:
    document = row(cast.bogota, classification=RESTRICTED)
    response = verified_client(cast.officer).post(
        reverse("screening:edit", args=[document.pk]),
        {"title": "Draft", "classification": "internal", "chosen_type": ""},
    )
    assert response.status_code == 400
    assert "Only the unit lead" in response.content.decode()
    document.refresh_from_db()
    assert document.classification == RESTRICTED


def test_the_planning_api_refuses_an_editor_lowering(cast: Cast) -> None:
    plan: Any = _plan(cast)
    url = f"/api/plans/{plan.pk}/"
    body = json.dumps({"classification": "internal"})
    client: Client = verified_client(cast.officer)
    response = client.patch(
        url, body, content_type="application/json", headers={"If-Match": f'"{plan.version}"'}
    )
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.classification == RESTRICTED


def test_engagement_save_refuses_an_editor_lowering(cast: Cast) -> None:
    engagement = make_engagement(cast.bogota, classification=RESTRICTED)
    with pytest.raises(PermissionDenied):
        engagement_services.engagement_save(
            actor=cast.officer,
            unit=cast.bogota,
            values={"classification": INTERNAL},
            grid={},
            engagement=engagement,
        )
    engagement.refresh_from_db()
    assert engagement.classification == RESTRICTED
    engagement_services.engagement_save(
        actor=cast.lead,
        unit=cast.bogota,
        values={"classification": INTERNAL},
        grid={},
        engagement=engagement,
        classification_reason="Shared with partners",
    )
    engagement.refresh_from_db()
    assert engagement.classification == INTERNAL


def _ct(record: Any) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(record).pk
