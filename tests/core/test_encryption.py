"""The key ring: values sealed at rest, tampering found, keys rotated, bad rings refused."""

from __future__ import annotations

import base64
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.personas import Cast
from tests.policyapp.models import Note
from wpsdesk.core.crypto import DecryptionError, key_ring, new_key, parse_key_ring

CANARY = "Canary-Name-7f3a9c"


def raw_column(note: Note) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT source_name FROM policyapp_note WHERE id = %s", [note.pk])
        return cursor.fetchone()[0]


def test_an_encrypted_field_never_holds_the_plain_value(cast: Cast) -> None:
    note = Note.objects.create(unit=cast.bogota, title="t", source_name=CANARY)
    stored = raw_column(note)
    assert CANARY not in stored
    assert stored.startswith("v1:")
    assert Note.objects.get(pk=note.pk).source_name == CANARY


def test_the_same_value_encrypts_differently_each_time() -> None:
    ring = key_ring()
    assert ring.encrypt(CANARY) != ring.encrypt(CANARY)


def test_an_altered_value_is_refused() -> None:
    ring = key_ring()
    token = ring.encrypt(CANARY)
    prefix, key_id, body = token.split(":", 2)
    raw = bytearray(base64.b64decode(body))
    raw[-1] ^= 1
    with pytest.raises(DecryptionError):
        ring.decrypt(f"{prefix}:{key_id}:{base64.b64encode(bytes(raw)).decode()}")


def test_rotation_re_encrypts_with_the_new_first_key(cast: Cast, settings) -> None:
    note = Note.objects.create(unit=cast.bogota, title="t", source_name=CANARY)
    old = settings.ENCRYPTION_KEYS
    with override_settings(ENCRYPTION_KEYS=f"new1:{new_key()},{old}"):
        out = StringIO()
        call_command("keys", "rotate", stdout=out)
        assert "new1" in out.getvalue()
        assert raw_column(note).startswith("v1:new1:")
        assert Note.objects.get(pk=note.pk).source_name == CANARY


@pytest.mark.parametrize(
    "raw",
    ["", "nokey", "k1:not-base64!", f"k1:{base64.b64encode(b'short').decode()}", "k1:{k},k1:{k}"],
)
def test_a_malformed_key_ring_is_refused(raw: str) -> None:
    raw = raw.replace("{k}", new_key())
    with pytest.raises(ImproperlyConfigured):
        parse_key_ring(raw)


def test_blind_index_matches_the_same_name_written_differently() -> None:
    ring = key_ring()
    assert ring.blind_index("Ada  Example") == ring.blind_index("ada example")
    assert ring.blind_index("Ada Example") != ring.blind_index("Ada Exemple")
    assert "ada" not in ring.blind_index("Ada Example")
