"""The second step of the log-in: a code from the authenticator app or a recovery code."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import code_for, events, log_in_with_password
from tests.personas import Cast
from wpsdesk.accounts.services import recovery_code_digest, second_factor_verify
from wpsdesk.organisation.models import User

SECOND_FACTOR = "/accounts/second-factor/"


@pytest.fixture
def half(cast: Cast) -> Client:
    """The officer's browser after the password, before the code."""
    client = Client()
    log_in_with_password(client, cast.officer)
    return client


def recovery_codes_for(user: User, *codes: str) -> None:
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=recovery_code_digest(code))


def test_second_factor_page_asks_for_the_code(half: Client) -> None:
    response = half.get(SECOND_FACTOR)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'autocomplete="one-time-code"' in html
    assert "Code from your authenticator app" in html


def test_right_code_completes_the_log_in_and_opens_the_home_page(cast: Cast, half: Client) -> None:
    response = half.post(SECOND_FACTOR, {"code": code_for(cast.officer)})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert half.get("/").status_code == 200
    [event] = events("login.second_factor_ok")
    assert event.actor_id == cast.officer.pk
    assert event.details == {"method": "totp"}


def test_code_typed_with_a_space_is_accepted(cast: Cast, half: Client) -> None:
    code = code_for(cast.officer)
    response = half.post(SECOND_FACTOR, {"code": f"{code[:3]} {code[3:]}"})
    assert response["Location"] == reverse("core:home")


def test_the_session_key_changes_again_after_the_second_factor(cast: Cast, half: Client) -> None:
    before = half.session.session_key
    half.post(SECOND_FACTOR, {"code": code_for(cast.officer)})
    assert half.session.session_key != before
    assert not SessionStore().exists(before)


def test_wrong_code_is_refused_and_recorded(cast: Cast, half: Client) -> None:
    right = code_for(cast.officer)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = half.post(SECOND_FACTOR, {"code": wrong})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert half.get("/").status_code == 302
    [event] = events("login.second_factor_failure")
    assert event.actor_id == cast.officer.pk
    assert event.details == {"step": "second_factor", "lockout_started": False}
    assert events("login.second_factor_ok") == []


def test_malformed_code_gets_a_plain_message_and_is_not_an_attempt(half: Client) -> None:
    response = half.post(SECOND_FACTOR, {"code": "12ab"})
    assert response.status_code == 200
    assert "Enter the 6 digits from your authenticator app" in response.content.decode()
    assert events("login.second_factor_failure") == []


def test_a_code_works_only_once(cast: Cast, half: Client) -> None:
    code = code_for(cast.officer)
    half.post(SECOND_FACTOR, {"code": code})
    other = Client()
    log_in_with_password(other, cast.officer)
    response = other.post(SECOND_FACTOR, {"code": code})
    assert response.status_code == 200
    assert other.get("/").status_code == 302


