"""Two people edit the same record: the second, stale save is refused and nothing is lost.

One scenario per editable model (every concrete model with a version, see
``wpsdesk.core.concurrency.Versioned``): the officer and the lead open the same record; the
officer saves; the lead saves from the page (or the body) they opened before. On a page the
lead gets 409 with the officer's change named and their own input still in the form; on the
API a 412 with who changed what, and a 428 without If-Match. The officer's change stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.engagements.factories import make_engagement
from tests.personas import Cast, verified_client
from tests.planning.factories import item, load_guidelines, make_chain, make_run
from wpsdesk.core.concurrency import Versioned
from wpsdesk.engagements import services as engagement_services
from wpsdesk.engagements.models import (
    Envoy,
    FollowUpStatus,
    Gender,
    IssueRaised,
    Nomination,
    Team,
    TeamKind,
)
from wpsdesk.planning import services as planning_services
from wpsdesk.screening import services as screening_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@dataclass(frozen=True)
class Scenario:
    """How one model is edited on its page and through the API, and what two people change."""

    model: type[models.Model]
    make: Callable[[Cast], models.Model]
    web: Callable[[models.Model], str] | None
    field: str  # changed by the first person …
    first: Any
    other_field: str  # … and by the second, from the stale page
    second: Any
    api: Callable[[models.Model], str] | None = None
    api_field: str = ""
    api_values: tuple[str, str] = ("Written first", "Written second, from a stale read")
    # Where the page's fields are stored, when not on the record itself (an analysis's
    # draft), and what else the page sends back (a formset's management form).
    stored: Callable[[models.Model], models.Model] | None = None
    also_sent: Callable[[models.Model], dict[str, str]] | None = None


def _stored(scenario: Scenario, record: models.Model) -> models.Model:
    record.refresh_from_db()
    return scenario.stored(record) if scenario.stored is not None else record


def _seah_report(cast: Cast) -> models.Model:
    from tests.seah.factories import designate, make_report

    designate(cast.officer, cast.bogota)  # the lead handles them anyway
    return make_report(cast.bogota, cast.lead)


def _chain(cast: Cast) -> Any:
    load_guidelines()
    return make_chain(cast.bogota, cast.officer)


def _person_at_risk(cast: Cast) -> models.Model:
    """A person at risk both the officer and the lead hold a grant (with edit) on."""
    from tests.people_at_risk.factories import grant, make_person_at_risk

    person = make_person_at_risk(cast.bogota, "HERON")
    grant(person, cast.officer, by=cast.lead, approver=cast.reader)
    grant(person, cast.lead, by=cast.officer, approver=cast.reader)
    return person


def _protection_measure(cast: Cast) -> models.Model:
    person = _person_at_risk(cast)
    return apps.get_model("people_at_risk", "ProtectionMeasure").objects.create(
        person=person, kind="political", started_on=dt.date(2026, 1, 5)
    )


def _document(cast: Cast) -> models.Model:
    return screening_services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Ceasefire draft",
        classification="internal",
        text="The parties shall ensure the full participation of women in the talks.",
    )


def _answer(cast: Cast) -> models.Model:
    load_guidelines()
    run = make_run(cast.bogota, cast.officer)
    return planning_services.checklist_answer_save(
        actor=cast.officer, run=run, item=item("CL.1"), answer="no", note="Not yet."
    )


def _issue(cast: Cast) -> models.Model:
    engagement = make_engagement(cast.bogota)
    return engagement_services.issue_add(
        actor=cast.officer,
        engagement=engagement,
        values={"issue": "Safe transport to the talks", "follow_up": "Ask the host"},
    )


def _team(cast: Cast) -> models.Model:
    return engagement_services.team_save(
        actor=cast.officer,
        unit=cast.bogota,
        values={"name": "Delegation to the talks", "kind": TeamKind.NEGOTIATION},
        composition={("head", "women"): 1},
    )


def _envoy(cast: Cast) -> models.Model:
    return Envoy.objects.create(
        unit=cast.bogota, post="Special envoy", gender=Gender.WOMAN, start=dt.date(2026, 1, 1)
    )


def _nomination(cast: Cast) -> models.Model:
    return Nomination.objects.create(
        unit=cast.bogota,
        post="Deputy head of mission",
        organisation="UN",
        gender=Gender.WOMAN,
        nominated_on=dt.date(2026, 1, 1),
    )


def _organisation(cast: Cast) -> models.Model:
    from tests.civil_society.factories import make_organisation

    return make_organisation(cast.bogota)


def _country(factory: str, cast: Cast) -> models.Model:
    from tests.countries import factories

    return getattr(factories, factory)(cast.bogota)


def _country_url(kind: str) -> Callable[[models.Model], str]:
    return lambda record: reverse(
        "countries:record_edit",
        args=[record.country, kind, record.pk],  # type: ignore[attr-defined]
    )


def _keepers(cast: Cast) -> None:
    """The officer and the lead keep the Section's roster (with restricted clearance)."""
    from wpsdesk.organisation.models import Membership, Role

    for person, role in ((cast.officer, Role.EDITOR), (cast.lead, Role.LEAD)):
        Membership.objects.create(
            user=person, unit=cast.section, role=role, restricted_clearance=True
        )


