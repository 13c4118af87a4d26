"""Single sign-on against a real OpenID provider started inside the test.

The provider is oidc-provider-mock (Flask + Authlib) in a thread on a free port. The
browser's part is played by two clients: Django's test client for wpsdesk, and httpx for
the provider (where the person "logs in" by choosing their subject). Everything between
wpsdesk and the provider – code exchange, ID-token signature (JWKS), nonce, user info –
goes over real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from oidc_provider_mock import run_server_in_thread

from tests.accounts.conftest import code_for, events
from tests.personas import Cast
from wpsdesk.organisation.models import User

CLIENT_ID = "wpsdesk-test"
SSO_START = "/accounts/sso/authenticate/"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso(provider: str) -> Iterator[str]:
    with override_settings(
        SSO_ENABLED=True,
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET="client secret for the test",
        OIDC_OP_ISSUER=provider,
        OIDC_OP_AUTHORIZATION_ENDPOINT=f"{provider}/oauth2/authorize",
        OIDC_OP_TOKEN_ENDPOINT=f"{provider}/oauth2/token",
        OIDC_OP_USER_ENDPOINT=f"{provider}/userinfo",
        OIDC_OP_JWKS_ENDPOINT=f"{provider}/jwks",
        OIDC_VERIFY_KID=False,  # this provider's keys carry no "kid"
    ):
        yield provider


def provider_person(provider: str, sub: str, **claims: Any) -> None:
    """Tell the provider who ``sub`` is (e-mail, amr…).

    The address is verified unless ``email_verified`` is given; ``email_verified=None``
    leaves the claim out.
    """
    claims.setdefault("email_verified", True)
    if claims["email_verified"] is None:
        del claims["email_verified"]
    response = httpx.put(f"{provider}/users/{sub}", json=claims)
    assert response.status_code == 204, response.text


def sign_in_at_provider(client: Client, sub: str, next_url: str = "") -> Any:
    """Start at wpsdesk, authorize at the provider, come back: wpsdesk's last answer."""
    start = client.get(SSO_START + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(f"{client_settings().OIDC_OP_AUTHORIZATION_ENDPOINT}?")
    query = parse_qs(urlsplit(authorize).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    assert "nonce" in query and "state" in query
    back = httpx.post(authorize, data={"sub": sub}, follow_redirects=False)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["location"])
    assert callback.path == reverse("accounts:oidc_authentication_callback")
    return client.get(f"{callback.path}?{callback.query}")


def client_settings() -> Any:
    from django.conf import settings

    return settings


@pytest.fixture
def officer_email(cast: Cast) -> str:
    cast.officer.email = "officer@embassy.example"
    cast.officer.save()
    return cast.officer.email


def test_a_person_whose_provider_used_a_second_factor_is_logged_in(
    sso: str, cast: Cast, officer_email: str
) -> None:
    provider_person(sso, "officer-sub", email=officer_email.upper(), amr=["pwd", "mfa"])
    client = Client()
    response = sign_in_at_provider(client, "officer-sub", next_url="/accounts/security/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/security/"
    assert client.session["_auth_user_id"] == str(cast.officer.pk)
    assert client.session["wpsdesk_sso_mfa"] is True
    assert client.get("/").status_code == 200


def test_single_sign_on_is_recorded_once(sso: str, cast: Cast, officer_email: str) -> None:
    provider_person(sso, "officer-sub", email=officer_email, amr=["mfa"])
    sign_in_at_provider(Client(), "officer-sub")
    [event] = events("sso.login")
    assert event.actor_id == cast.officer.pk
    assert event.details == {"second_factor_by_provider": True}
    assert events("login.failure") == []


def test_without_a_trusted_second_factor_the_person_still_gives_our_code(
    sso: str, cast: Cast, officer_email: str
) -> None:
    provider_person(sso, "officer-sub", email=officer_email, amr=["pwd"])
    client = Client()
    response = sign_in_at_provider(client, "officer-sub")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))
    assert client.session["wpsdesk_sso_mfa"] is False
    assert client.get("/").status_code == 302
    done = client.post(reverse("accounts:second_factor"), {"code": code_for(cast.officer)})
    assert done.status_code == 302
    assert client.get("/").status_code == 200


def test_a_provider_that_says_nothing_about_its_second_factor_is_not_trusted(
    sso: str, cast: Cast, officer_email: str
) -> None:
    provider_person(sso, "officer-sub", email=officer_email)
    client = Client()
    sign_in_at_provider(client, "officer-sub")
    assert client.get("/").status_code == 302


def test_a_person_from_the_provider_without_an_app_is_taken_to_set_one_up(
    sso: str, cast: Cast, officer_email: str
) -> None:
    TOTPDevice.objects.filter(user=cast.officer).delete()
    provider_person(sso, "officer-sub", email=officer_email, amr="pwd")
    client = Client()
    sign_in_at_provider(client, "officer-sub")
    response = client.get(reverse("accounts:second_factor"))
    assert response["Location"].startswith(reverse("accounts:second_factor_enrol"))


def test_an_e_mail_address_that_matches_nobody_is_refused_cleanly(sso: str, cast: Cast) -> None:
    provider_person(sso, "stranger", email="stranger@elsewhere.example", amr=["mfa"])
    client = Client()
    response = sign_in_at_provider(client, "stranger")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="stranger@elsewhere.example").exists()
    [event] = events("login.failure")
    assert event.details == {"step": "sso", "reason": "no_account", "lockout_started": False}
    page = client.get(response["Location"])
    assert "We could not log you in with your organisation account" in page.content.decode()