def test_after_a_wrong_code_the_app_is_throttled_for_a_moment(cast: Cast, half: Client) -> None:
    right = code_for(cast.officer)
    half.post(SECOND_FACTOR, {"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    # Straight after a failure even the right code waits (django-otp's growing delay),
    # and the person is told to wait rather than that the code is wrong.
    response = half.post(SECOND_FACTOR, {"code": right})
    assert response.status_code == 200
    assert "Wait 1 second after a wrong code" in response.content.decode()
    assert half.get("/").status_code == 302
    assert len(events("login.second_factor_failure")) == 1


def test_recovery_code_works_once(cast: Cast, half: Client) -> None:
    recovery_codes_for(cast.officer, "abcd2345", "efgh6723")
    response = half.post(SECOND_FACTOR, {"code": "ABCD-2345"})
    assert response["Location"] == reverse("core:home")
    [event] = events("login.second_factor_ok")
    assert event.details == {"method": "recovery_code", "recovery_codes_left": 1}
    assert list(StaticToken.objects.values_list("token", flat=True)) == [
        recovery_code_digest("efgh6723")
    ]

    again = Client()
    log_in_with_password(again, cast.officer)
    assert again.post(SECOND_FACTOR, {"code": "abcd2345"}).status_code == 200
    assert again.get("/").status_code == 302


def test_someone_elses_recovery_code_does_not_work(cast: Cast, half: Client) -> None:
    recovery_codes_for(cast.lead, "abcd2345")
    assert half.post(SECOND_FACTOR, {"code": "abcd2345"}).status_code == 200
    assert StaticToken.objects.filter(token=recovery_code_digest("abcd2345")).exists()


def test_wrong_codes_lead_to_lockout_and_end_the_half_finished_log_in(
    cast: Cast, half: Client, no_throttle: None
) -> None:
    right = code_for(cast.officer)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert half.post(SECOND_FACTOR, {"code": wrong}).status_code == 200
    response = half.post(SECOND_FACTOR, {"code": wrong})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in half.session
    failures = events("login.second_factor_failure")
    assert failures[-1].details["lockout_started"] is True
    # The password, even the right one, is now refused too.
    again = Client()
    log_in_with_password(again, cast.officer)
    assert "_auth_user_id" not in again.session


def test_the_right_password_does_not_reset_the_count_of_wrong_codes(
    cast: Cast, no_throttle: Any
) -> None:
    """Someone who knows the password must not get endless guesses by logging in again."""
    right = code_for(cast.officer)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    client = Client()
    guesses = 0
    for _ in range(3):
        log_in_with_password(client, cast.officer)
        for _ in range(2):
            if "_auth_user_id" in client.session:
                client.post(SECOND_FACTOR, {"code": wrong})
                guesses += 1
    assert guesses == settings.AXES_FAILURE_LIMIT
    assert "_auth_user_id" not in client.session


def test_a_complete_log_in_forgives_earlier_mistakes(cast: Cast) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("accounts:login"), {"username": "officer", "password": "wrong one"})
    log_in_with_password(client, cast.officer)
    client.post(SECOND_FACTOR, {"code": code_for(cast.officer)})
    client.post(reverse("accounts:logout"))
    # A single mistake now does not lock the account.
    client.post(reverse("accounts:login"), {"username": "officer", "password": "wrong one"})
    assert log_in_with_password(Client(), cast.officer).status_code == 302


def test_anonymous_visitor_is_sent_to_log_in(db: None) -> None:
    response = Client().get(SECOND_FACTOR)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_verified_person_is_sent_on(cast: Cast) -> None:
    from tests.personas import verified_client

    response = verified_client(cast.officer).get(SECOND_FACTOR)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_a_person_without_an_app_is_taken_to_set_one_up(cast: Cast) -> None:
    TOTPDevice.objects.filter(user=cast.officer).delete()
    client = Client()
    log_in_with_password(client, cast.officer)
    response = client.get(SECOND_FACTOR)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor_enrol"))


@pytest.mark.parametrize("path", ["/", "/admin/", "/catalogue/", "/accounts/security/"])
def test_with_the_password_alone_no_page_opens(half: Client, path: str) -> None:
    response = half.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))


def test_with_the_password_alone_the_api_refuses(half: Client) -> None:
    response = half.get("/api/schema/")
    assert response.status_code == 403


def test_with_the_password_alone_a_post_is_refused_too(half: Client, cast: Cast) -> None:
    response = half.post(reverse("core:unit_switch"), {"unit": cast.bogota.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second_factor")


def test_htmx_requests_without_the_second_factor_are_told_where_to_go(half: Client) -> None:
    response = half.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert response["HX-Redirect"].startswith(reverse("accounts:second_factor"))


@pytest.mark.parametrize("path", ["/", "/admin/", "/catalogue/"])
def test_anonymous_visitors_are_sent_to_log_in_with_the_page_to_return_to(
    db: None, path: str
) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_visitors_get_nothing_from_the_api(db: None) -> None:
    assert Client().get("/api/schema/").status_code in {401, 403}


@pytest.mark.parametrize("path", ["/", "/accounts/security/"])
def test_after_the_second_factor_pages_open(cast: Cast, half: Client, path: str) -> None:
    half.post(SECOND_FACTOR, {"code": code_for(cast.officer)})
    assert half.get(path).status_code == 200


def test_after_the_second_factor_the_api_schema_opens(cast: Cast, half: Client) -> None:
    half.post(SECOND_FACTOR, {"code": code_for(cast.officer)})
    assert half.get("/api/schema/").status_code == 200


def test_a_code_stored_in_the_clear_before_is_turned_into_its_digest_and_still_works(
    cast: Cast,
) -> None:
    from django.apps import apps

    migration = importlib.import_module(
        "wpsdesk.accounts.migrations.0002_recovery_codes_stored_as_digests"
    )
    device = StaticDevice.objects.create(user=cast.officer, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=device, token="abcd2345")
    migration.store_digests(apps, None)
    migration.store_digests(apps, None)  # a second run leaves digests alone
    assert list(StaticToken.objects.values_list("token", flat=True)) == [
        recovery_code_digest("abcd2345")
    ]
    assert second_factor_verify(user=cast.officer, code="abcd2345") is not None
    assert not StaticToken.objects.exists()


def test_a_stored_digest_typed_as_a_code_does_not_work(cast: Cast) -> None:
    recovery_codes_for(cast.officer, "abcd2345")
    stored = StaticToken.objects.get().token
    assert second_factor_verify(user=cast.officer, code=stored) is None
    assert second_factor_verify(user=cast.officer, code=stored[:8]) is None
    assert StaticToken.objects.count() == 1
