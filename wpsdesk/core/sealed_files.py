"""Files sealed with the key ring and kept under random names outside the web root.

A stored file is sealed with AES-256-GCM using the application's key ring (never
``SECRET_KEY``) and saved through Django's default storage under
``<directory>/<random hex>``: no extension, no original name, nothing a web server could
serve as a page. Callers keep the original name on their own rows.
"""

from __future__ import annotations

import os
import secrets
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wpsdesk.core.crypto import DecryptionError, key_ring

MAGIC = b"WPSF1"


def clean_name(raw: str) -> str:
    """The base name only, without control characters or path tricks, at most 150 characters."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem, ext = os.path.splitext(name)
    return (stem[: 150 - len(ext)] + ext.lower()) or "file"


def seal(data: bytes) -> bytes:
    """The bytes encrypted under the current key, with the key id bound in."""
    ring = key_ring()
    key_id = ring.current.encode()
    nonce = os.urandom(12)
    sealed = AESGCM(ring.keys[ring.current]).encrypt(nonce, data, key_id)
    return MAGIC + bytes([len(key_id)]) + key_id + nonce + sealed


def unseal(blob: bytes) -> bytes:
    """The plain bytes of a sealed blob; :class:`DecryptionError` if altered or unknown."""
    if not blob.startswith(MAGIC):
        raise DecryptionError("not a sealed file")
    length = blob[len(MAGIC)]
    start = len(MAGIC) + 1
    key_id = blob[start : start + length]
    nonce = blob[start + length : start + length + 12]
    ring = key_ring()
    key = ring.keys.get(key_id.decode(errors="replace"))
    if key is None:
        raise DecryptionError("unknown key id")
    try:
        return AESGCM(key).decrypt(nonce, blob[start + length + 12 :], key_id)
    except InvalidTag as exc:
        raise DecryptionError("the file was altered or the key is wrong") from exc


def store(data: bytes, directory: str) -> str:
    """Seal and save under ``directory``; return the storage key (a random name)."""
    key = f"{directory}/{secrets.token_hex(20)}"
    return default_storage.save(key, ContentFile(seal(data)))


def load(key: str) -> bytes:
    """The plain bytes of a stored file."""
    with default_storage.open(key, "rb") as handle:
        return unseal(handle.read())


def discard(key: str) -> None:
    """Delete a stored file if it is there."""
    if key and default_storage.exists(key):
        default_storage.delete(key)