def _mediator(cast: Cast) -> models.Model:
    from tests.mediators.factories import make_mediator

    _keepers(cast)
    return make_mediator(cast)


def _contact(cast: Cast) -> models.Model:
    return _mediator(cast).contact  # type: ignore[attr-defined]


def _mediator_request(cast: Cast) -> models.Model:
    from tests.mediators.factories import make_request

    return make_request(cast, _mediator(cast))


def _deployment(cast: Cast) -> models.Model:
    from tests.mediators.factories import make_deployment, make_request
    from wpsdesk.mediators.models import RequestStatus

    request = make_request(cast, _mediator(cast), status=RequestStatus.AGREED)
    return make_deployment(request)


def _allocation(cast: Cast) -> models.Model:
    from tests.mediators.factories import make_allocation

    _keepers(cast)
    return make_allocation(cast)


def _grant(cast: Cast) -> models.Model:
    from tests.grants.factories import make_grant

    return make_grant(cast.bogota)


def _grant_report(cast: Cast) -> models.Model:
    from tests.grants.factories import make_grant, make_report

    return make_report(make_grant(cast.bogota), dt.date(2026, 3, 31))


def _practice(cast: Cast) -> models.Model:
    return apps.get_model("grants", "BestPractice").objects.create(
        unit=cast.bogota,
        title="Women mediators in the local talks",
        source="grantee",
        summary="What worked.",
    )


def _process(cast: Cast) -> Any:
    from tests.processes.factories import load_analysis_guidelines, make_process

    load_analysis_guidelines()
    return make_process(cast.bogota)


def _analysis(cast: Cast) -> models.Model:
    from tests.processes.factories import make_analysis

    return make_analysis(_process(cast))


def _inclusion(cast: Cast) -> models.Model:
    return apps.get_model("processes", "InclusionEntry").objects.create(
        process=_process(cast), group="grassroots_women", assessment="Two women in the delegation."
    )


def _objective(cast: Cast) -> models.Model:
    return apps.get_model("processes", "StrategyObjective").objects.create(
        process=_process(cast), objective="Women at every round", approach="delegations"
    )


def _negotiation_file(cast: Cast) -> models.Model:
    from tests.multilateral.factories import make_file

    return make_file(cast.bogota)


def _negotiation_objective(cast: Cast) -> models.Model:
    from tests.multilateral.factories import make_file, make_objective

    return make_objective(make_file(cast.bogota))


def _statement(cast: Cast) -> models.Model:
    from tests.multilateral.factories import make_statement

    return make_statement(cast.bogota)


def _side_event(cast: Cast) -> models.Model:
    from tests.multilateral.factories import make_event

    return make_event(cast.bogota, speakers={"women": 2})


def _agreement(cast: Cast) -> models.Model:
    from tests.processes.factories import make_agreement

    return make_agreement(_process(cast), cast.officer, text=None)


def _clause(cast: Cast) -> models.Model:
    from tests.processes.factories import make_clause

    return make_clause(_agreement(cast))  # type: ignore[arg-type]


def _unit_event(cast: Cast) -> models.Model:
    from tests.calendar.factories import make_event

    return make_event(cast.bogota)


def _global_event(cast: Cast) -> models.Model:
    """The officer and the lead keep global events as HQ coordinators do."""
    from tests.calendar.factories import make_global

    for person in (cast.officer, cast.lead):
        person.is_hq_coordinator = True
        person.save(update_fields=["is_hq_coordinator"])
    return make_global("Day of the calendar test")


def _operation(cast: Cast) -> models.Model:
    from tests.operations.factories import make_operation

    return make_operation(cast.bogota)


def _deployed_person(cast: Cast) -> models.Model:
    from tests.operations.factories import make_operation, make_person

    return make_person(cast.bogota, make_operation(cast.bogota))


def _report(cast: Cast) -> models.Model:
    from tests.reporting.factories import make_report

    return make_report(cast.officer, cast.bogota)


def _annual_report(cast: Cast) -> models.Model:
    from wpsdesk.reports.models import AnnualReport

    return AnnualReport.objects.create(unit=cast.bogota, year=2026)


def _narrative(cast: Cast) -> models.Model:
    from wpsdesk.reports.models import NarrativeSection

    return NarrativeSection.objects.create(report=_annual_report(cast), section="p1-efforts")


def _url(name: str) -> Callable[[models.Model], str]:
    return lambda record: reverse(name, args=[record.pk])


