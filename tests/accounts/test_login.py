"""The log-in page: password step, one message for every refusal, lockout, session rotation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import code_for, events, fail_password, kinds, log_in_with_password
from tests.personas import PASSWORD, Cast, verified_client
from wpsdesk.accounts.forms import LOGIN_REFUSED

LOGIN = "/accounts/login/"


def refusal_region(html: str) -> str:
    """The error summary and the fields' messages: what the page says about the attempt."""
    summary = re.search(r'<div class="ds-error-summary".*?</div>', html, re.S)
    assert summary is not None, "no error summary on the page"
    return summary.group(0)


def test_log_in_page_has_labelled_username_and_password_fields(db: None) -> None:
    response = Client().get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label class="ds-label" for="id_username">Username</label>' in html
    assert '<label class="ds-label" for="id_password">Password</label>' in html
    assert 'autocomplete="current-password"' in html
    assert "ds-error-summary" not in html


def test_correct_password_leads_to_the_second_factor_with_a_new_session_key(cast: Cast) -> None:
    client = Client()
    planted = client.session  # a session that exists before the log-in (fixation)
    planted["planted"] = "by someone else"
    planted.save()
    response = log_in_with_password(client, cast.officer)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second_factor")
    assert client.session.session_key != planted.session_key
    assert not SessionStore().exists(planted.session_key)
    assert client.session["_auth_user_id"] == str(cast.officer.pk)


def test_correct_password_is_recorded_once(cast: Cast) -> None:
    log_in_with_password(Client(), cast.officer)
    [event] = events("login.password_ok")
    assert event.actor_id == cast.officer.pk
    assert event.ip_address == "127.0.0.1"
    assert kinds().count("login.password_ok") == 1


def test_password_alone_reaches_nothing_but_the_second_factor(cast: Cast) -> None:
    client = Client()
    log_in_with_password(client, cast.officer)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))


def test_wrong_password_shows_the_plain_refusal_and_keeps_the_username(cast: Cast) -> None:
    client = Client()
    response = log_in_with_password(client, cast.officer, password="not my password")
    assert response.status_code == 200
    html = response.content.decode()
    assert str(LOGIN_REFUSED) in refusal_region(html)
    assert 'value="officer"' in html
    assert "not my password" not in html
    # The same client is logged in by nothing: the request's session and the one the
    # client carries on name nobody, and the home page still sends it to the log-in.
    assert "_auth_user_id" not in response.wsgi_request.session
    assert "_auth_user_id" not in client.session
    assert not response.wsgi_request.user.is_authenticated
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:login"))


def test_wrong_password_is_recorded_once_as_a_failure(cast: Cast) -> None:
    log_in_with_password(Client(), cast.officer, password="not my password")
    [event] = events("login.failure")
    assert event.actor_label == "officer"
    assert event.details == {"step": "password", "lockout_started": False}
    assert [kind for kind in kinds() if kind.startswith("login.")] == ["login.failure"]


def test_unknown_user_gets_the_same_message_as_a_wrong_password(cast: Cast) -> None:
    wrong = Client().post(LOGIN, {"username": "officer", "password": "not my password"})
    unknown = Client().post(LOGIN, {"username": "nobody-here", "password": "not my password"})
    assert wrong.status_code == unknown.status_code == 200
    assert refusal_region(wrong.content.decode()) == refusal_region(unknown.content.decode())


def test_locked_out_attempt_gets_the_same_message_and_status_as_a_wrong_password(
    cast: Cast,
) -> None:
    wrong = Client().post(LOGIN, {"username": "lead", "password": "not my password"})
    fail_password(Client(), "officer", settings.AXES_FAILURE_LIMIT)
    locked = log_in_with_password(Client(), cast.officer)  # the right password, too late
    assert locked.status_code == wrong.status_code == 200
    assert refusal_region(locked.content.decode()) == refusal_region(wrong.content.decode())
    assert "_auth_user_id" not in locked.wsgi_request.session


def test_disabled_person_gets_the_same_message_as_a_wrong_password(cast: Cast) -> None:
    cast.officer.is_active = False
    cast.officer.save()
    wrong = Client().post(LOGIN, {"username": "lead", "password": "not my password"})
    disabled = log_in_with_password(Client(), cast.officer)
    assert disabled.status_code == wrong.status_code
    assert refusal_region(disabled.content.decode()) == refusal_region(wrong.content.decode())


