"""The token page: a verified person makes, sees and revokes their own tokens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import MakeToken, bearer_client
from tests.personas import Cast, reauthenticated_client, verified_client
from wpsdesk.api.models import ApiToken
from wpsdesk.audit.models import SecurityEvent

PAGE = "/api/tokens/"


@pytest.fixture
def as_officer(cast: Cast) -> Client:
    """Making a token asks for a current code: the officer has just given one."""
    return reauthenticated_client(cast.officer)


def create(client: Client, **fields: object):  # type: ignore[no-untyped-def]
    data = {"name": "report script", "access": "read", "days": "30", **fields}
    return client.post(reverse("api:token_list"), data)


def test_the_page_lists_my_tokens_and_nobody_elses(cast: Cast, make_token: MakeToken, as_officer):
    mine, _ = make_token(cast.officer, name="my laptop script")
    theirs, _ = make_token(cast.outsider, name="amman export")
    response = as_officer.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "my laptop script" in html
    assert f"wpsd_{mine.prefix}_" in html
    assert "amman export" not in html
    assert theirs.prefix not in html


def test_creating_a_token_shows_it_once(cast: Cast, as_officer):
    response = create(as_officer, name="nightly export", access="read write", days="7")
    assert response.status_code == 200
    token = ApiToken.objects.get(owner=cast.officer)
    assert token.name == "nightly export"
    assert token.scopes == ["read", "write"]
    text = response.context["new_token_text"]
    assert text.startswith(f"wpsd_{token.prefix}_")
    assert f'value="{text}"' in response.content.decode()
    assert text not in as_officer.get(PAGE).content.decode()


def test_creating_a_token_is_audited_with_the_person_and_address(cast: Cast, as_officer):
    create(as_officer)
    event = SecurityEvent.objects.get(kind="api_token.created")
    assert event.actor_id == cast.officer.pk
    assert event.ip_address == "127.0.0.1"


def test_a_token_made_on_the_page_works_for_the_api(cast: Cast, as_officer):
    text = create(as_officer).context["new_token_text"]
    response = bearer_client(text).get(reverse("api:me"))
    assert response.json()["username"] == "officer"


def test_making_a_token_asks_for_a_current_code_first(cast: Cast):
    client = verified_client(cast.officer)
    response = client.post(
        reverse("api:token_list"),
        {"name": "report script", "access": "read", "days": "30"},
        HTTP_REFERER="http://testserver" + PAGE,
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not ApiToken.objects.exists()
    assert client.get(PAGE).status_code == 200  # looking needs no code


def test_a_lifetime_over_90_days_is_refused_with_a_message(cast: Cast, as_officer):
    response = create(as_officer, days="91")
    assert response.status_code == 200
    assert response.context["form"].errors["days"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_without_a_name_is_refused(cast: Cast, as_officer):
    response = create(as_officer, name="")
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_revoking_my_token_stops_it_and_is_audited(cast: Cast, make_token: MakeToken, as_officer):
    token, text = make_token(cast.officer, name="old script")
    response = as_officer.post(reverse("api:token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert bearer_client(text).get(reverse("api:me")).status_code == 401
    assert SecurityEvent.objects.filter(kind="api_token.revoked", actor=cast.officer).count() == 1
    page = as_officer.get(PAGE).content.decode()
    assert "Revoked" in page


def test_revoking_someone_elses_token_is_404_and_changes_nothing(
    cast: Cast, make_token: MakeToken, as_officer
):
    token, text = make_token(cast.outsider)
    response = as_officer.post(reverse("api:token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 404
    assert bearer_client(text).get(reverse("api:me")).status_code == 200
    assert not SecurityEvent.objects.filter(kind="api_token.revoked").exists()


def test_revoking_takes_a_post(cast: Cast, make_token: MakeToken, as_officer):
    token, _ = make_token(cast.officer)
    assert as_officer.get(reverse("api:token_revoke", kwargs={"pk": token.pk})).status_code == 405


def test_anonymous_visitors_go_to_log_in_and_unverified_sessions_to_the_second_factor(
    cast: Cast,
):
    half = Client()
    half.force_login(cast.officer, backend="django.contrib.auth.backends.ModelBackend")
    assert "/accounts/login/" in Client().get(PAGE)["Location"]
    assert "/accounts/second-factor/" in half.get(PAGE)["Location"]
    assert create(Client()).status_code == 302
    assert create(half).status_code == 302
    assert not ApiToken.objects.exists()


def test_a_token_cannot_make_another_token(cast: Cast, make_token: MakeToken):
    _token, text = make_token(cast.officer, scopes=("read", "write"))
    response = create(bearer_client(text), name="offspring")
    # The token page is a web page: a token is no session, so it is sent to log in.
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert ApiToken.objects.count() == 1


def test_the_form_needs_its_csrf_token(cast: Cast):
    client = verified_client(cast.officer, Client(enforce_csrf_checks=True))
    assert create(client).status_code == 403
    assert not ApiToken.objects.exists()
