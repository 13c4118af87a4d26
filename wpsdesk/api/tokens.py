"""The token format: making, reading and digesting ``wpsd_<prefix>_<secret>``.

The prefix is public (it names the token in lists and logs and finds its row); the secret
is 43 random letters and digits (about 256 bits), so a plain SHA-256 digest is enough to
store: there is nothing to guess that a slow hash would protect.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import string
from dataclasses import dataclass

TOKEN_KIND = "wpsd"  # noqa: S105 - the public marker of our tokens, not a secret
PREFIX_LENGTH = 12
SECRET_LENGTH = 43
_SECRET_ALPHABET = string.ascii_letters + string.digits
_TOKEN = re.compile(
    rf"\A{TOKEN_KIND}_(?P<prefix>[0-9a-f]{{{PREFIX_LENGTH}}})_[A-Za-z0-9]{{{SECRET_LENGTH}}}\Z"
)
# Compared against when no token has the presented prefix, so that an unknown prefix
# costs the same work as a known one.
_NO_SUCH_DIGEST = "0" * 64


@dataclass(frozen=True)
class PresentedToken:
    """A well-formed token as presented by a client: its public prefix and the whole text."""

    prefix: str
    text: str

    def __repr__(self) -> str:  # never print the secret, not even in a traceback
        return f"PresentedToken(prefix={self.prefix!r})"


def new_prefix() -> str:
    """A fresh public prefix (lower-case hex)."""
    return secrets.token_hex(PREFIX_LENGTH // 2)


def new_token_text(prefix: str) -> str:
    """A full token for ``prefix`` with a fresh secret."""
    secret = "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
    return f"{TOKEN_KIND}_{prefix}_{secret}"


def digest_of(token_text: str) -> str:
    """The SHA-256 hex digest stored in place of the token."""
    return hashlib.sha256(token_text.encode("ascii")).hexdigest()


def parse(raw: str) -> PresentedToken | None:
    """Read a presented token; None unless it has exactly our shape."""
    match = _TOKEN.match(raw)
    if match is None:
        return None
    return PresentedToken(prefix=match["prefix"], text=raw)


def digest_matches(presented: PresentedToken, stored_digest: str | None) -> bool:
    """Compare the presented token with a stored digest in constant time."""
    expected = stored_digest if stored_digest is not None else _NO_SUCH_DIGEST
    matches = hmac.compare_digest(digest_of(presented.text), expected)
    return matches and stored_digest is not None
