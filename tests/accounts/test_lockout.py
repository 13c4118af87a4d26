"""The lockout helpers: which address counts, which parameters lock, the lockout answer."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.http import HttpResponse
from django.test import Client, RequestFactory

from tests.accounts.conftest import code_for, log_in_with_password
from tests.personas import Cast, verified_client
from wpsdesk.accounts.lockout import client_ip, lockout_parameters
from wpsdesk.accounts.views import locked_out


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


def test_with_a_username_both_username_and_address_lock() -> None:
    assert lockout_parameters(None, {"username": "officer"}) == ["username", "ip_address"]


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
