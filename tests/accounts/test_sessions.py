"""Session lifecycle: idle timeout, absolute lifetime, the clock, extending, log-out, disabling."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import events
from tests.personas import Cast, verified_client
from wpsdesk.accounts import sessions

STATUS = "/accounts/session/"
EXTEND = "/accounts/session/extend/"
LOGOUT = "/accounts/logout/"


@pytest.fixture
def officer(cast: Cast) -> Client:
    client = verified_client(cast.officer)
    client.get("/")  # starts the clocks as a real first page would
    return client


def set_clock(client: Client, *, idle_for: int = 0, age: int = 0) -> None:
    """Pretend the last activity was ``idle_for`` seconds ago and the log-in ``age`` ago."""
    session = client.session
    now = int(time.time())
    session[sessions.LAST_SEEN] = now - idle_for
    session[sessions.STARTED] = now - max(age, idle_for)
    session.save()


def test_a_session_idle_for_longer_than_the_timeout_ends(officer: Client, cast: Cast) -> None:
    set_clock(officer, idle_for=settings.SESSION_IDLE_TIMEOUT_SECONDS + 1)
    response = officer.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('accounts:login')}?expired=1")
    assert "_auth_user_id" not in officer.session
    [event] = events("session.ended")
    assert event.actor_id == cast.officer.pk
    assert event.details == {"reason": "idle_timeout"}


def test_a_session_idle_for_a_little_less_than_the_timeout_goes_on(officer: Client) -> None:
    set_clock(officer, idle_for=settings.SESSION_IDLE_TIMEOUT_SECONDS - 5)
    assert officer.get("/").status_code == 200
    # ...and the page counted as activity: the idle clock starts again.
    assert int(time.time()) - officer.session[sessions.LAST_SEEN] <= 2


def test_an_active_session_ends_at_its_absolute_lifetime(officer: Client) -> None:
    set_clock(officer, idle_for=60, age=settings.SESSION_ABSOLUTE_LIFETIME_SECONDS + 1)
    response = officer.get("/")
    assert response.status_code == 302
    assert "expired=1" in response["Location"]
    assert events("session.ended")[0].details == {"reason": "absolute_lifetime"}


def test_the_ended_session_sends_the_person_back_to_the_page_after_logging_in(
    officer: Client,
) -> None:
    set_clock(officer, idle_for=settings.SESSION_IDLE_TIMEOUT_SECONDS + 1)
    response = officer.get("/accounts/security/")
    assert "next=%2Faccounts%2Fsecurity%2F" in response["Location"]


def test_an_htmx_request_after_the_timeout_is_told_to_go_to_log_in(officer: Client) -> None:
    set_clock(officer, idle_for=settings.SESSION_IDLE_TIMEOUT_SECONDS + 1)
    response = officer.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_the_status_says_how_long_is_left(officer: Client) -> None:
    set_clock(officer, idle_for=100)
    state = officer.get(STATUS).json()
    assert state["authenticated"] is True
    expected = settings.SESSION_IDLE_TIMEOUT_SECONDS - 100
    assert expected - 2 <= state["seconds_left"] <= expected
    assert state["limited_by_lifetime"] is False
    assert state["warning_seconds"] == settings.SESSION_IDLE_WARNING_SECONDS


def test_asking_the_status_does_not_count_as_activity(officer: Client) -> None:
    set_clock(officer, idle_for=600)
    for _ in range(3):
        officer.get(STATUS)
    assert int(time.time()) - officer.session[sessions.LAST_SEEN] >= 600
    set_clock(officer, idle_for=settings.SESSION_IDLE_TIMEOUT_SECONDS + 1)
    state = officer.get(STATUS).json()
    assert state == {"authenticated": False, "seconds_left": 0}


def test_near_the_absolute_lifetime_the_status_says_so(officer: Client) -> None:
    set_clock(officer, idle_for=10, age=settings.SESSION_ABSOLUTE_LIFETIME_SECONDS - 50)
    state = officer.get(STATUS).json()
    assert state["limited_by_lifetime"] is True
    assert 45 <= state["seconds_left"] <= 50


def test_the_status_for_an_anonymous_visitor(db: None) -> None:
    assert Client().get(STATUS).json() == {"authenticated": False, "seconds_left": 0}


def test_staying_logged_in_resets_the_idle_clock(officer: Client) -> None:
    set_clock(officer, idle_for=settings.SESSION_IDLE_TIMEOUT_SECONDS - 30)
    response = officer.post(EXTEND, headers={"Accept": "application/json"})
    state = response.json()
    assert state["authenticated"] is True
    assert state["seconds_left"] >= settings.SESSION_IDLE_TIMEOUT_SECONDS - 2


def test_staying_logged_in_without_javascript_goes_back_to_the_page(officer: Client) -> None:
    response = officer.post(EXTEND, {"next": "/accounts/security/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/security/"


def test_staying_logged_in_needs_the_csrf_token(cast: Cast) -> None:
    client = verified_client(cast.officer, Client(enforce_csrf_checks=True))
    page = client.get("/").content.decode()
    set_clock(client, idle_for=settings.SESSION_IDLE_TIMEOUT_SECONDS - 30)
    assert client.post(EXTEND, headers={"Accept": "application/json"}).status_code == 403
    token = re.search(
        r'id="session-warning".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S
    )
    assert token is not None
    response = client.post(
        EXTEND, {"csrfmiddlewaretoken": token.group(1)}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["seconds_left"] >= settings.SESSION_IDLE_TIMEOUT_SECONDS - 2


def test_staying_logged_in_after_the_end_does_not_revive_the_session(officer: Client) -> None:
    set_clock(officer, idle_for=settings.SESSION_IDLE_TIMEOUT_SECONDS + 1)
    response = officer.post(EXTEND, headers={"Accept": "application/json"})
    assert response.json() == {"authenticated": False, "seconds_left": 0}
    assert officer.get("/").status_code == 302


def test_the_warning_dialog_is_on_every_page_of_a_logged_in_person(officer: Client) -> None:
    html = officer.get("/").content.decode()
    dialog = re.search(r"<dialog id=\"session-warning\"[^>]*>", html)
    assert dialog is not None
    tag = dialog.group(0)
    assert 'role="alertdialog"' in tag
    assert f'data-idle="{settings.SESSION_IDLE_TIMEOUT_SECONDS}"' in tag
    assert f'data-warn="{settings.SESSION_IDLE_WARNING_SECONDS}"' in tag
    assert 'aria-labelledby="session-warning-title"' in tag
    assert 'aria-live="polite"' in html
    assert ">Stay logged in</button>" in html


def test_the_warning_dialog_is_not_on_the_log_in_page(db: None) -> None:
    assert "session-warning" not in Client().get(reverse("accounts:login")).content.decode()


def test_logging_out_ends_the_session(cast: Cast, officer: Client) -> None:
    key = officer.session.session_key
    response = officer.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?logged_out=1"
    assert not Session.objects.filter(session_key=key).exists()
    assert officer.get("/").status_code == 302
    [event] = events("logout")
    assert event.actor_id == cast.officer.pk


def test_logging_out_needs_a_post(officer: Client) -> None:
    assert officer.get(LOGOUT).status_code == 405
    assert officer.get("/").status_code == 200
    assert events("logout") == []


def test_logging_out_needs_the_csrf_token(cast: Cast) -> None:
    client = verified_client(cast.officer, Client(enforce_csrf_checks=True))
    assert client.post(LOGOUT).status_code == 403
    assert client.get("/").status_code == 200


def test_disabling_a_person_ends_their_sessions_on_the_next_request(
    cast: Cast, officer: Client
) -> None:
    key = officer.session.session_key
    cast.officer.is_active = False
    cast.officer.save()
    response = officer.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Session.objects.filter(session_key=key).exists()
    [event] = events("session.ended")
    assert event.details == {"reason": "account_unavailable"}
    assert event.actor_id == cast.officer.pk
    # Enabling them again revives nothing: they log in afresh.
    cast.officer.is_active = True
    cast.officer.save()
    assert officer.get("/").status_code == 302


def test_disabling_a_person_also_ends_a_half_finished_log_in(cast: Cast) -> None:
    client = Client()
    client.post(reverse("accounts:login"), {"username": "officer", "password": "x"})
    client.force_login(cast.officer, backend="django.contrib.auth.backends.ModelBackend")
    cast.officer.is_active = False
    cast.officer.save()
    assert client.get(reverse("accounts:second_factor")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_remaining_counts_the_nearer_of_the_two_limits() -> None:
    session = SessionStore()
    moment = 1_000_000
    session[sessions.STARTED] = moment - settings.SESSION_ABSOLUTE_LIFETIME_SECONDS + 100
    session[sessions.LAST_SEEN] = moment - 10
    left = sessions.remaining(session, at=moment)
    assert left.seconds == 100
    assert left.limited_by_lifetime is True
    assert left.reason == "absolute_lifetime"
