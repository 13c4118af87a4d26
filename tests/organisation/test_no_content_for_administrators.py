"""Administrators manage people and units and never read a record's content, by any path.

Each path an insider with the admin tried before: reading the admin's pages, granting
themself access, giving themself a role or a clearance, setting someone's password and
logging in as them. Each test has a sibling showing the content where it should be.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.organisation.grant_fixtures import (
    RESTRICTED_TITLE,
    SECRET_TITLE,
    in_a_month,
    pending_grant,
    restricted_engagement,
    strict_engagement,
)
from tests.personas import PASSWORD, Cast, make_person, reauthenticated_client, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation import policy, services
from wpsdesk.organisation.models import AccessGrant, GrantState, Membership, Role, User


@pytest.fixture
def records(cast: Cast) -> dict[str, Engagement]:
    restricted = restricted_engagement(cast)
    strict = strict_engagement(cast)
    # A grant in force, so that grants, history and memberships all have rows to show.
    second = make_person("second-lead")
    Membership.objects.create(user=second, unit=cast.bogota, role=Role.LEAD)
    grant = services.grant_propose(
        actor=cast.lead,
        record=strict,
        person=cast.officer,
        reason="protection follow-up",
        ends_on=in_a_month(),
    )
    services.grant_approve(actor=second, grant=grant)
    return {"restricted": restricted, "strict": strict}


def admin_pages() -> list[str]:
    """The changelist, and every object's change and history page, of every admin model."""
    urls: list[str] = []
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        for pk in model._default_manager.values_list("pk", flat=True)[:50]:
            for view in ("change", "history"):
                try:
                    urls.append(reverse(f"{info}_{view}", args=[pk]))
                except NoReverseMatch:
                    continue
    return urls


def test_no_admin_page_shows_a_records_content(cast: Cast, records) -> None:
    client = verified_client(cast.admin)
    pages = admin_pages()
    assert len(pages) > 20
    for url in pages:
        response = client.get(url)
        html = response.content.decode()
        assert RESTRICTED_TITLE not in html, url
        assert SECRET_TITLE not in html, url
        assert "protection follow-up" not in html, url  # nor a grant's reason
    # The sibling: the records' own pages show their content to the people cleared for it.
    for title, who, record in (
        (RESTRICTED_TITLE, cast.lead, records["restricted"]),
        (SECRET_TITLE, cast.officer, records["strict"]),
    ):
        page = verified_client(who).get(reverse("engagements:detail", args=[record.pk]))
        assert title in page.content.decode()


def test_the_administrator_reads_no_record_through_the_app_or_the_api(cast: Cast, records) -> None:
    client = verified_client(cast.admin)
    for record in records.values():
        assert client.get(reverse("engagements:detail", args=[record.pk])).status_code == 404
        assert not policy.may_read(cast.admin, record)
    assert not policy.visible_to(Engagement.objects.all(), user=cast.admin).exists()
    api = client.get("/api/engagements/")
    assert RESTRICTED_TITLE not in api.content.decode()


def test_the_admin_cannot_add_or_change_a_grant(cast: Cast, records) -> None:
    client = verified_client(cast.admin)
    grant = AccessGrant.objects.get()
    assert client.get("/admin/organisation/accessgrant/add/").status_code == 403
    response = client.post(
        "/admin/organisation/accessgrant/add/",
        {
            "user": cast.admin.pk,
            "content_type": ContentType.objects.get_for_model(Engagement).pk,
            "object_id": records["strict"].pk,
            "reason": "audit",
            "granted_by": cast.lead.pk,
            "state": "active",
            "expires_at_0": "2099-01-01",
            "expires_at_1": "00:00",
        },
    )
    assert response.status_code == 403
    assert client.get(f"/admin/organisation/accessgrant/{grant.pk}/change/").status_code == 403
    assert client.post(f"/admin/organisation/accessgrant/{grant.pk}/delete/").status_code == 403
    assert AccessGrant.objects.count() == 1
    listing = client.get("/admin/organisation/accessgrant/")
    assert listing.status_code == 200
    assert "Officer" in listing.content.decode()  # who holds a grant, for oversight


