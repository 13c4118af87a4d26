"""Who sees a SEAH report: its unit's designated handlers and leads, and people holding a
grant two leads agreed to. Nobody else — not the unit's cleared officer, not HQ, not the
auditor or the administrator, not through break-glass — and no page tells them it exists.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.personas import Cast, make_person, verified_client
from tests.seah.factories import CANARY, designate, make_report
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation import breakglass
from wpsdesk.organisation import services as org_services
from wpsdesk.organisation.models import Classification, Membership, Role
from wpsdesk.organisation.policy import visible_to
from wpsdesk.organisation.reclassification import ReclassificationRefused
from wpsdesk.seah import selectors
from wpsdesk.seah.models import SeahReport

pytestmark = pytest.mark.django_db

LIST = reverse("seah:list")


def detail(report: SeahReport) -> str:
    return reverse("seah:detail", args=[report.pk])


@pytest.fixture
def report(cast: Cast) -> SeahReport:
    designate(cast.reader, cast.bogota)  # a reader, without clearance, made handler
    return make_report(cast.bogota, cast.lead)


@pytest.mark.parametrize("who", ["lead", "reader"])
def test_the_handler_and_the_lead_see_the_report(cast: Cast, report: SeahReport, who: str) -> None:
    client = verified_client(getattr(cast, who))
    listed = client.get(LIST)
    assert listed.status_code == 200
    assert [r.pk for r in listed.context["page"].object_list] == [report.pk]
    page = client.get(detail(report))
    assert page.status_code == 200
    assert CANARY in page.content.decode()


@pytest.mark.parametrize(
    "who", ["officer", "outsider", "coordinator", "auditor", "admin", "former"]
)
def test_everyone_else_gets_404_for_the_list_and_the_report(
    cast: Cast, report: SeahReport, who: str
) -> None:
    client = verified_client(getattr(cast, who))
    assert client.get(LIST).status_code == 404
    response = client.get(detail(report))
    assert response.status_code == 404
    assert CANARY not in response.content.decode()
    # The same answer as for a report that does not exist.
    assert client.get(reverse("seah:detail", args=[report.pk + 100])).status_code == 404


def test_a_lead_of_another_unit_sees_nothing_of_it(cast: Cast, report: SeahReport) -> None:
    other_lead = make_person("amman.lead")
    Membership.objects.create(
        user=other_lead, unit=cast.amman, role=Role.LEAD, restricted_clearance=True
    )
    client = verified_client(other_lead)
    listed = client.get(LIST)
    assert listed.status_code == 200  # a lead: the page exists for them…
    assert list(listed.context["page"].object_list) == []  # …but not Bogotá's report
    assert client.get(detail(report)).status_code == 404


def test_ending_the_designation_ends_the_access(cast: Cast, report: SeahReport) -> None:
    from wpsdesk.seah.services import handler_set

    membership = Membership.objects.get(user=cast.reader, unit=cast.bogota)
    handler_set(actor=cast.lead, membership=membership, handler=False, reason="Moved to other work")
    assert verified_client(cast.reader).get(detail(report)).status_code == 404


def test_the_generic_policy_layer_gives_the_report_to_nobody_without_a_grant(
    cast: Cast, report: SeahReport
) -> None:
    for person in cast.everyone().values():
        assert not visible_to(SeahReport.objects.all(), user=person).exists()


def test_break_glass_never_opens_a_report(cast: Cast, report: SeahReport) -> None:
    for person in (cast.coordinator, cast.officer):
        opened = breakglass.open_record(
            actor=person,
            label="seah.seahreport",
            object_id=report.pk,
            reason="An emergency, we are told",
        )
        assert opened is None
        assert verified_client(person).get(detail(report)).status_code == 404
    refusals = SecurityEvent.objects.filter(kind="breakglass.refused")
    assert [e.details["why"] for e in refusals] == ["strict", "strict"]


def test_a_grant_needs_a_second_lead_before_it_opens_anything(
    cast: Cast, report: SeahReport
) -> None:
    second_lead = make_person("second.lead")
    Membership.objects.create(user=second_lead, unit=cast.bogota, role=Role.LEAD)
    grant = org_services.grant_propose(
        actor=cast.lead,
        record=report,
        person=cast.officer,
        reason="Covers for the handler on leave",
        ends_on=timezone.localdate() + dt.timedelta(days=7),
    )
    assert grant.state == "pending"
    officer = verified_client(cast.officer)
    assert officer.get(detail(report)).status_code == 404  # pending opens nothing

    with pytest.raises(PermissionDenied):  # not the one who proposed it
        org_services.grant_approve(actor=cast.lead, grant=grant)
    with pytest.raises(PermissionDenied):  # nor a handler who is not a lead
        org_services.grant_approve(actor=cast.reader, grant=grant)
    org_services.grant_approve(actor=second_lead, grant=grant)

    officer = verified_client(cast.officer)
    assert officer.get(LIST).status_code == 200
    page = officer.get(detail(report))
    assert page.status_code == 200
    assert CANARY in page.content.decode()
    # A grant to read is not a grant to edit.
    assert officer.get(reverse("seah:edit", args=[report.pk])).status_code == 403


def test_a_report_is_always_strictly_restricted(cast: Cast, report: SeahReport) -> None:
    report.classification = Classification.RESTRICTED
    with pytest.raises((ReclassificationRefused, IntegrityError)), transaction.atomic():
        report.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        SeahReport.objects.filter(pk=report.pk).update(classification=Classification.INTERNAL)


def test_free_text_is_encrypted_at_rest(cast: Cast, report: SeahReport) -> None:
    from tests.seah.factories import make_step

    make_step(report, dt.date(2026, 4, 1))
    with connection.cursor() as cursor:
        for table, columns in (
            ("seah_seahreport", "summary, partner_request, grant_reference"),
            ("seah_historicalseahreport", "summary, partner_request, grant_reference"),
            ("seah_followupstep", "description"),
        ):
            cursor.execute(f"SELECT {columns} FROM {table}")  # noqa: S608 - fixed names
            rows = cursor.fetchall()
            assert rows
            for row in rows:
                for value in row:
                    assert CANARY not in value
                    assert "COL-23/0001" not in value
                    assert "Investigate" not in value
    stored = SeahReport.objects.get(pk=report.pk)
    assert CANARY in stored.summary  # and it reads back


def test_yearly_counts_suppress_cells_below_five(cast: Cast) -> None:
    for day in range(4):
        make_report(cast.bogota, cast.lead, received_on=dt.date(2025, 2, 1 + day))
    for day in range(5):
        make_report(cast.amman, cast.lead, received_on=dt.date(2026, 2, 1 + day))
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        counts = selectors.yearly_counts(years=[2024, 2025, 2026])
    assert len(queries) == 1
    assert [(c.year, c.count) for c in counts] == [(2024, None), (2025, None), (2026, 5)]
    assert [c.label for c in counts] == ["fewer than 5", "fewer than 5", "5"]
    # Per unit, Amman's five show; Bogotá's four never do.
    by_unit = selectors.yearly_counts(years=[2025, 2026], unit_ids=[cast.bogota.pk])
    assert [c.count for c in by_unit] == [None, None]
    amman = selectors.yearly_counts(years=[2026], unit_ids=[cast.amman.pk])
    assert [c.count for c in amman] == [5]
    assert selectors.yearly_counts(years=[2026], category="abuse")[0].count is None
    assert selectors.yearly_counts(years=[2026], category="nonsense")[0].count is None
    assert selectors.yearly_counts(years=[]) == []


def test_the_person_field_of_a_handler_designation_needs_a_reason(cast: Cast) -> None:
    from wpsdesk.seah.services import handler_set

    membership = Membership.objects.get(user=cast.officer, unit=cast.bogota)
    with pytest.raises(ValidationError):
        handler_set(actor=cast.lead, membership=membership, handler=True, reason="short")
    membership.refresh_from_db()
    assert not membership.seah_handler


def test_a_grant_to_edit_lets_one_change_the_report_but_not_close_it(
    cast: Cast, report: SeahReport
) -> None:
    second_lead = make_person("second.lead")
    Membership.objects.create(user=second_lead, unit=cast.bogota, role=Role.LEAD)
    grant = org_services.grant_propose(
        actor=cast.lead,
        record=report,
        person=cast.officer,
        reason="Helps with the partner's answer",
        ends_on=timezone.localdate() + dt.timedelta(days=7),
        may_edit=True,
    )
    org_services.grant_approve(actor=second_lead, grant=grant)
    officer = verified_client(cast.officer)
    assert officer.get(reverse("seah:edit", args=[report.pk])).status_code == 200
    step = officer.post(
        reverse("seah:step_add", args=[report.pk]),
        {"description": "Call the partner", "due_on": "2026-06-01"},
    )
    assert step.status_code == 302
    assert officer.get(reverse("seah:close", args=[report.pk])).status_code == 403
    assert officer.get(reverse("seah:handlers")).status_code == 404
