"""Encryption at rest with a key ring of our own (never ``SECRET_KEY``).

``WPSDESK_ENCRYPTION_KEYS`` holds ``id:base64key`` pairs separated by commas; the first
key encrypts, every key decrypts, so keys can be rotated: put a new key first, run
``wpsdesk keys rotate``, then drop the old one. Values are AES-256-GCM with the key id in
the clear in front (``v1:<id>:<nonce+ciphertext, base64>``). Exact-name search goes
through a keyed hash (blind index) with a key derived from the ring's first key.

Without a valid ring the application refuses to start (checked in ``CoreConfig.ready``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1"


class DecryptionError(Exception):
    """A value could not be decrypted: unknown key id, or the value was altered."""


@dataclass(frozen=True)
class KeyRing:
    """Keys by id; ``current`` encrypts."""

    keys: dict[str, bytes]
    current: str

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.current]).encrypt(
            nonce, plaintext.encode(), self.current.encode()
        )
        return f"{PREFIX}:{self.current}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str) -> str:
        try:
            prefix, key_id, body = token.split(":", 2)
        except ValueError as exc:
            raise DecryptionError("not an encrypted value") from exc
        if prefix != PREFIX or key_id not in self.keys:
            raise DecryptionError(f"unknown key id {key_id!r}")
        try:
            raw = base64.b64decode(body, validate=True)
            plain = AESGCM(self.keys[key_id]).decrypt(raw[:12], raw[12:], key_id.encode())
        except (binascii.Error, InvalidTag, ValueError) as exc:
            raise DecryptionError("the value was altered or the key is wrong") from exc
        return plain.decode()

    def key_id_of(self, token: str) -> str | None:
        parts = token.split(":", 2)
        return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None

    def blind_index(self, value: str) -> str:
        """Keyed hash of a normalised value, for exact-match search without decrypting."""
        normal = " ".join(unicodedata.normalize("NFKC", value).casefold().split())
        index_key = hmac.new(
            self.keys[self.current], b"wpsdesk-blind-index", hashlib.sha256
        ).digest()
        return hmac.new(index_key, normal.encode(), hashlib.sha256).hexdigest()


def parse_key_ring(raw: str) -> KeyRing:
    """Parse ``id:base64key,…``; each key must be 32 bytes, ids unique."""
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep or not key_id.isalnum():
            raise ImproperlyConfigured("WPSDESK_ENCRYPTION_KEYS: each entry must be id:base64key.")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured(
                f"WPSDESK_ENCRYPTION_KEYS: key {key_id!r} is not base64."
            ) from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"WPSDESK_ENCRYPTION_KEYS: key {key_id!r} must be 32 bytes.")
        if key_id in keys:
            raise ImproperlyConfigured(f"WPSDESK_ENCRYPTION_KEYS: key id {key_id!r} appears twice.")
        keys[key_id] = key
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured("WPSDESK_ENCRYPTION_KEYS holds no key.")
    return KeyRing(keys=keys, current=order[0])


@lru_cache(maxsize=4)
def _ring_for(raw: str) -> KeyRing:
    return parse_key_ring(raw)


def key_ring() -> KeyRing:
    """The configured key ring."""
    return _ring_for(settings.ENCRYPTION_KEYS)


def new_key() -> str:
    """A fresh random key, base64, for ``WPSDESK_ENCRYPTION_KEYS``."""
    return base64.b64encode(os.urandom(32)).decode()
