"""``wpsdesk token``: create, list and revoke tokens from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.api.conftest import MakeToken, bearer_client, expire
from tests.personas import Cast
from wpsdesk.api.models import ApiToken
from wpsdesk.audit.models import SecurityEvent


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_the_token_once_on_stdout_and_it_works(cast: Cast):
    out, err = run("create", "--user", "reader", "--name", "report", "--days", "10")
    text = out.strip()
    token = ApiToken.objects.get(owner=cast.reader)
    assert text.startswith(f"wpsd_{token.prefix}_")
    assert text not in err
    assert token.scopes == ["read"]
    assert (token.expires_at - token.created_at).days == 10
    assert bearer_client(text).get(reverse("api:me")).json()["username"] == "reader"


def test_create_with_both_scopes(cast: Cast):
    run("create", "--user", "reader", "--name", "sync", "--scope", "read", "--scope", "write")
    assert ApiToken.objects.get().scopes == ["read", "write"]


def test_create_is_audited_as_the_command_line(cast: Cast):
    run("create", "--user", "reader", "--name", "report")
    event = SecurityEvent.objects.get(kind="api_token.created")
    assert event.actor_id is None
    assert event.actor_label == "command line"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody", "--name", "x"], "No person"),
        (["--user", "reader", "--name", "x", "--days", "91"], "1 to 90"),
        (["--user", "reader", "--name", "x", "--days", "0"], "1 to 90"),
        (["--user", "reader", "--name", "  "], "name"),
    ],
)
def test_create_refuses_bad_requests_with_a_clear_message(cast: Cast, args, message):
    with pytest.raises(CommandError, match=message):
        run("create", *args)
    assert not ApiToken.objects.exists()


def test_list_shows_usable_tokens_without_secrets(cast: Cast, make_token: MakeToken):
    active, active_text = make_token(cast.officer, name="active one")
    expired, _ = make_token(cast.reader, name="expired one")
    expire(expired)
    out, _err = run("list")
    assert active.prefix in out
    assert "active one" in out
    assert expired.prefix not in out
    assert active_text not in out
    assert active.digest not in out
    out_all, _err = run("list", "--all")
    assert expired.prefix in out_all
    assert "expired" in out_all


def test_list_can_be_limited_to_one_person(cast: Cast, make_token: MakeToken):
    officers, _ = make_token(cast.officer)
    readers, _ = make_token(cast.reader)
    out, _err = run("list", "--user", "reader")
    assert readers.prefix in out
    assert officers.prefix not in out


def test_revoke_by_prefix_stops_the_token(cast: Cast, make_token: MakeToken):
    token, text = make_token(cast.officer)
    out, _err = run("revoke", token.prefix)
    assert "revoked" in out
    assert bearer_client(text).get(reverse("api:me")).status_code == 401
    event = SecurityEvent.objects.get(kind="api_token.revoked")
    assert event.actor_label == "command line"
    out, _err = run("revoke", token.prefix)
    assert "already" in out
    assert SecurityEvent.objects.filter(kind="api_token.revoked").count() == 1


def test_revoke_of_an_unknown_prefix_fails(cast: Cast):
    with pytest.raises(CommandError, match="No token"):
        run("revoke", "000000000000")
