"""Keys from the environment, never from the repository.

Production takes its keys only from environment variables and refuses a missing key, one
shorter than 32 bytes, and any value that was ever public in this repository (a default or
an example: only their SHA-256 digests are kept here). On a developer's machine ``make
install`` writes random keys, once, to an ignored file (``var/dev-keys.env``) that the
settings read. The file also switches development mode on (``WPSDESK_DEV=1`` in it), so
``.venv/bin/wpsdesk …`` works in a new shell; ``WPSDESK_DEV=0`` in the environment turns
it off again, and a production host has no such file.

Standard library only: the Makefile runs ``python -m wpsdesk.core.keyconfig FILE`` before
anything else is installed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
import sys
from pathlib import Path

MIN_KEY_BYTES = 32

# SHA-256 of every key value that was ever a default or an example in this repository's
# history (settings' development defaults, the deploy check's test values, the encryption
# key's base64 text and its raw bytes). They are public; no deployment may use them.
PUBLIC_KEY_DIGESTS = frozenset(
    {
        "4d063bd385e62b5abf680c6e3e519607402991e013b85ef2de7ab6bb8c1fed7a",
        "0212652f70459b0532502f6a6966f045861907b2d8e89a687afbf2014c9f7a45",
        "1104f58e62426f40f1310ad8b87dceec8b00e0d8ce56b72f88306236256717e5",
        "1bc713d44a716bef695176b42e11a333f067570e46abe78416c5e51884b26049",
        "e9331fed98d735e711f73a48dfbe20807eb7edcab10e1c113f7e883ef30c1910",
        "67b894fd462c9c61df6dfc1afbd0f19cf487bc2aea3198cb415c3490e662e27e",
        "fe02e4273ca7a4f6a219c572bf82f8f441bcc64be845ec8dab7bfea723d13f79",
        "b17ef2db6264090f05301e7d4dc70638896f72fa771f6998dae865804e60d908",
    }
)

# The variables a development keys file holds.
DEV_KEY_NAMES = ("WPSDESK_SECRET_KEY", "WPSDESK_AUDIT_KEY", "WPSDESK_ENCRYPTION_KEYS")


def _digest(value: bytes) -> str:
    return hashlib.sha256(value).hexdigest()


def is_public(value: str | bytes) -> bool:
    """Whether this value was ever published in the repository."""
    raw = value.encode() if isinstance(value, str) else value
    return _digest(raw) in PUBLIC_KEY_DIGESTS


def _ring_entries(value: str) -> list[tuple[str, bytes | None]]:
    """The (base64 text, raw key or None) of every ``id:base64key`` in a key ring."""
    entries: list[tuple[str, bytes | None]] = []
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        encoded = entry.partition(":")[2]
        try:
            entries.append((encoded, base64.b64decode(encoded, validate=True)))
        except (binascii.Error, ValueError):
            entries.append((encoded, None))
    return entries


def production_key_problem(name: str, value: str, local_values: set[str]) -> str | None:
    """Why a key may not be used in production, in one line; None if it may.

    ``local_values`` are the values of the development keys file on this machine, if any.
    """
    if value in local_values:
        return f"{name} holds a development key from the local keys file; set a key of your own."
    if name == "WPSDESK_ENCRYPTION_KEYS":
        for encoded, raw in _ring_entries(value):
            if is_public(value) or is_public(encoded) or (raw is not None and is_public(raw)):
                return f"{name} holds a key published in wpsdesk's repository; make a new one."
            if raw is not None and len(raw) < MIN_KEY_BYTES:
                return f"{name}: every key must be {MIN_KEY_BYTES} bytes."
        return None
    if is_public(value):
        return f"{name} is a value published in wpsdesk's repository; set a key of your own."
    if len(value.encode()) < MIN_KEY_BYTES:
        return f"{name} is too short: a key needs at least {MIN_KEY_BYTES} bytes."
    return None


def read_env_file(path: Path) -> dict[str, str]:
    """``NAME=value`` lines of a keys file; a missing file is empty."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def new_dev_keys() -> dict[str, str]:
    """Fresh random development keys."""
    return {
        "WPSDESK_SECRET_KEY": secrets.token_urlsafe(50),
        "WPSDESK_AUDIT_KEY": secrets.token_urlsafe(48),
        "WPSDESK_ENCRYPTION_KEYS": "local1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    }


def write_dev_keys(path: Path) -> bool:
    """Write random development keys to ``path`` unless it exists; True if written.

    Written once: the local database's encrypted fields and security log depend on them.
    """
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Random keys for this checkout, and development mode on (WPSDESK_DEV=0 in the",
        "# environment turns it off). Written once by `make install`; never commit them,",
        "# never copy this file or its keys to a server.",
        "WPSDESK_DEV=1",
        *(f"{name}={value}" for name, value in new_dev_keys().items()),
    ]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return True


def main(argv: list[str]) -> int:
    """``python -m wpsdesk.core.keyconfig FILE``: write development keys once."""
    if len(argv) != 1:
        print("usage: python -m wpsdesk.core.keyconfig FILE", file=sys.stderr)
        return 2
    path = Path(argv[0])
    if write_dev_keys(path):
        print(f"Development keys written to {path} (kept out of git).")
        database = path.parent / "wpsdesk.sqlite3"
        if database.exists():
            print(
                f"{database} was made with other keys: remove it and run `make run` again.",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