SCENARIOS: dict[str, Scenario] = {
    "unit event": Scenario(
        model=apps.get_model("calendar", "UnitEvent"),
        make=_unit_event,
        web=_url("calendar:event_edit"),
        field="title",
        first="Consultation moved to Popayán",
        other_field="notes",
        second="The lead's notes",
    ),
    "global event": Scenario(
        model=apps.get_model("calendar", "GlobalEvent"),
        make=_global_event,
        web=_url("calendar:global_edit"),
        field="name",
        first="Day of the calendar test, renamed",
        other_field="description",
        second="The lead's description",
    ),
    "plan": Scenario(
        model=apps.get_model("planning", "WorkPlan"),
        make=lambda cast: _chain(cast).plan,
        web=_url("planning:plan_edit"),
        field="title",
        first="Plan as the officer wrote it",
        other_field="summary",
        second="The lead's summary",
        api=_url("api:planning:plan-detail"),
        api_field="summary",
    ),
    "results": Scenario(
        model=apps.get_model("planning", "WorkPlan"),
        make=lambda cast: _chain(cast).plan,
        web=_url("planning:results_edit"),
        field="results_summary",
        first="Three rounds with women's networks",
        other_field="results_obstacles",
        second="Elections",
    ),
    "goal": Scenario(
        model=apps.get_model("planning", "Goal"),
        make=lambda cast: _chain(cast).goal,
        web=_url("planning:goal_edit"),
        field="title",
        first="Women at every round",
        other_field="description",
        second="The lead's description",
        api=_url("api:planning:goal-detail"),
        api_field="description",
    ),
    "activity": Scenario(
        model=apps.get_model("planning", "Activity"),
        make=lambda cast: _chain(cast).activity,
        web=_url("planning:activity_edit"),
        field="title",
        first="Meet the network every month",
        other_field="notes",
        second="The lead's notes",
        api=_url("api:planning:activity-detail"),
        api_field="notes",
    ),
    "indicator": Scenario(
        model=apps.get_model("planning", "Indicator"),
        make=lambda cast: _chain(cast).indicator,
        web=_url("planning:indicator_edit"),
        field="name",
        first="Women in the delegations",
        other_field="description",
        second="Counted at each round",
        api=_url("api:planning:indicator-detail"),
        api_field="description",
    ),
    "indicator value": Scenario(
        model=apps.get_model("planning", "IndicatorValue"),
        make=lambda cast: _chain(cast).value,
        web=_url("planning:value_edit"),
        field="target",
        first=Decimal("7.00"),
        other_field="baseline",
        second=Decimal("3.00"),
        api=_url("api:planning:value-detail"),
        api_field="disaggregation_note",
    ),
    "checklist answer": Scenario(
        model=apps.get_model("planning", "ChecklistAnswer"),
        make=_answer,
        web=None,  # answered in a row of the run's page: see its own tests below
        field="note",
        first="Agreed with the ambassador.",
        other_field="note",
        second="The lead's note",
    ),
    "engagement": Scenario(
        model=apps.get_model("engagements", "Engagement"),
        make=lambda cast: make_engagement(cast.bogota),
        web=_url("engagements:edit"),
        field="title",
        first="Round two with the women's network",
        other_field="summary",
        second="The lead's summary",
        api=_url("api:engagements:engagement-detail"),
        api_field="summary",
    ),
    "issue": Scenario(
        model=IssueRaised,
        make=_issue,
        web=_url("engagements:issue_edit"),
        field="follow_up",
        first="Raise it with the host",
        other_field="status",
        second=FollowUpStatus.IN_PROGRESS,
    ),
    "team": Scenario(
        model=Team,
        make=_team,
        web=_url("engagements:team_edit"),
        field="name",
        first="Delegation to round two",
        other_field="peace_process",
        second="Colombia",
    ),
    "envoy": Scenario(
        model=Envoy,
        make=_envoy,
        web=lambda record: reverse("engagements:record_edit", args=["envoy", record.pk]),
        field="post",
        first="Special envoy for the talks",
        other_field="mandate",
        second="Colombia",
    ),
    "nomination": Scenario(
        model=Nomination,
        make=_nomination,
        web=lambda record: reverse("engagements:record_edit", args=["nomination", record.pk]),
        field="post",
        first="Head of mission",
        other_field="organisation",
        second="OSCE",
    ),
    "screened document": Scenario(
        model=apps.get_model("screening", "ScreenedDocument"),
        make=_document,
        web=_url("screening:edit"),
        field="title",
        first="Ceasefire draft, second reading",
        other_field="classification",
        second="restricted",
        api=_url("api:screening:document-detail"),
        api_field="title",
    ),
    "person at risk": Scenario(
        model=apps.get_model("people_at_risk", "PersonAtRisk"),
        make=_person_at_risk,
        web=_url("people_at_risk:edit"),
        field="code_name",
        first="HERON-2",
        other_field="country",
        second="VE",
    ),
    "protection measure": Scenario(
        model=apps.get_model("people_at_risk", "ProtectionMeasure"),
        make=_protection_measure,
        web=_url("people_at_risk:measure_edit"),
        field="mechanism",
        first="UN Special Rapporteur on human rights defenders",
        other_field="status",
        second="done",
    ),
    "organisation": Scenario(
        model=apps.get_model("civil_society", "Organisation"),
        make=lambda cast: _organisation(cast),
        web=_url("civil_society:edit"),
        field="name",
        first="Women Peacebuilders Network of the Pacific",
        other_field="who_they_are",
        second="The lead's description",
        api=_url("api:civil_society:organisation-detail"),
        api_field="who_they_are",
    ),
    "seah report": Scenario(
        model=apps.get_model("seah", "SeahReport"),
        make=_seah_report,
        web=_url("seah:edit"),
        field="category",
        first="abuse",
        other_field="channel",
        second="media",
    ),
    "grant": Scenario(
        model=apps.get_model("grants", "Grant"),
        make=_grant,
        web=_url("grants:edit"),
        field="title",
        first="Women at the peace talks, second phase",
        other_field="multilateral_partner",
        second="UNDP",
        api=_url("api:grants:grant-detail"),
        api_field="title",
    ),
    "grant report": Scenario(
        model=apps.get_model("grants", "GrantReport"),
        make=_grant_report,
        web=lambda record: reverse(
            "grants:report_edit",
            args=[record.grant_id, record.pk],  # type: ignore[attr-defined]
        ),
        field="title",
        first="Annual report 2025",
        other_field="assessment",
        second="The lead's assessment",
    ),
    "best practice": Scenario(
        model=apps.get_model("grants", "BestPractice"),
        make=_practice,
        web=_url("grants:practice_edit"),
        field="title",
        first="Women mediators in the regional talks",
        other_field="summary",
        second="The lead's summary",
    ),
    "mediator": Scenario(
        model=apps.get_model("mediators", "Mediator"),
        make=_mediator,
        web=_url("mediators:edit"),
        field="name",
        first="Test Mediator-Hansen",
        other_field="review_due",
        second=dt.date(2027, 6, 1),
    ),
    "mediator contact": Scenario(
        model=apps.get_model("mediators", "MediatorContact"),
        make=_contact,
        web=lambda record: reverse(
            "mediators:contact",
            args=[record.mediator_id],  # type: ignore[attr-defined]
        ),
        field="phone",
        first="+47 400 00 001",
        other_field="location",
        second="Nairobi",
    ),
    "mediator request": Scenario(
        model=apps.get_model("mediators", "MediatorRequest"),
        make=_mediator_request,
        web=None,  # decided with a button on the request's page: see its own test below
        field="status",
        first="agreed",
        other_field="status",
        second="declined",
    ),
    "deployment": Scenario(
        model=apps.get_model("mediators", "Deployment"),
        make=_deployment,
        web=lambda record: reverse(
            "mediators:deployment",
            args=[record.request_id],  # type: ignore[attr-defined]
        ),
        field="travel_cost",
        first=Decimal("1200.00"),
        other_field="after_action",
        second="The lead's after-action note",
    ),
    "allocation": Scenario(
        model=apps.get_model("mediators", "Allocation"),
        make=_allocation,
        web=_url("mediators:allocation_edit"),
        field="amount",
        first=Decimal("120000.00"),
        other_field="amount",
        second=Decimal("90000.00"),
    ),
    "peace process": Scenario(
        model=apps.get_model("processes", "PeaceProcess"),
        make=_process,
        web=_url("processes:edit"),
        field="name",
        first="Fictional Andes talks, second round",
        other_field="summary",
        second="The lead's summary",
        api=_url("api:processes:process-detail"),
        api_field="summary",
    ),
    "conflict analysis": Scenario(
        model=apps.get_model("processes", "ConflictAnalysis"),
        make=_analysis,
        web=_url("processes:analysis_edit"),
        field="sources",
        first="Interviews with the women's networks",
        other_field="used_in",
        second="The lead's note on its use",
        stored=lambda record: record.versions.get(number=1),  # type: ignore[attr-defined]
        also_sent=lambda record: {"actors-TOTAL_FORMS": "0", "actors-INITIAL_FORMS": "0"},
    ),
    "inclusion": Scenario(
        model=apps.get_model("processes", "InclusionEntry"),
        make=_inclusion,
        web=lambda record: reverse(
            "processes:inclusion_edit",
            args=[record.process_id, record.group],  # type: ignore[attr-defined]
        ),
        field="assessment",
        first="Three women in the delegation.",
        other_field="gaps",
        second="No young women consulted",
    ),
    "country law": Scenario(
        model=apps.get_model("countries", "Legislation"),
        make=lambda cast: _country("law", cast),
        web=_country_url("legislation"),
        field="title",
        first="Law on women's political participation",
        other_field="note",
        second="The lead's note",
        api=_url("api:countries:legislation-detail"),
        api_field="note",
    ),
    "ratification": Scenario(
        model=apps.get_model("countries", "Ratification"),
        make=lambda cast: _country("ratification", cast),
        web=_country_url("conventions"),
        field="reservations",
        first="None",
        other_field="instrument_name",
        second="Named by the lead",
    ),
    "country action plan": Scenario(
        model=apps.get_model("countries", "ActionPlan"),
        make=lambda cast: _country("action_plan", cast),
        web=_country_url("nap"),
        field="title",
        first="Second national action plan",
        other_field="note",
        second="The lead's note",
    ),
    "review cycle": Scenario(
        model=apps.get_model("countries", "ReviewCycle"),
        make=lambda cast: _country("cycle", cast),
        web=_country_url("reviews"),
        field="note",
        first="The officer's note",
        other_field="cycle",
        second=5,
    ),
    "recommendation": Scenario(
        model=apps.get_model("countries", "Recommendation"),
        make=lambda cast: _country("recommendation", cast),
        web=_country_url("recommendations"),
        field="text",
        first="Fund the national action plan",
        other_field="response",
        second="noted",
    ),
    "monitor entry": Scenario(
        model=apps.get_model("countries", "MonitorEntry"),
        make=lambda cast: _country("monitor", cast),
        web=_country_url("monitors"),
        field="title",
        first="Shadow report, second edition",
        other_field="summary",
        second="The lead's summary",
    ),
    "operation": Scenario(
        model=apps.get_model("operations", "Operation"),
        make=_operation,
        web=_url("operations:edit"),
        field="name",
        first="Mission in the Andes, second phase",
        other_field="contribution_note",
        second="The lead's note on the contribution",
    ),
    "deployed person": Scenario(
        model=apps.get_model("operations", "DeployedPerson"),
        make=_deployed_person,
        web=_url("operations:personnel_edit"),
        field="post",
        first="Senior police adviser",
        other_field="notes",
        second="The lead's note",
    ),
    "report": Scenario(
        model=apps.get_model("reporting", "Report"),
        make=_report,
        web=_url("reporting:edit"),
        field="title",
        first="Report home on the talks, corrected",
        other_field="kind",
        second="background",
    ),
    "objective": Scenario(
        model=apps.get_model("processes", "StrategyObjective"),
        make=_objective,
        web=_url("processes:objective_edit"),
        field="objective",
        first="Women at every round, and in the committees",
        other_field="progress",
        second="The lead's progress note",
    ),
    "negotiation file": Scenario(
        model=apps.get_model("multilateral", "NegotiationFile"),
        make=_negotiation_file,
        web=_url("multilateral:edit"),
        field="title",
        first="Resolution on women mediators, revised",
        other_field="summary",
        second="The lead's summary",
        api=_url("api:multilateral:file-detail"),
        api_field="summary",
    ),
    "negotiation objective": Scenario(
        model=apps.get_model("multilateral", "NegotiationObjective"),
        make=_negotiation_objective,
        web=_url("multilateral:objective_edit"),
        field="objective",
        first="Women in every delegation, and in the committees",
        other_field="proposed",
        second="The lead's proposed language",
    ),
    "statement": Scenario(
        model=apps.get_model("multilateral", "Statement"),
        make=_statement,
        web=_url("multilateral:statement_edit"),
        field="title",
        first="Statement at the open debate, as delivered",
        other_field="summary",
        second="The lead's summary",
    ),
    "side event": Scenario(
        model=apps.get_model("multilateral", "SideEvent"),
        make=_side_event,
        web=_url("multilateral:event_edit"),
        field="title",
        first="Women mediators' networks: what works",
        other_field="notes",
        second="The lead's notes",
    ),
    "agreement": Scenario(
        model=apps.get_model("processes", "Agreement"),
        make=_agreement,
        web=_url("processes:agreement_edit"),
        field="title",
        first="Final agreement, as signed",
        other_field="parties",
        second="The lead's list of parties",
    ),
    "clause": Scenario(
        model=apps.get_model("processes", "Clause"),
        make=_clause,
        web=_url("processes:clause_edit"),
        field="text",
        first="Women hold at least a third of the commission's seats.",
        other_field="responsible_body",
        second="Follow-up commission",
    ),
    # Saved as one types, one section at a time (htmx, no form page): the stale save is
    # refused with the version, tested in tests/reports/test_pages.py and test_services.py.
    "annual report": Scenario(
        model=apps.get_model("reports", "AnnualReport"),
        make=_annual_report,
        web=None,
        field="status",
        first="approved",
        other_field="status",
        second="approved",
    ),
    "narrative section": Scenario(
        model=apps.get_model("reports", "NarrativeSection"),
        make=_narrative,
        web=None,
        field="text",
        first="We met the network.",
        other_field="text",
        second="We met the network twice.",
    ),
}


