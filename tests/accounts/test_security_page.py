"""Your account: second-factor status, new recovery codes after a code, the password."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import code_for, events, log_in_with_password
from tests.personas import PASSWORD, Cast, verified_client
from wpsdesk.accounts.services import recovery_code_digest, recovery_codes_generate

SECURITY = "/accounts/security/"
REGENERATE = "/accounts/security/recovery-codes/"
PASSWORD_CHANGE = "/accounts/security/password/"


@pytest.fixture
def officer(cast: Cast) -> Client:
    return verified_client(cast.officer)


def test_the_page_shows_the_app_and_how_many_recovery_codes_are_left(
    cast: Cast, officer: Client
) -> None:
    codes = recovery_codes_generate(user=cast.officer)
    html = officer.get(SECURITY).content.decode()
    assert "Your authenticator app is set up" in html
    assert "You have 10 unused recovery codes." in html
    for code in codes:
        assert code not in html and code.replace("-", "") not in html


def test_few_recovery_codes_left_is_a_warning(cast: Cast, officer: Client) -> None:
    recovery_codes_generate(user=cast.officer)
    keep = list(StaticToken.objects.values_list("pk", flat=True)[:2])
    StaticToken.objects.exclude(pk__in=keep).delete()
    html = officer.get(SECURITY).content.decode()
    assert "You have 2 recovery codes left. Make new ones now." in html


def test_new_recovery_codes_need_a_current_code(cast: Cast, officer: Client) -> None:
    old = set(recovery_codes_generate(user=cast.officer))
    response = officer.post(REGENERATE, {"codes-code": code_for(cast.officer, steps_ahead=1)})
    assert response.status_code == 200
    shown = set(
        re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", response.content.decode())
    )
    assert len(shown) == 10
    assert shown.isdisjoint(old)
    stored = {recovery_code_digest(code.replace("-", "")) for code in shown}
    assert set(StaticToken.objects.values_list("token", flat=True)) == stored
    assert len(events("recovery_codes.generated")) == 2


def test_without_the_right_code_the_old_recovery_codes_stay(cast: Cast, officer: Client) -> None:
    recovery_codes_generate(user=cast.officer)
    before = set(StaticToken.objects.values_list("token", flat=True))
    right = code_for(cast.officer)
    response = officer.post(REGENERATE, {"codes-code": f"{(int(right) + 3) % 1_000_000:06d}"})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert set(StaticToken.objects.values_list("token", flat=True)) == before
    assert len(events("recovery_codes.generated")) == 1


def test_an_empty_code_is_asked_for_in_plain_words(officer: Client) -> None:
    response = officer.post(REGENERATE, {"codes-code": ""})
    html = response.content.decode()
    assert "Enter the 6-digit code from your authenticator app." in html
    assert 'href="#id_codes-code"' in html


def test_wrong_codes_here_count_toward_lockout_and_end_the_session(
    cast: Cast, officer: Client, no_throttle: None
) -> None:
    right = code_for(cast.officer)
    wrong = f"{(int(right) + 3) % 1_000_000:06d}"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert officer.post(REGENERATE, {"codes-code": wrong}).status_code == 200
    response = officer.post(REGENERATE, {"codes-code": wrong})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert officer.get(SECURITY).status_code == 302
    assert events("login.locked_out")[-1].details == {"step": "reauthentication"}


def test_password_change_needs_the_current_password(cast: Cast, officer: Client) -> None:
    response = officer.post(
        PASSWORD_CHANGE,
        {
            "old_password": "not it",
            "new_password1": "a long and unusual phrase",
            "new_password2": "a long and unusual phrase",
        },
    )
    assert response.status_code == 200
    cast.officer.refresh_from_db()
    assert cast.officer.check_password(PASSWORD)
    assert events("password.changed") == []


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short pass", "This password is too short"),
        ("password1234", "This password is too common"),
        ("123456789012345", "This password is entirely numeric"),
    ],
)
def test_weak_new_passwords_are_refused(
    cast: Cast, officer: Client, new: str, message: str
) -> None:
    response = officer.post(
        PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    cast.officer.refresh_from_db()
    assert cast.officer.check_password(PASSWORD)


def test_password_change_keeps_this_session_and_ends_the_others(
    cast: Cast, officer: Client
) -> None:
    other = verified_client(cast.officer)
    assert other.get("/").status_code == 200
    new = "rivers of quiet granite"
    response = officer.post(
        PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    cast.officer.refresh_from_db()
    assert cast.officer.check_password(new)
    assert officer.get("/").status_code == 200
    assert other.get("/").status_code == 302
    [event] = events("password.changed")
    assert event.actor_id == cast.officer.pk
    assert new not in str(event.details)


def test_the_new_password_works_for_the_next_log_in(cast: Cast, officer: Client) -> None:
    new = "rivers of quiet granite"
    officer.post(
        PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert log_in_with_password(Client(), cast.officer, password=new).status_code == 302
    assert log_in_with_password(Client(), cast.officer).status_code == 200


def test_a_person_without_a_password_sees_no_password_form(cast: Cast) -> None:
    cast.officer.set_unusable_password()
    cast.officer.save()
    html = verified_client(cast.officer).get(SECURITY).content.decode()
    assert "Change your password" not in html


def test_a_person_who_lost_their_app_sees_no_recovery_code_form(cast: Cast) -> None:
    client = verified_client(cast.officer)
    TOTPDevice.objects.filter(user=cast.officer).delete()
    session = client.session
    session["wpsdesk_sso_mfa"] = True
    session.save()
    html = client.get(SECURITY).content.decode()
    assert "Make new recovery codes" not in html
    assert client.post(REGENERATE, {"codes-code": "123456"}).status_code == 200
    assert events("recovery_codes.generated") == []


def test_a_colleague_locking_the_shared_address_does_not_stop_a_right_code(
    cast: Cast, officer: Client
) -> None:
    for number in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            reverse("accounts:login"), {"username": f"guess{number}", "password": "wrong"}
        )
    response = officer.post(REGENERATE, {"codes-code": code_for(cast.officer, steps_ahead=1)})
    assert response.status_code == 200
    assert "Your recovery codes" in response.content.decode()
    assert len(events("recovery_codes.generated")) == 1