def test_a_disabled_person_is_refused(sso: str, cast: Cast, officer_email: str) -> None:
    cast.officer.is_active = False
    cast.officer.save()
    provider_person(sso, "officer-sub", email=officer_email, amr=["mfa"])
    client = Client()
    sign_in_at_provider(client, "officer-sub")
    assert "_auth_user_id" not in client.session
    assert events("login.failure")[-1].details["reason"] == "account_disabled"


def test_an_e_mail_address_shared_by_two_accounts_is_refused(
    sso: str, cast: Cast, officer_email: str
) -> None:
    cast.lead.email = officer_email
    cast.lead.save()
    provider_person(sso, "officer-sub", email=officer_email, amr=["mfa"])
    client = Client()
    sign_in_at_provider(client, "officer-sub")
    assert "_auth_user_id" not in client.session
    assert events("login.failure")[-1].details["reason"] == "several_accounts"


def test_an_unverified_e_mail_address_is_refused(sso: str, cast: Cast, officer_email: str) -> None:
    provider_person(sso, "officer-sub", email=officer_email, email_verified=False, amr=["mfa"])
    client = Client()
    sign_in_at_provider(client, "officer-sub")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("verified", [None, "true", 1])
def test_an_e_mail_address_not_said_to_be_verified_is_refused(
    sso: str, cast: Cast, officer_email: str, verified: Any
) -> None:
    provider_person(sso, "officer-sub", email=officer_email, email_verified=verified, amr=["mfa"])
    client = Client()
    sign_in_at_provider(client, "officer-sub")
    assert "_auth_user_id" not in client.session
    assert events("login.failure")[-1].details["reason"] == "no_verified_email"
    assert events("sso.login") == []


def test_accounts_are_created_only_when_the_setting_says_so(sso: str, db: None) -> None:
    provider_person(sso, "newcomer", email="newcomer@embassy.example", amr=["mfa"])
    with override_settings(OIDC_CREATE_USER=True):
        client = Client()
        sign_in_at_provider(client, "newcomer")
    person = User.objects.get(email="newcomer@embassy.example")
    assert client.session["_auth_user_id"] == str(person.pk)
    assert not person.has_usable_password()


def test_a_replayed_callback_is_refused_without_an_error_page(
    sso: str, cast: Cast, officer_email: str
) -> None:
    provider_person(sso, "officer-sub", email=officer_email, amr=["mfa"])
    client = Client()
    start = client.get(SSO_START)
    back = httpx.post(start["Location"], data={"sub": "officer-sub"}, follow_redirects=False)
    callback = urlsplit(back.headers["location"])
    first = client.get(f"{callback.path}?{callback.query}")
    assert first.status_code == 302
    client.post(reverse("accounts:logout"))
    again = client.get(f"{callback.path}?{callback.query}")
    assert again.status_code == 302
    assert again["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_callback_with_someone_elses_state_is_refused(
    sso: str, cast: Cast, officer_email: str
) -> None:
    provider_person(sso, "officer-sub", email=officer_email, amr=["mfa"])
    victim = Client()
    victim.get(SSO_START)
    attacker = Client()
    start = attacker.get(SSO_START)
    back = httpx.post(start["Location"], data={"sub": "officer-sub"}, follow_redirects=False)
    callback = urlsplit(back.headers["location"])
    # The attacker's code and state in the victim's browser (login CSRF).
    response = victim.get(f"{callback.path}?{callback.query}")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in victim.session


def test_a_person_who_refuses_at_the_provider_comes_back_to_the_log_in(
    sso: str, cast: Cast
) -> None:
    client = Client()
    start = client.get(SSO_START)
    back = httpx.post(start["Location"], data={"action": "deny"}, follow_redirects=False)
    callback = urlsplit(back.headers["location"])
    response = client.get(f"{callback.path}?{callback.query}")
    assert response["Location"] == reverse("accounts:login")
    assert events("login.failure")[-1].details["reason"] == "provider_error"
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("organisation account" in message for message in messages)


def test_repeated_refusals_lock_the_address(sso: str, cast: Cast, settings: Any) -> None:
    provider_person(sso, "stranger", email="stranger@elsewhere.example")
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_at_provider(client, "stranger")
    cast.officer.email = "officer@embassy.example"
    cast.officer.save()
    provider_person(sso, "officer-sub", email="officer@embassy.example", amr=["mfa"])
    sign_in_at_provider(client, "officer-sub")
    assert "_auth_user_id" not in client.session
    assert events()[-1].kind == "login.locked_out"
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.8")
    sign_in_at_provider(other, "officer-sub")
    assert other.session["_auth_user_id"] == str(cast.officer.pk)


def test_with_single_sign_on_off_its_routes_lead_back_to_the_log_in(db: None) -> None:
    for path in (SSO_START, reverse("accounts:oidc_authentication_callback") + "?code=x&state=y"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:login")


def test_disabling_a_person_ends_their_single_sign_on_session(
    sso: str, cast: Cast, officer_email: str
) -> None:
    provider_person(sso, "officer-sub", email=officer_email, amr=["mfa"])
    client = Client()
    sign_in_at_provider(client, "officer-sub")
    assert client.get("/").status_code == 200
    cast.officer.is_active = False
    cast.officer.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
