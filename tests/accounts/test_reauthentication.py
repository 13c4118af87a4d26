"""Re-authentication before sensitive actions: the decorator and the confirmation page."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import code_for, events
from tests.personas import Cast, verified_client
from wpsdesk.accounts.reauth import (
    REAUTH_SESSION_KEY,
    reauthenticated_recently,
    require_reauthentication,
)

REAUTH = "/accounts/reauthenticate/"


@require_reauthentication
def sensitive(request: HttpRequest) -> HttpResponse:
    return HttpResponse("done")


def request_with(method: str = "get", at: int | None = None, **extra: Any) -> HttpRequest:
    request = getattr(RequestFactory(), method)("/export/?unit=3", **extra)
    request.session = SessionStore()
    if at is not None:
        request.session[REAUTH_SESSION_KEY] = at
    return request


def test_without_re_authentication_the_view_sends_the_person_to_confirm(db: None) -> None:
    response = sensitive(request_with())
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTH}?next=%2Fexport%2F%3Funit%3D3"


def test_after_a_recent_re_authentication_the_view_opens(db: None) -> None:
    response = sensitive(request_with(at=int(time.time()) - 60))
    assert response.content == b"done"


def test_an_old_re_authentication_no_longer_counts(db: None) -> None:
    response = sensitive(request_with(at=int(time.time()) - 5 * 60 - 1))
    assert response.status_code == 302


def test_a_re_authentication_from_the_future_does_not_count(db: None) -> None:
    assert reauthenticated_recently(request_with(at=int(time.time()) + 3600)) is False


def test_a_refused_post_goes_back_to_the_form_it_came_from(db: None) -> None:
    response = sensitive(request_with("post", HTTP_REFERER="http://testserver/units/3/"))
    assert response["Location"] == f"{REAUTH}?next=%2Funits%2F3%2F"


def test_a_refused_post_from_another_site_goes_home(db: None) -> None:
    response = sensitive(request_with("post", HTTP_REFERER="https://evil.example/"))
    assert response["Location"] == f"{REAUTH}?next=%2F"


@pytest.fixture
def officer(cast: Cast) -> Client:
    return verified_client(cast.officer)


def test_the_right_code_confirms_and_goes_back(cast: Cast, officer: Client) -> None:
    response = officer.post(
        REAUTH, {"code": code_for(cast.officer, steps_ahead=1), "next": "/accounts/security/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/security/"
    assert int(time.time()) - officer.session[REAUTH_SESSION_KEY] <= 2
    [event] = events("reauthentication.ok")
    assert event.actor_id == cast.officer.pk


def test_a_wrong_code_does_not_confirm(cast: Cast, officer: Client) -> None:
    wrong = f"{(int(code_for(cast.officer)) + 5) % 1_000_000:06d}"
    response = officer.post(REAUTH, {"code": wrong, "next": "/"})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert REAUTH_SESSION_KEY not in officer.session
    assert events("reauthentication.failure")[0].details == {"lockout_started": False}


def test_wrong_codes_end_the_session_at_the_limit(
    cast: Cast, officer: Client, no_throttle: None
) -> None:
    wrong = f"{(int(code_for(cast.officer)) + 5) % 1_000_000:06d}"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = officer.post(REAUTH, {"code": wrong})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert officer.get("/").status_code == 302


def test_a_next_page_on_another_site_is_ignored(cast: Cast, officer: Client) -> None:
    response = officer.post(
        REAUTH, {"code": code_for(cast.officer, steps_ahead=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:home")


def test_a_person_without_an_app_is_offered_to_set_one_up(cast: Cast) -> None:
    client = verified_client(cast.officer)
    TOTPDevice.objects.filter(user=cast.officer).delete()
    session = client.session
    session["wpsdesk_sso_mfa"] = True
    session.save()
    html = client.get(REAUTH).content.decode()
    assert reverse("accounts:second_factor_enrol") in html
    assert client.post(REAUTH, {"code": "123456"}).status_code == 200
    assert REAUTH_SESSION_KEY not in client.session


def test_new_recovery_codes_count_as_a_re_authentication(cast: Cast, officer: Client) -> None:
    officer.post(
        "/accounts/security/recovery-codes/",
        {"codes-code": code_for(cast.officer, steps_ahead=1)},
    )
    assert REAUTH_SESSION_KEY in officer.session


def test_with_the_password_alone_there_is_nothing_to_confirm(cast: Cast) -> None:
    client = Client()
    client.post(reverse("accounts:login"), {"username": "officer", "password": "x"})
    client.force_login(cast.officer, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(REAUTH)
    assert response["Location"].startswith(reverse("accounts:second_factor"))
