"""Resetting someone else's password or second factor: two administrators, then the person."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import events, log_in_with_password
from tests.personas import PASSWORD, Cast, make_person, verified_client
from wpsdesk.accounts import resets
from wpsdesk.accounts.models import CredentialReset, ResetKind, ResetState
from wpsdesk.api.models import ApiToken
from wpsdesk.api.services import api_token_create
from wpsdesk.organisation.models import User

NEW_PASSWORD = "a brand new passphrase of mine"


def password_works(person: User, password: str) -> bool:
    return User.objects.get(pk=person.pk).check_password(password)


@pytest.fixture
def admin2(cast: Cast) -> User:
    return make_person("admin2", is_staff=True, is_superuser=True)


def request_reset(cast: Cast, kind: str = ResetKind.BOTH) -> CredentialReset:
    return resets.reset_request(
        actor=cast.admin,
        person=cast.officer,
        kind=kind,
        reason="lost phone, confirmed by a call to the embassy",
        ip_address="10.1.1.1",
    )


def test_one_administrator_alone_cannot_reset_anyone(cast: Cast) -> None:
    reset = request_reset(cast)
    with pytest.raises(PermissionDenied):
        resets.reset_approve(actor=cast.admin, reset=reset)
    reset.refresh_from_db()
    assert reset.state == ResetState.PENDING
    assert password_works(cast.officer, PASSWORD)
    assert TOTPDevice.objects.filter(user=cast.officer).exists()


@pytest.mark.parametrize("who", ["officer", "lead", "coordinator", "auditor"])
def test_only_administrators_ask_or_approve(cast: Cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        resets.reset_request(
            actor=getattr(cast, who), person=cast.reader, kind=ResetKind.PASSWORD, reason="x"
        )
    reset = request_reset(cast)
    with pytest.raises(PermissionDenied):
        resets.reset_approve(actor=getattr(cast, who), reset=reset)
    with pytest.raises(PermissionDenied):
        resets.reset_cancel(actor=getattr(cast, who), reset=reset)


def test_nobody_resets_themself_or_approves_their_own(cast: Cast, admin2: User) -> None:
    with pytest.raises(PermissionDenied):
        resets.reset_request(actor=cast.admin, person=cast.admin, kind="password", reason="x")
    reset = resets.reset_request(actor=cast.admin, person=admin2, kind="password", reason="x")
    with pytest.raises(PermissionDenied):
        resets.reset_approve(actor=admin2, reset=reset)


def test_a_reset_needs_a_reason(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        resets.reset_request(actor=cast.admin, person=cast.officer, kind="password", reason=" ")


def test_two_administrators_reset_and_the_person_sets_their_own_password(
    cast: Cast, admin2: User
) -> None:
    session = verified_client(cast.officer)
    api_token_create(owner=cast.officer, name="script", scopes=["read"])
    reset = request_reset(cast)
    code = resets.reset_approve(actor=admin2, reset=reset, ip_address="10.2.2.2")
    assert code

    # The old password, the old app, the open session and the token are all gone.
    assert not password_works(cast.officer, PASSWORD)
    assert not TOTPDevice.objects.filter(user=cast.officer).exists()
    assert not StaticDevice.objects.filter(user=cast.officer).exists()
    assert session.get(reverse("accounts:security"))["Location"].startswith(
        reverse("accounts:login")
    )
    assert not ApiToken.objects.usable().filter(owner=cast.officer).exists()
    [event] = events("credential_reset.approved")
    assert event.actor_id == admin2.pk
    assert event.target_id == str(cast.officer.pk)
    assert event.ip_address == "10.2.2.2"
    assert event.details["reason"] == "lost phone, confirmed by a call to the embassy"
    assert event.details["requested_by"] == cast.admin.pk
    [asked] = events("credential_reset.requested")
    assert asked.actor_id == cast.admin.pk
    assert asked.ip_address == "10.1.1.1"

    page = Client()
    response = page.post(
        reverse("accounts:password_set"),
        {"code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert password_works(cast.officer, NEW_PASSWORD)
    [set_event] = events("password.set_after_reset")
    assert set_event.actor_id == cast.officer.pk
    # The code works once.
    again = page.post(
        reverse("accounts:password_set"),
        {
            "code": code,
            "new_password1": "another passphrase 42",
            "new_password2": "another passphrase 42",
        },
    )
    assert "That code does not work" in again.content.decode()
    # At the next log-in the person sets up a new app of their own.
    person = Client()
    log_in_with_password(person, cast.officer, NEW_PASSWORD)
    assert person.get(reverse("accounts:second_factor"))["Location"].startswith(
        reverse("accounts:second_factor_enrol")
    )


def test_a_wrong_code_sets_nothing(cast: Cast) -> None:
    response = Client().post(
        reverse("accounts:password_set"),
        {"code": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "That code does not work" in response.content.decode()
    assert password_works(cast.officer, PASSWORD)


def test_a_second_factor_reset_keeps_the_password(cast: Cast, admin2: User) -> None:
    reset = request_reset(cast, kind=ResetKind.SECOND_FACTOR)
    assert resets.reset_approve(actor=admin2, reset=reset) is None
    assert password_works(cast.officer, PASSWORD)
    assert not TOTPDevice.objects.filter(user=cast.officer).exists()


def test_in_the_admin_one_asks_and_another_approves(cast: Cast, admin2: User) -> None:
    asking = verified_client(cast.admin)
    response = asking.post(
        "/admin/accounts/credentialreset/add/",
        {"person": cast.officer.pk, "kind": "both", "reason": "lost phone"},
    )
    assert response.status_code == 302
    reset = CredentialReset.objects.get()
    assert reset.requested_by == cast.admin
    action = {"action": "approve", "_selected_action": [reset.pk]}
    refused = asking.post("/admin/accounts/credentialreset/", action, follow=True)
    assert "A second administrator approves" in refused.content.decode()
    assert CredentialReset.objects.get().state == ResetState.PENDING

    approved = verified_client(admin2).post("/admin/accounts/credentialreset/", action)
    assert approved.status_code == 200
    assert approved.context["code"]
    assert CredentialReset.objects.get().state == ResetState.APPROVED


def test_the_admin_cannot_ask_a_reset_for_themself(cast: Cast) -> None:
    response = verified_client(cast.admin).post(
        "/admin/accounts/credentialreset/add/",
        {"person": cast.admin.pk, "kind": "password", "reason": "x"},
    )
    assert response.status_code == 200
    assert not CredentialReset.objects.exists()