def test_five_failures_lock_the_username_from_that_address_only(cast: Cast) -> None:
    fail_password(Client(REMOTE_ADDR="10.0.0.1"), "officer", settings.AXES_FAILURE_LIMIT)
    there = Client(REMOTE_ADDR="10.0.0.1")
    response = log_in_with_password(there, cast.officer)
    assert response.status_code == 200
    assert "_auth_user_id" not in there.session
    assert events()[-1].kind == "login.locked_out"
    # Typing someone's name with wrong passwords does not lock them out elsewhere.
    elsewhere = Client(REMOTE_ADDR="10.0.0.2")
    assert log_in_with_password(elsewhere, cast.officer).status_code == 302
    assert elsewhere.session["_auth_user_id"] == str(cast.officer.pk)


def test_four_failures_do_not_lock(cast: Cast) -> None:
    fail_password(Client(), "officer", settings.AXES_FAILURE_LIMIT - 1)
    response = log_in_with_password(Client(), cast.officer)
    assert response.status_code == 302


def test_five_failures_from_one_address_lock_that_address_for_every_username(cast: Cast) -> None:
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for number in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(LOGIN, {"username": f"guess{number}", "password": "wrong password"})
    response = log_in_with_password(attacker, cast.lead)
    assert response.status_code == 200
    assert "_auth_user_id" not in attacker.session
    # The same person from another address is not affected.
    assert log_in_with_password(Client(REMOTE_ADDR="10.0.0.10"), cast.lead).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_address_lockout(cast: Cast) -> None:
    for number in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}").post(
            LOGIN, {"username": f"guess{number}", "password": "wrong password"}
        )
    attacker = Client(REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert log_in_with_password(attacker, cast.lead).status_code == 200
    assert "_auth_user_id" not in attacker.session


def test_the_failure_that_starts_a_lockout_says_so_and_later_ones_are_lockouts(
    cast: Cast,
) -> None:
    fail_password(Client(), "officer", settings.AXES_FAILURE_LIMIT + 1)
    failures = events("login.failure")
    assert len(failures) == settings.AXES_FAILURE_LIMIT
    assert [event.details["lockout_started"] for event in failures] == [False] * (
        settings.AXES_FAILURE_LIMIT - 1
    ) + [True]
    assert len(events("login.locked_out")) == 1


def test_a_username_with_a_line_break_cannot_forge_a_log_line(cast: Cast) -> None:
    forged = "mallory\n2026-01-01 login.password_ok admin\r\u2028x"
    Client().post(LOGIN, {"username": forged, "password": "wrong password"})
    [event] = events("login.failure")
    assert "\n" not in event.actor_label
    assert "\r" not in event.actor_label
    assert "\u2028" not in event.actor_label
    assert event.actor_label.startswith("mallory ")


def test_an_empty_form_is_not_a_log_in_attempt(db: None) -> None:
    response = Client().post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter your username." in refusal_region(html)
    assert 'aria-invalid="true"' in html
    assert events() == []


def test_the_next_page_is_kept_through_both_steps(cast: Cast) -> None:
    client = Client()
    client.post(
        f"{LOGIN}?next=/catalogue/",
        {"username": "officer", "password": PASSWORD, "next": "/catalogue/"},
    )

    response = client.post(reverse("accounts:second_factor"), {"code": code_for(cast.officer)})
    assert response["Location"] == "/catalogue/"


def test_a_next_page_on_another_site_is_ignored(cast: Cast) -> None:
    client = Client()
    client.post(
        LOGIN, {"username": "officer", "password": PASSWORD, "next": "https://evil.example/"}
    )

    response = client.post(reverse("accounts:second_factor"), {"code": code_for(cast.officer)})
    assert response["Location"] == reverse("core:home")


def test_a_verified_person_is_sent_on_from_the_log_in_page(cast: Cast) -> None:
    response = verified_client(cast.officer).get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_the_organisation_button_shows_only_when_single_sign_on_is_on(
    db: None, settings: Any
) -> None:
    assert "Log in with your organisation account" not in Client().get(LOGIN).content.decode()
    settings.SSO_ENABLED = True
    html = Client().get(LOGIN).content.decode()
    assert "Log in with your organisation account" in html
    assert reverse("accounts:oidc_authentication_init") in html


def test_the_log_in_page_explains_an_ended_session(db: None) -> None:
    html = Client().get(f"{LOGIN}?expired=1").content.decode()
    assert "You were logged out because you were inactive" in html


def test_a_password_log_in_never_reaches_the_identity_provider(
    cast: Cast, settings: object
) -> None:
    # ?code=…&state=… on the log-in form must not make the SSO backend call the provider.
    settings.SSO_ENABLED = True  # type: ignore[attr-defined]
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/never"  # type: ignore[attr-defined]
    response = Client().post(
        f"{LOGIN}?code=abc&state=def", {"username": "officer", "password": "wrong password"}
    )
    assert response.status_code == 200
    assert kinds()[-1] == "login.failure"


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_not_allowed(db: None, method: str) -> None:
    assert getattr(Client(), method)(LOGIN).status_code == 405