def test_every_model_with_a_version_has_a_scenario() -> None:
    versioned = {
        model
        for model in apps.get_models()
        if issubclass(model, Versioned) and not model._meta.abstract
    }
    assert versioned == {scenario.model for scenario in SCENARIOS.values()}


def _routes(resolver: URLResolver, prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found.extend(_routes(pattern, namespace))
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((prefix + pattern.name, pattern.callback))
    return found


# Pages that change a record in place, and the scenario that covers each.
EDIT_PAGES = {
    "engagements:edit": "engagement",
    "engagements:issue_edit": "issue",
    "engagements:team_edit": "team",
    "engagements:record_edit": "envoy",
    "planning:plan_edit": "plan",
    "planning:results_edit": "results",
    "planning:goal_edit": "goal",
    "planning:activity_edit": "activity",
    "planning:indicator_edit": "indicator",
    "planning:value_edit": "indicator value",
    "planning:checklist_answer": "checklist answer",
    "screening:edit": "screened document",
    "people_at_risk:edit": "person at risk",
    "people_at_risk:measure_edit": "protection measure",
    "civil_society:edit": "organisation",
    "seah:edit": "seah report",
    "grants:edit": "grant",
    "grants:report_edit": "grant report",
    "grants:practice_edit": "best practice",
    "mediators:edit": "mediator",
    "mediators:allocation_edit": "allocation",
    "processes:edit": "peace process",
    "processes:analysis_edit": "conflict analysis",
    "processes:inclusion_edit": "inclusion",
    "processes:objective_edit": "objective",
    "multilateral:edit": "negotiation file",
    "multilateral:objective_edit": "negotiation objective",
    "multilateral:statement_edit": "statement",
    "multilateral:event_edit": "side event",
    "countries:record_edit": "country law",
    "processes:agreement_edit": "agreement",
    "processes:clause_edit": "clause",
    "calendar:event_edit": "unit event",
    "calendar:global_edit": "global event",
    "operations:edit": "operation",
    "operations:personnel_edit": "deployed person",
    "reporting:edit": "report",
}


def test_every_edit_page_and_every_api_edit_uses_the_version() -> None:
    routes = _routes(get_resolver())
    edit_pages = {
        name
        for name, _view in routes
        if not name.startswith(("api:", "admin:")) and name.endswith(("edit", "_answer"))
    }
    assert edit_pages == set(EDIT_PAGES)
    for name in EDIT_PAGES.values():
        assert name in SCENARIOS
    writable = [
        (name, view.cls)
        for name, view in routes
        if name.startswith("api:")
        and getattr(view, "actions", None)
        and {"put", "patch"} & set(view.actions)
    ]
    assert writable  # the check below is not vacuous
    for name, viewset in writable:
        assert getattr(viewset, "requires_if_match", False), name


def _post_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser would send back for the form as shown."""
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[bound.html_name] = str(getattr(value, "pk", value))
    data[form.version_input_name] = form.version_value  # type: ignore[attr-defined]
    return data


def _page(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    return _post_data(response.context["form"])


WEB = [name for name, scenario in SCENARIOS.items() if scenario.web is not None]
API = [name for name, scenario in SCENARIOS.items() if scenario.api is not None]


@pytest.mark.parametrize("name", WEB)
def test_a_stale_page_save_is_refused_and_keeps_the_persons_input(
    name: str, cast: Cast, as_officer: Client
) -> None:
    scenario = SCENARIOS[name]
    record = scenario.make(cast)
    assert scenario.web is not None
    url = scenario.web(record)
    as_lead = verified_client(cast.lead)
    mine = _page(as_officer, url)
    theirs = _page(as_lead, url)
    if scenario.also_sent is not None:
        mine.update(scenario.also_sent(record))
        theirs.update(scenario.also_sent(record))

    mine[scenario.field] = scenario.first
    response = as_officer.post(url, mine)
    assert response.status_code == 302, response.content.decode()[:2000]

    theirs[scenario.other_field] = scenario.second
    response = as_lead.post(url, theirs)
    assert response.status_code == 409, response.content.decode()[:2000]
    body = response.content.decode()
    assert "Someone else saved this" in body
    assert "Officer saved a change" in body  # who …
    form = response.context["form"]
    label = str(form.fields[scenario.field].label) if scenario.field in form.fields else ""
    assert label in body  # … and what
    assert str(form[scenario.other_field].value()) == str(scenario.second)  # own input kept

    stored = _stored(scenario, record)
    assert getattr(stored, scenario.field) == scenario.first
    if scenario.other_field != scenario.field:
        assert getattr(stored, scenario.other_field) != scenario.second

    # Having seen the change, the second person can save on purpose.
    again = _post_data(form)
    if scenario.other_field != scenario.field:  # else their own input is what they save
        again[scenario.field] = scenario.first
    if scenario.also_sent is not None:
        again.update(scenario.also_sent(record))
    response = as_lead.post(url, again)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = _stored(scenario, record)
    assert getattr(stored, scenario.other_field) == scenario.second
    assert getattr(stored, scenario.field) == scenario.first or scenario.field == (
        scenario.other_field
    )


def test_a_page_without_the_version_is_refused(cast: Cast, as_officer: Client) -> None:
    record = make_engagement(cast.bogota)
    url = reverse("engagements:edit", args=[record.pk])
    data = _page(as_officer, url)
    data.pop("version")
    data["title"] = "Without a version"
    response = as_officer.post(url, data)
    assert response.status_code == 400
    assert "This form comes from an older page." in response.content.decode()
    record.refresh_from_db()
    assert record.title == "Meeting with the women's network"


def _etag(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag == f'"{response.json()["version"]}"'
    return etag


@pytest.mark.parametrize("name", API)
def test_a_stale_api_write_is_a_412_and_a_missing_if_match_a_428(
    name: str, cast: Cast, as_officer: Client
) -> None:
    scenario = SCENARIOS[name]
    record = scenario.make(cast)
    assert scenario.api is not None
    url = scenario.api(record)
    as_lead = verified_client(cast.lead)
    read = _etag(as_officer, url)
    assert _etag(as_lead, url) == read

    first, second = scenario.api_values
    response = as_officer.patch(url, {scenario.api_field: first}, content_type="application/json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]

    response = as_officer.patch(
        url,
        {scenario.api_field: first},
        content_type="application/json",
        headers={"If-Match": read},
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] != read
    assert response["ETag"] == f'"{response.json()["version"]}"'

    response = as_lead.patch(
        url,
        {scenario.api_field: second},
        content_type="application/json",
        headers={"If-Match": read},
    )
    assert response.status_code == 412, response.content
    problem = response.json()
    assert problem["current_version"] == int(response_version := _etag(as_lead, url).strip('"'))
    assert response_version
    assert problem["changes"][-1]["by"] == "Officer"
    record.refresh_from_db()
    assert getattr(record, scenario.api_field) == first

    response = as_lead.patch(
        url,
        {scenario.api_field: second},
        content_type="application/json",
        headers={"If-Match": '"stale"'},
    )
    assert response.status_code == 412
    record.refresh_from_db()
    assert getattr(record, scenario.api_field) == first


def test_a_stale_put_is_a_412(cast: Cast, as_officer: Client) -> None:
    chain = _chain(cast)
    url = reverse("api:planning:activity-detail", args=[chain.activity.pk])
    read = _etag(as_officer, url)
    body = as_officer.get(url).json()
    body.update(title="Meet the network monthly")
    response = as_officer.put(
        url, body, content_type="application/json", headers={"If-Match": read}
    )
    assert response.status_code == 200, response.content
    body.update(title="A stale title", notes="stale")
    response = verified_client(cast.lead).put(
        url, body, content_type="application/json", headers={"If-Match": read}
    )
    assert response.status_code == 412
    chain.activity.refresh_from_db()
    assert chain.activity.title == "Meet the network monthly"


# --- the checklist answer: a row of the run's page, and a POST on the run in the API ----


def test_a_stale_checklist_answer_is_refused_on_the_page(cast: Cast, as_officer: Client) -> None:
    answer = _answer(cast)
    url = reverse("planning:checklist_answer", args=[answer.run_id, answer.item_id])  # type: ignore[attr-defined]
    seen = str(answer.version)  # type: ignore[attr-defined]
    response = as_officer.post(url, {"answer": "partly", "note": "Agreed.", "version": seen})
    assert response.status_code == 302
    as_lead = verified_client(cast.lead)
    response = as_lead.post(
        url,
        {"answer": "yes", "note": "The lead's note", "version": seen},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Someone else saved this" in body
    assert "Officer saved a change" in body
    answer.refresh_from_db()
    # Their own input stays in the row (not redrawn); the form gets the stored version.
    assert 'name="note"' not in body
    assert f'value="{answer.version}" hx-swap-oob="true"' in body  # type: ignore[attr-defined]
    assert (answer.answer, answer.note) == ("partly", "Agreed.")  # type: ignore[attr-defined]
    response = as_lead.post(url, {"answer": "yes", "note": "Agreed.", "version": seen})
    answer.refresh_from_db()
    assert answer.answer == "partly"  # type: ignore[attr-defined]


def test_a_stale_checklist_answer_is_a_412_in_the_api(cast: Cast, as_officer: Client) -> None:
    answer = _answer(cast)
    url = reverse("api:planning:checklist-run-answer", args=[answer.run_id])  # type: ignore[attr-defined]
    seen = answer.version  # type: ignore[attr-defined]
    body = {"item": "CL.1", "answer": "partly", "note": "Agreed."}
    response = as_officer.post(url, body, content_type="application/json")
    assert response.status_code == 428
    response = as_officer.post(url, {**body, "version": seen}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == seen + 1
    response = verified_client(cast.lead).post(
        url, {**body, "answer": "yes", "version": seen}, content_type="application/json"
    )
    assert response.status_code == 412
    assert response.json()["changes"][0]["by"] == "Officer"
    answer.refresh_from_db()
    assert answer.answer == "partly"  # type: ignore[attr-defined]


def test_an_answer_someone_else_gave_first_is_not_overwritten(
    cast: Cast, as_officer: Client
) -> None:
    load_guidelines()
    run = make_run(cast.bogota, cast.officer)
    url = reverse("api:planning:checklist-run-answer", args=[run.pk])
    body = {"item": "CL.18", "answer": "no", "note": "", "version": 0}
    assert as_officer.post(url, body, content_type="application/json").status_code == 200
    response = verified_client(cast.lead).post(
        url, {**body, "answer": "yes"}, content_type="application/json"
    )
    assert response.status_code == 412


# --- a mediator request: decided with a button on its page ---------------------------


def test_a_stale_decision_on_a_mediator_request_is_refused(cast: Cast, as_officer: Client) -> None:
    from wpsdesk.mediators.models import RequestStatus

    request = _mediator_request(cast)
    page = reverse("mediators:request_detail", args=[request.pk])
    url = reverse("mediators:request_decide", args=[request.pk])
    as_lead = verified_client(cast.lead)
    mine = as_officer.get(page).context["form"]
    theirs = as_lead.get(page).context["form"]
    assert mine.version_value == theirs.version_value == str(request.version)  # type: ignore[attr-defined]

    response = as_officer.post(url, {"status": "agreed", "note": "", "version": mine.version_value})
    assert response.status_code == 302
    response = as_lead.post(
        url, {"status": "declined", "note": "No money left", "version": theirs.version_value}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Changed by others since you opened the page" in html
    assert 'value="No money left"' in html  # the lead's note is kept
    request.refresh_from_db()
    assert request.status == RequestStatus.AGREED  # type: ignore[attr-defined]
    assert not request.changes.filter(status=RequestStatus.DECLINED).exists()  # type: ignore[attr-defined]

    # Having seen the change, the lead may decide on purpose from the page they were given.
    seen = response.context["form"].version_value
    response = as_lead.post(url, {"status": "declined", "note": "No money left", "version": seen})
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED  # type: ignore[attr-defined]


# --- the service check on its own -----------------------------------------------------


def test_the_service_refuses_a_stale_version_without_a_view(cast: Cast) -> None:
    from wpsdesk.core.concurrency import StaleEdit

    chain = _chain(cast)
    seen = chain.activity.version
    planning_services.activity_update(
        actor=cast.officer,
        activity=chain.activity,
        title="First",
        owner=None,
        due_date=None,
        status="planned",
        drop_reason="",
        notes="",
        version=seen,
    )
    with pytest.raises(StaleEdit) as refused:
        planning_services.activity_update(
            actor=cast.lead,
            activity=chain.activity,
            title="Second",
            owner=None,
            due_date=None,
            status="planned",
            drop_reason="",
            notes="",
            version=seen,
        )
    assert refused.value.current == seen + 1
    assert [c.label for c in refused.value.changes()[0].fields] == ["Title", "Owner"]
    chain.activity.refresh_from_db()
    assert chain.activity.title == "First"


def test_saving_only_a_jobs_progress_leaves_the_version_alone(cast: Cast) -> None:
    document = _document(cast)
    before = document.version  # type: ignore[attr-defined]
    document.progress = 50  # type: ignore[attr-defined]
    document.save(update_fields=["progress"])
    assert document.version == before  # type: ignore[attr-defined]
    document.title = "Renamed"  # type: ignore[attr-defined]
    document.save(update_fields=["title"])
    assert document.version == before + 1  # type: ignore[attr-defined]


def test_a_decimal_figure_change_is_shown_with_its_value(cast: Cast) -> None:
    chain = _chain(cast)
    seen = chain.value.version
    planning_services.indicator_value_save(
        actor=cast.officer,
        indicator=chain.indicator,
        period=chain.value.period,
        baseline=Decimal(2),
        target=Decimal(7),
        actual=Decimal(5),
        figures={},
        version=seen,
    )
    from wpsdesk.core.concurrency import changes_since

    changes = changes_since(chain.value, seen)
    assert ("Target", "7.00") in [(c.label, c.value) for c in changes[0].fields]
