"""Making and revoking tokens: the text is shown once, stored nowhere, and both are audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from tests.api.conftest import MakeToken
from tests.personas import Cast
from wpsdesk.api import tokens
from wpsdesk.api.models import ApiToken
from wpsdesk.api.services import api_token_create, api_token_revoke
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.audit.services import verify_chain


def every_stored_value() -> str:
    """Every value in every table of the database, as one string."""
    values: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            values.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(values)


def test_a_new_token_has_the_documented_shape(cast: Cast, make_token: MakeToken):
    token, text = make_token()
    kind, prefix, secret = text.split("_")
    assert kind == "wpsd"
    assert prefix == token.prefix
    assert len(prefix) == 12
    assert len(secret) == 43
    assert secret.isalnum()


def test_the_secret_is_stored_nowhere_only_its_digest(cast: Cast, make_token: MakeToken):
    token, text = make_token()
    secret = text.rsplit("_", 1)[1]
    stored_row = repr(ApiToken.objects.filter(pk=token.pk).values_list().get())
    assert secret not in stored_row
    assert token.digest == tokens.digest_of(text)
    everything = every_stored_value()
    assert token.digest in everything  # the search does reach the token table
    assert secret not in everything
    assert text not in everything


def test_two_tokens_never_share_prefix_or_secret(cast: Cast, make_token: MakeToken):
    texts = {make_token(name=f"token {n}")[1] for n in range(20)}
    assert len(texts) == 20
    assert len({text.split("_")[1] for text in texts}) == 20


def test_creating_a_token_is_audited_without_the_secret(cast: Cast, make_token: MakeToken):
    token, text = make_token(scopes=("read", "write"))
    event = SecurityEvent.objects.get(kind="api_token.created")
    assert event.actor_id == cast.officer.pk
    assert event.target_type == "api.apitoken"
    assert event.target_id == str(token.pk)
    assert event.details == {
        "prefix": token.prefix,
        "owner": cast.officer.pk,
        "scopes": ["read", "write"],
        "expires_at": token.expires_at.isoformat(),
    }
    assert text.rsplit("_", 1)[1] not in repr(event.__dict__)
    assert not list(verify_chain())


def test_revoking_a_token_is_audited_once(cast: Cast, make_token: MakeToken):
    token, _text = make_token()
    assert api_token_revoke(token=token, actor=cast.officer) is True
    assert api_token_revoke(token=token, actor=cast.officer) is False
    events = SecurityEvent.objects.filter(kind="api_token.revoked")
    assert events.count() == 1
    assert events.get().details["prefix"] == token.prefix
    token.refresh_from_db()
    assert token.is_revoked


def test_a_person_cannot_revoke_another_persons_token(cast: Cast, make_token: MakeToken):
    token, _text = make_token()
    assert token.owner_id != cast.reader.pk
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=cast.reader)
    token.refresh_from_db()
    assert not token.is_revoked
    assert not SecurityEvent.objects.filter(kind="api_token.revoked").exists()


def test_an_administrator_or_the_system_may_revoke_any_token(cast: Cast, make_token: MakeToken):
    first, _text = make_token()
    second, _text = make_token()
    assert api_token_revoke(token=first, actor=cast.admin) is True
    assert api_token_revoke(token=second, actor=None, actor_label="system") is True


def test_a_token_expires_after_30_days_unless_told_otherwise(cast: Cast):
    token, _text = api_token_create(owner=cast.officer, name="default", scopes=["read"])
    lifetime = token.expires_at - token.created_at
    assert lifetime == dt.timedelta(days=30)


def test_a_token_may_live_90_days_but_not_longer(cast: Cast):
    now = timezone.now()
    api_token_create(
        owner=cast.officer, name="a season", scopes=["read"], expires_at=now + dt.timedelta(days=90)
    )
    for days in (91, 365):
        with pytest.raises(ValidationError) as refused:
            api_token_create(
                owner=cast.officer,
                name="too long",
                scopes=["read"],
                expires_at=now + dt.timedelta(days=days),
            )
        assert refused.value.code == "expiry_too_far"


def test_an_operator_can_set_a_shorter_limit(cast: Cast, settings):
    settings.API_TOKEN_MAX_DAYS = 7
    week = dt.timedelta(days=7)
    api_token_create(owner=cast.officer, name="a week", scopes=["read"], lifetime=week)
    with pytest.raises(ValidationError) as refused:
        api_token_create(
            owner=cast.officer, name="eight", scopes=["read"], lifetime=dt.timedelta(days=8)
        )
    assert refused.value.code == "expiry_too_far"
    token, _text = api_token_create(owner=cast.officer, name="default", scopes=["read"])
    assert token.expires_at - token.created_at == dt.timedelta(days=7)


def test_a_token_cannot_expire_in_the_past(cast: Cast):
    with pytest.raises(ValidationError) as refused:
        api_token_create(
            owner=cast.officer,
            name="late",
            scopes=["read"],
            expires_at=timezone.now() - dt.timedelta(minutes=1),
        )
    assert refused.value.code == "expiry_past"


@pytest.mark.parametrize(
    ("scopes", "code"),
    [([], "no_scope"), (["admin"], "unknown_scope"), (["read", "x"], "unknown_scope")],
)
def test_scopes_are_read_or_write_and_at_least_one(cast: Cast, scopes, code):
    with pytest.raises(ValidationError) as refused:
        api_token_create(owner=cast.officer, name="scoped", scopes=scopes)
    assert refused.value.code == code


def test_scopes_are_stored_in_a_fixed_order_without_repeats(cast: Cast):
    token, _text = api_token_create(
        owner=cast.officer, name="both", scopes=["write", "read", "write"]
    )
    assert token.scopes == ["read", "write"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_sensible_name(cast: Cast, name):
    with pytest.raises(ValidationError):
        api_token_create(owner=cast.officer, name=name, scopes=["read"])


def test_no_token_is_made_for_a_person_who_is_not_active(cast: Cast):
    cast.officer.is_active = False
    cast.officer.save()
    with pytest.raises(ValidationError):
        api_token_create(owner=cast.officer, name="ghost", scopes=["read"])
    assert not ApiToken.objects.exists()


def test_a_refused_token_leaves_no_audit_event(cast: Cast):
    with pytest.raises(ValidationError):
        api_token_create(owner=cast.officer, name="", scopes=["read"])
    assert not SecurityEvent.objects.filter(kind="api_token.created").exists()


def test_parsing_accepts_only_our_exact_shape():
    prefix = tokens.new_prefix()
    text = tokens.new_token_text(prefix)
    assert tokens.parse(text) == tokens.PresentedToken(prefix=prefix, text=text)
    assert tokens.parse(text + "\n") is None
    assert tokens.parse(" " + text) is None
    assert tokens.parse(text.upper()) is None


def test_a_presented_token_never_shows_its_secret_when_printed():
    text = tokens.new_token_text(tokens.new_prefix())
    presented = tokens.parse(text)
    assert text not in repr(presented)
    assert text not in str(presented)


def test_digest_comparison_needs_a_stored_digest():
    presented = tokens.parse(tokens.new_token_text(tokens.new_prefix()))
    assert presented is not None
    assert tokens.digest_matches(presented, tokens.digest_of(presented.text))
    assert not tokens.digest_matches(presented, None)
    assert not tokens.digest_matches(presented, "0" * 64)


def test_disabling_a_person_revokes_their_tokens_for_good(cast: Cast, make_token: MakeToken):
    token, _text = make_token(cast.officer)
    others, _ = make_token(cast.reader)
    cast.officer.is_active = False
    cast.officer.save()
    token.refresh_from_db()
    assert token.is_revoked
    event = SecurityEvent.objects.get(kind="api_token.revoked")
    assert event.details["reason"] == "person_disabled"
    cast.officer.is_active = True
    cast.officer.save()
    token.refresh_from_db()
    assert token.is_revoked
    others.refresh_from_db()
    assert not others.is_revoked


def test_saving_an_active_person_revokes_nothing(cast: Cast, make_token: MakeToken):
    token, _text = make_token(cast.officer)
    cast.officer.first_name = "Renamed"
    cast.officer.save()
    token.refresh_from_db()
    assert not token.is_revoked