def test_the_administrator_cannot_grant_themself_in_the_app(cast: Cast, records) -> None:
    client = reauthenticated_client(cast.admin)
    response = client.post(
        reverse("organisation:grant_propose"),
        {
            "record_type": "engagements.engagement",
            "record_id": records["strict"].pk,
            "username": "admin",
            "reason": "audit",
            "ends_on": in_a_month().isoformat(),
        },
    )
    assert response.status_code == 404  # no unit, no unit pages
    with pytest.raises(PermissionDenied):
        services.grant_propose(
            actor=cast.admin,
            record=records["strict"],
            person=cast.admin,
            reason="audit",
            ends_on=in_a_month(),
        )
    assert not AccessGrant.objects.filter(user=cast.admin).exists()


def test_the_administrator_gives_themself_no_role_or_clearance(cast: Cast) -> None:
    client = verified_client(cast.admin)
    response = client.post(
        "/admin/organisation/membership/add/",
        {
            "user": cast.admin.pk,
            "unit": cast.bogota.pk,
            "role": "lead",
            "restricted_clearance": "on",
            "valid_from": "2020-01-01",
        },
    )
    assert response.status_code == 200
    assert "Administrators do not give themselves a role" in response.content.decode()
    assert not Membership.objects.filter(user=cast.admin).exists()
    # Another person's membership is still theirs to manage (the sibling).
    response = client.post(
        "/admin/organisation/membership/add/",
        {
            "user": cast.coordinator.pk,
            "unit": cast.bogota.pk,
            "role": "reader",
            "valid_from": "2020-01-01",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=cast.coordinator, unit=cast.bogota).exists()


def test_the_administrator_does_not_make_themself_hq_coordinator(cast: Cast) -> None:
    client = verified_client(cast.admin)
    data = {
        "username": "admin",
        "first_name": "Admin",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "is_hq_coordinator": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/organisation/user/{cast.admin.pk}/change/", data)
    assert response.status_code == 200
    cast.admin.refresh_from_db()
    assert not cast.admin.is_hq_coordinator
    other = {
        **data,
        "username": "reader",
        "first_name": "Reader",
        "is_staff": "",
        "is_superuser": "",
    }
    response = client.post(f"/admin/organisation/user/{cast.reader.pk}/change/", other)
    assert response.status_code == 302
    cast.reader.refresh_from_db()
    assert cast.reader.is_hq_coordinator


def test_the_administrator_sets_nobodys_password(cast: Cast) -> None:
    client = verified_client(cast.admin)
    url = f"/admin/organisation/user/{cast.officer.pk}/password/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "taken over 1234", "password2": "taken over 1234"})
    assert response.status_code == 403
    cast.officer.refresh_from_db()
    assert cast.officer.check_password(PASSWORD)
    # And cannot log in as them with a password of their choosing.
    intruder = Client()
    intruder.post(reverse("accounts:login"), {"username": "officer", "password": "taken over 1234"})
    assert "_auth_user_id" not in intruder.session


def test_a_person_added_in_the_admin_has_no_password_the_administrator_knows(
    cast: Cast,
) -> None:
    client = verified_client(cast.admin)
    response = client.post(
        "/admin/organisation/user/add/",
        {
            "username": "newcomer",
            "first_name": "New",
            "last_name": "Comer",
            "email": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    assert not newcomer.has_usable_password()
    assert SecurityEvent.objects.filter(kind="person.created", target_id=str(newcomer.pk)).exists()


def test_a_strict_grant_without_a_second_approval_opens_nothing(cast: Cast) -> None:
    grant = pending_grant(cast)
    record = Engagement.objects.get(pk=grant.object_id)
    assert grant.state == GrantState.PENDING
    client = verified_client(cast.reader)
    url = reverse("engagements:detail", args=[record.pk])
    assert client.get(url).status_code == 404
    second = make_person("second-lead")
    Membership.objects.create(user=second, unit=cast.bogota, role=Role.LEAD)
    services.grant_approve(actor=second, grant=grant)
    page = client.get(url)
    assert page.status_code == 200
    assert SECRET_TITLE in page.content.decode()
