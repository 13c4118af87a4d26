"""Setting up the authenticator app at the first log-in, and the recovery codes shown once."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import events, log_in_with_password
from tests.personas import Cast
from wpsdesk.accounts.services import recovery_code_digest
from wpsdesk.organisation.models import User

ENROL = "/accounts/second-factor/set-up/"


@pytest.fixture
def newcomer(cast: Cast) -> User:
    """The officer before they ever set up an app."""
    TOTPDevice.objects.filter(user=cast.officer).delete()
    return cast.officer


@pytest.fixture
def half(newcomer: User) -> Client:
    client = Client()
    log_in_with_password(client, newcomer)
    return client


def secret_on_page(html: str) -> str:
    match = re.search(r'<code class="accounts-secret"[^>]*>([A-Z2-7]+)</code>', html)
    assert match, "no secret on the page"
    return match.group(1)


def code_from_secret(secret: str) -> str:
    """What an authenticator app computes from the key typed in by hand."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_set_up_page_shows_a_qr_code_and_the_key_for_typing(half: Client, newcomer: User) -> None:
    response = half.get(ENROL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="data:image/svg+xml' in html
    assert 'alt="QR code for adding wpsdesk to your authenticator app.' in html
    device = TOTPDevice.objects.get(user=newcomer)
    assert device.confirmed is False
    secret = secret_on_page(html)
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key


def test_reloading_the_page_keeps_the_same_key(half: Client, newcomer: User) -> None:
    first = secret_on_page(half.get(ENROL).content.decode())
    second = secret_on_page(half.get(ENROL).content.decode())
    assert first == second
    assert TOTPDevice.objects.filter(user=newcomer).count() == 1


def test_the_qr_code_carries_an_otpauth_address_for_wpsdesk(newcomer: User) -> None:
    from wpsdesk.accounts.services import enrolment_start, otpauth_uri

    enrolment = enrolment_start(user=newcomer)
    uri = otpauth_uri(device=enrolment.device, secret=enrolment.secret)
    assert uri.startswith("otpauth://totp/wpsdesk%3Aofficer?")
    assert f"secret={enrolment.secret}" in uri
    assert "issuer=wpsdesk" in uri


def test_confirming_with_a_code_sets_up_the_app_and_shows_ten_recovery_codes(
    half: Client, newcomer: User
) -> None:
    secret = secret_on_page(half.get(ENROL).content.decode())
    response = half.post(ENROL, {"code": code_from_secret(secret)})
    assert response.status_code == 200
    html = response.content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)
    assert len(shown) == 10
    stored = set(StaticToken.objects.filter(device__user=newcomer).values_list("token", flat=True))
    assert {recovery_code_digest(code.replace("-", "")) for code in shown} == stored
    assert TOTPDevice.objects.get(user=newcomer).confirmed is True
    assert half.get("/").status_code == 200


def shown_codes(html: str) -> list[str]:
    """The recovery codes on a page, as shown (``abcd-2345``)."""
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)


def test_setting_up_is_recorded_once_and_so_are_the_codes(half: Client, newcomer: User) -> None:
    secret = secret_on_page(half.get(ENROL).content.decode())
    shown = shown_codes(half.post(ENROL, {"code": code_from_secret(secret)}).content.decode())
    [enrolled] = events("second_factor.enrolled")
    [generated] = events("recovery_codes.generated")
    assert enrolled.actor_id == generated.actor_id == newcomer.pk
    assert generated.details == {"count": 10}
    for code in shown:
        for form in (code, code.replace("-", "")):
            assert form not in str(generated.details) and form not in generated.target_id


def test_the_recovery_codes_are_stored_only_as_digests(half: Client, newcomer: User) -> None:
    secret = secret_on_page(half.get(ENROL).content.decode())
    shown = shown_codes(half.post(ENROL, {"code": code_from_secret(secret)}).content.decode())
    assert len(shown) == 10
    stored = list(StaticToken.objects.filter(device__user=newcomer).values_list("token", flat=True))
    assert len(stored) == 10
    plain = {code.replace("-", "") for code in shown}
    assert plain.isdisjoint(stored)
    assert all(len(token) == 16 and set(token) <= set("0123456789abcdef") for token in stored)


def test_the_recovery_codes_are_not_shown_a_second_time(half: Client) -> None:
    secret = secret_on_page(half.get(ENROL).content.decode())
    shown = shown_codes(half.post(ENROL, {"code": code_from_secret(secret)}).content.decode())
    assert len(shown) == 10
    response = half.get(ENROL)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:security")
    page = half.get(reverse("accounts:security")).content.decode()
    for code in shown:
        assert code not in page and code.replace("-", "") not in page


def test_a_wrong_code_does_not_set_up_the_app(half: Client, newcomer: User) -> None:
    half.get(ENROL)
    response = half.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert TOTPDevice.objects.get(user=newcomer).confirmed is False
    assert half.get("/").status_code == 302
    [event] = events("login.second_factor_failure")
    assert event.details["step"] == "enrolment"


def test_someone_with_an_app_cannot_set_up_another_with_the_password_alone(cast: Cast) -> None:
    client = Client()
    log_in_with_password(client, cast.officer)
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))
    response = client.post(ENROL, {"code": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=cast.officer).count() == 1


def test_anonymous_visitors_cannot_set_up_an_app(db: None) -> None:
    response = Client().get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert TOTPDevice.objects.count() == 0
