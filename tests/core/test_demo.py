"""``wpsdesk demo load`` creates a fictional organisation once and keeps existing data."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from tests.module_data import made_once_per_module
from wpsdesk.organisation.demo import PEOPLE, current_code
from wpsdesk.organisation.models import Membership, Unit, UnitKind, User


def _load() -> bool:
    call_command("demo", "load", stdout=StringIO())
    return True


_made_once, demo = made_once_per_module("demo", _load)


def test_demo_load_is_idempotent_and_keeps_changes(demo: None) -> None:
    counts = (Unit.objects.count(), User.objects.count(), Membership.objects.count())
    lead = User.objects.get(username="bogota.lead")
    lead.first_name = "Changed"
    lead.save()
    out = StringIO()
    call_command("demo", "load", stdout=out)
    assert "bogota.lead" in out.getvalue()  # the people are listed on every load
    assert (Unit.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert User.objects.get(username="bogota.lead").first_name == "Changed"


def test_demo_has_three_embassies_the_section_and_the_un_and_nato_delegations(demo: None) -> None:
    assert Unit.objects.filter(kind=UnitKind.MISSION).count() >= 3
    assert Unit.objects.filter(
        kind=UnitKind.SECTION, name__contains="Peace and Reconciliation"
    ).exists()
    forums = [f for unit in Unit.objects.filter(kind=UnitKind.DELEGATION) for f in unit.forums]
    assert {"UN", "NATO"} <= set(forums)
    assert all("(demo)" in unit.name for unit in Unit.objects.all())
    assert len(PEOPLE) == User.objects.count()


def test_every_role_is_represented(demo: None) -> None:
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"reader", "editor", "lead"}
    assert User.objects.filter(is_hq_coordinator=True).exists()
    assert User.objects.filter(is_auditor=True).exists()
    assert User.objects.filter(is_staff=True).exists()


def test_demo_code_prints_the_current_second_factor_code(demo: None) -> None:
    out = StringIO()
    call_command("demo", "code", "bogota.lead", stdout=out)
    code = out.getvalue().strip()
    assert code.isdigit() and len(code) == 6
    assert code == current_code("bogota.lead")
