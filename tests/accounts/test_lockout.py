"""The lockout helpers: which address counts, which parameters lock, the lockout answer."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.http import HttpResponse
from django.test import Client, RequestFactory

from tests.accounts.conftest import code_for, events, fail_password, log_in_with_password
from tests.accounts.test_login import refusal_region
from tests.personas import Cast, verified_client
from wpsdesk.accounts.lockout import (
    client_ip,
    failures_of_username,
    lockout_parameters,
    usual_addresses,
)
from wpsdesk.accounts.views import locked_out
from wpsdesk.audit.services import record_event


def request_from(remote: str, forwarded: str = "") -> Any:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_proxies_the_address_is_the_connection_s(settings: Any) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert client_ip(request_from("10.1.1.1", "203.0.113.5")) == "10.1.1.1"


def test_behind_one_proxy_the_address_is_the_one_it_saw(settings: Any) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 1
    # The client may have sent its own X-Forwarded-For; only the proxy's last entry counts.
    request = request_from("10.0.0.2", "198.51.100.66, 203.0.113.5")
    assert client_ip(request) == "203.0.113.5"


def test_behind_two_proxies_the_address_is_two_from_the_right(settings: Any) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 2
    request = request_from("10.0.0.2", "198.51.100.66, 203.0.113.5, 10.0.0.3")
    assert client_ip(request) == "203.0.113.5"


def test_a_short_forwarded_header_falls_back_to_the_connection(settings: Any) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", "203.0.113.5")) == "10.0.0.2"


@pytest.mark.parametrize("junk", ["not-an-address", "1.2.3.4\nlogin.password_ok", ""])
def test_anything_but_an_address_counts_as_none(settings: Any, junk: str) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", junk)) in {"", "10.0.0.2"}
    assert "\n" not in client_ip(request_from("10.0.0.2", junk))


def test_with_a_username_the_name_from_its_address_and_the_address_lock() -> None:
    assert lockout_parameters(None, {"username": "officer"}) == [
        ["username", "ip_address"],
        "ip_address",
    ]


def test_without_a_username_only_the_address_locks() -> None:
    assert lockout_parameters(None, {"username": None, "nonce": "x"}) == ["ip_address"]


def test_the_lockout_answer_is_the_view_s_own_answer() -> None:
    request = RequestFactory().post("/accounts/login/")
    original = HttpResponse("the log-in page with the one refusal message")
    assert locked_out(request, original, {"username": "officer"}) is original


def test_axes_keeps_no_code_or_password_of_a_failed_attempt(cast: Cast) -> None:
    Client().post("/accounts/login/", {"username": "officer", "password": "Secret-Guess-1"})
    half = Client()
    log_in_with_password(half, cast.officer)
    wrong = f"{(int(code_for(cast.officer)) + 1) % 1_000_000:06d}"
    half.post("/accounts/second-factor/", {"code": wrong})
    verified_client(cast.lead).post(
        "/accounts/security/password/",
        {"old_password": "Old-Guess-2", "new_password1": "New-Secret-3", "new_password2": "x"},
    )
    kept = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert kept, "the failures were not recorded at all"
    for secret in ("Secret-Guess-1", wrong, "Old-Guess-2", "New-Secret-3"):
        assert secret not in kept


HOME = "127.0.0.1"  # the test client's address: where the officer logs in from
ELSEWHERE = ["203.0.113.7", "203.0.113.8", "203.0.113.9", "198.51.100.4"]


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def reaches_the_second_factor(client: Client, cast: Cast) -> bool:
    response = log_in_with_password(client, cast.officer)
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_wrong_passwords_for_a_name_from_elsewhere_do_not_lock_its_person_out(
    cast: Cast, settings: Any
) -> None:
    fail_password(from_address(ELSEWHERE[0]), "officer", settings.AXES_FAILURE_LIMIT + 2)
    assert reaches_the_second_factor(from_address(HOME), cast)


def test_wrong_passwords_for_a_name_lock_that_name_from_that_address(
    cast: Cast, settings: Any
) -> None:
    fail_password(from_address(ELSEWHERE[0]), "officer", settings.AXES_FAILURE_LIMIT)
    assert not reaches_the_second_factor(from_address(ELSEWHERE[0]), cast)


def test_an_address_trying_many_names_is_locked_for_every_name(cast: Cast, settings: Any) -> None:
    guesser = from_address(ELSEWHERE[0])
    for name in ("lead", "reader", "coordinator", "auditor", "admin"):
        fail_password(guesser, name, 1)
    assert not reaches_the_second_factor(from_address(ELSEWHERE[0]), cast)
    assert reaches_the_second_factor(from_address(HOME), cast)


@pytest.fixture
def usual_home(cast: Cast) -> None:
    """The officer completed a log-in from HOME last week."""
    record_event(kind="login.second_factor_ok", actor=cast.officer, ip_address=HOME)


@pytest.fixture
def spread_guessing(settings: Any) -> None:
    """Wrong passwords for the officer from several addresses, each below its own lockout,
    together reaching the per-name throttle."""
    settings.LOCKOUT_USER_FAILURES = 6
    for address in ELSEWHERE[:3]:
        fail_password(from_address(address), "officer", 2)
    assert failures_of_username("officer") == 6


def test_a_name_guessed_from_many_addresses_is_throttled_from_a_new_one(
    cast: Cast, usual_home: None, spread_guessing: None
) -> None:
    assert not reaches_the_second_factor(from_address(ELSEWHERE[3]), cast)
    [locked] = events("login.locked_out")
    assert locked.actor_label == "officer" and locked.ip_address == ELSEWHERE[3]


def test_a_throttled_name_still_logs_in_from_its_persons_usual_address(
    cast: Cast, usual_home: None, spread_guessing: None
) -> None:
    assert reaches_the_second_factor(from_address(HOME), cast)


def test_below_the_throttle_a_new_address_is_let_through(
    cast: Cast, usual_home: None, settings: Any
) -> None:
    settings.LOCKOUT_USER_FAILURES = 6
    for address in ELSEWHERE[:2]:
        fail_password(from_address(address), "officer", 2)
    assert reaches_the_second_factor(from_address(ELSEWHERE[3]), cast)


def test_a_throttled_name_gets_the_same_answer_as_a_wrong_password(
    cast: Cast, usual_home: None, spread_guessing: None
) -> None:
    throttled = log_in_with_password(from_address(ELSEWHERE[3]), cast.officer)
    wrong = from_address(ELSEWHERE[3]).post(
        "/accounts/login/", {"username": "lead", "password": "not my password"}
    )
    assert throttled.status_code == wrong.status_code == 200
    assert refusal_region(throttled.content.decode()) == refusal_region(wrong.content.decode())


def test_an_address_counts_as_usual_only_after_a_completed_log_in(cast: Cast) -> None:
    record_event(kind="login.password_ok", actor=cast.officer, ip_address=ELSEWHERE[0])
    record_event(kind="login.second_factor_ok", actor=cast.officer, ip_address=HOME)
    record_event(kind="login.second_factor_ok", actor=cast.lead, ip_address=ELSEWHERE[1])
    assert usual_addresses("officer") == {HOME}
