"""Who gets into the API: tokens with the right scope, and sessions past the second factor.

Every refusal of a token is the same 401 with the same message, whatever was wrong with it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import MakeToken, bearer_client, expire
from tests.personas import Cast, verified_client
from wpsdesk.api.services import api_token_revoke

GENERIC_401 = {"detail": "Invalid or expired token."}

# Every endpoint of the API that reads, with the URL kwargs it needs.
READ_ENDPOINTS = [
    ("api:unit-list", lambda cast: {}),
    ("api:unit-detail", lambda cast: {"pk": cast.bogota.pk}),
    ("api:membership-list", lambda cast: {}),
    ("api:membership-detail", lambda cast: {"pk": cast.officer.memberships.get().pk}),
    ("api:me", lambda cast: {}),
    ("api:schema", lambda cast: {}),
    ("api:docs", lambda cast: {}),
]
ENDPOINT_IDS = [name for name, _ in READ_ENDPOINTS]


def url(cast: Cast, name: str, kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(name, kwargs=kwargs(cast))


def assert_refused(response, status: int, detail: str) -> None:  # type: ignore[no-untyped-def]
    """The response has ``status`` and says ``detail`` (the docs page answers in bare HTML)."""
    assert response.status_code == status
    if response["Content-Type"].startswith("text/html"):
        return
    assert detail in response.content.decode()


@pytest.mark.parametrize(("name", "kwargs"), READ_ENDPOINTS, ids=ENDPOINT_IDS)
def test_anonymous_visitors_get_401_with_a_bearer_challenge(cast, name, kwargs):
    response = Client().get(url(cast, name, kwargs))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(("name", "kwargs"), READ_ENDPOINTS, ids=ENDPOINT_IDS)
def test_a_session_without_the_second_factor_gets_403(cast, name, kwargs):
    client = Client()
    client.force_login(cast.officer, backend="django.contrib.auth.backends.ModelBackend")
    assert_refused(client.get(url(cast, name, kwargs)), 403, "Second factor required.")


@pytest.mark.parametrize(("name", "kwargs"), READ_ENDPOINTS, ids=ENDPOINT_IDS)
def test_a_verified_session_gets_in(cast, name, kwargs):
    assert verified_client(cast.officer).get(url(cast, name, kwargs)).status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), READ_ENDPOINTS, ids=ENDPOINT_IDS)
def test_a_read_token_gets_in(cast, make_token: MakeToken, name, kwargs):
    _token, text = make_token(scopes=("read",))
    assert bearer_client(text).get(url(cast, name, kwargs)).status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), READ_ENDPOINTS, ids=ENDPOINT_IDS)
def test_a_write_only_token_may_not_read(cast, make_token: MakeToken, name, kwargs):
    _token, text = make_token(scopes=("write",))
    response = bearer_client(text).get(url(cast, name, kwargs))
    assert_refused(response, 403, "This token lacks the scope read.")


@pytest.mark.parametrize(("name", "kwargs"), READ_ENDPOINTS, ids=ENDPOINT_IDS)
def test_an_expired_token_gets_the_generic_401(cast, make_token: MakeToken, name, kwargs):
    token, text = make_token()
    expire(token)
    response = bearer_client(text).get(url(cast, name, kwargs))
    assert_refused(response, 401, "Invalid or expired token.")


@pytest.mark.parametrize(("name", "kwargs"), READ_ENDPOINTS, ids=ENDPOINT_IDS)
def test_a_revoked_token_gets_the_generic_401(cast, make_token: MakeToken, name, kwargs):
    token, text = make_token()
    api_token_revoke(token=token, actor=cast.officer)
    response = bearer_client(text).get(url(cast, name, kwargs))
    assert_refused(response, 401, "Invalid or expired token.")


def test_a_read_token_may_not_write(cast, make_token: MakeToken):
    _token, text = make_token(scopes=("read",))
    response = bearer_client(text).post(
        reverse("api:unit-list"), {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "This token lacks the scope write."}


def test_a_write_token_passes_the_scope_check_and_meets_a_read_only_endpoint(
    cast, make_token: MakeToken
):
    _token, text = make_token(scopes=("read", "write"))
    response = bearer_client(text).post(
        reverse("api:unit-list"), {}, content_type="application/json"
    )
    assert response.status_code == 405


@pytest.mark.parametrize(
    "presented",
    [
        "",
        "wpsd_",
        "not-a-token",
        "wpsd_0123456789ab_short",
        "wpsd_0123456789AB_" + "a" * 43,  # upper-case prefix
        "wpsd_0123456789ab_" + "a" * 43,  # well formed, no such token
        "wpsd_0123456789ab_" + "a" * 43 + "x",
        "tok_0123456789ab_" + "a" * 43,
        "wpsd_0123456789ab_" + "a" * 42 + "\u00e6",
        "two words",
    ],
    ids=repr,
)
def test_malformed_and_unknown_tokens_get_the_generic_401(cast, presented):
    response = bearer_client(presented).get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json() == GENERIC_401


def test_a_known_prefix_with_the_wrong_secret_gets_the_generic_401(cast, make_token: MakeToken):
    token, text = make_token()
    forged = f"wpsd_{token.prefix}_" + "A" * 43
    assert forged != text
    response = bearer_client(forged).get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json() == GENERIC_401


def test_the_token_of_a_person_no_longer_active_gets_the_generic_401(cast, make_token: MakeToken):
    _token, text = make_token(cast.officer)
    cast.officer.is_active = False
    cast.officer.save()
    response = bearer_client(text).get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json() == GENERIC_401


def test_the_bearer_keyword_is_case_insensitive(cast, officer_token):
    client = Client(headers={"Authorization": f"bearer {officer_token}"})
    assert client.get(reverse("api:me")).status_code == 200


def test_another_authorization_scheme_is_not_a_token_and_gets_401(cast):
    client = Client(headers={"Authorization": "Basic b2ZmaWNlcjpwYXNzd29yZA=="})
    assert client.get(reverse("api:me")).status_code == 401


def test_using_a_token_notes_when_it_was_last_used(cast, make_token: MakeToken):
    token, text = make_token()
    assert token.last_used_at is None
    bearer_client(text).get(reverse("api:me"))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_speaks_for_its_owner_not_for_the_session_beside_it(cast, make_token: MakeToken):
    _token, text = make_token(cast.outsider)
    client = verified_client(cast.officer)
    response = client.get(reverse("api:me"), headers={"Authorization": f"Bearer {text}"})
    assert response.json()["username"] == "outsider"


def test_a_verified_session_must_send_the_csrf_token_to_write(cast):
    client = verified_client(cast.officer, Client(enforce_csrf_checks=True))
    response = client.post(reverse("api:unit-list"), {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_token_needs_no_csrf_token(cast, make_token: MakeToken):
    _token, text = make_token(scopes=("read", "write"))
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {text}"})
    response = client.post(reverse("api:unit-list"), {}, content_type="application/json")
    assert response.status_code == 405  # past authentication and CSRF; the route reads only
