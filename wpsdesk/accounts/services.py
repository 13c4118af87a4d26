"""The second factor: enrolment, verification and recovery codes.

Every write with consequences is here, with its security-log entry in the same
transaction. Views call these; so could a command.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wpsdesk.accounts.forms import TOTP_PATTERN
from wpsdesk.audit.services import record_event

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
ISSUER = "wpsdesk"


@dataclass(frozen=True)
class Enrolment:
    """What a person needs to add wpsdesk to their authenticator app."""

    device: TOTPDevice
    secret: str  # base32, as authenticator apps expect it when typed in
    qr_data_uri: str  # an SVG QR code of the otpauth:// address


def confirmed_totp_device(user: Any) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user: Any) -> bool:
    """Whether the person has set up an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: Any) -> int:
    """How many unused recovery codes the person has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# The salt of the keyed digest recovery codes are stored as; changing it ends every code.
RECOVERY_CODE_SALT = "wpsdesk.accounts.recovery_code"


def recovery_code_digest(code: str) -> str:
    """What is stored for a recovery code: a keyed digest, never the code itself.

    A code has about 40 bits, few enough to try every one against a plain hash; keyed with
    the secret key, which is not in the database, a copy of the database gives nothing to
    try them against. Sixteen hex characters fit django-otp's token column.
    """
    return salted_hmac(RECOVERY_CODE_SALT, code, algorithm="sha256").hexdigest()[:16]


def format_recovery_code(token: str) -> str:
    """``abcd2345`` reads as ``abcd-2345``."""
    return f"{token[:4]}-{token[4:]}"


def enrolment_start(*, user: Any) -> Enrolment:
    """The pending authenticator app of a person who has none yet (made on first call).

    Reloading the page shows the same secret, so a half-finished set-up can be finished.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    qr = segno.make(otpauth_uri(device=device, secret=secret), error="m")
    return Enrolment(device=device, secret=secret, qr_data_uri=qr.svg_data_uri(scale=5, border=2))


def otpauth_uri(*, device: TOTPDevice, secret: str) -> str:
    """The ``otpauth://`` address authenticator apps read from the QR code."""
    label = quote(f"{ISSUER}:{device.user.get_username()}")
    params = urlencode(
        {
            "secret": secret,
            "issuer": ISSUER,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{params}"


@transaction.atomic
def enrolment_confirm(*, user: Any, code: str, ip_address: str = "") -> TOTPDevice | None:
    """Confirm the pending authenticator app with a code from it; None if the code is wrong."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None or not TOTP_PATTERN.match(code) or not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Only one authenticator app: drop any other pending ones.
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    record_event(
        kind="second_factor.enrolled",
        actor=user,
        ip_address=ip_address,
        target=device,
        details={"device": "totp"},
    )
    return device


@transaction.atomic
def recovery_codes_generate(*, user: Any, ip_address: str = "") -> list[str]:
    """Replace the person's recovery codes with ten new ones, and return them once.

    Only their digests are kept, so they cannot be shown again. The old codes stop working
    at once. The device itself is kept, so a session verified
    with a recovery code stays verified.
    """
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    elif not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_digest(code)) for code in codes
    )
    record_event(
        kind="recovery_codes.generated",
        actor=user,
        ip_address=ip_address,
        target=device,
        details={"count": RECOVERY_CODE_COUNT},
    )
    return sorted(format_recovery_code(code) for code in codes)


@dataclass(frozen=True)
class Verified:
    """Which device accepted a code, and by which method."""

    device: TOTPDevice | StaticDevice
    method: str  # "totp" or "recovery_code"


def second_factor_wait_seconds(*, user: Any, code: str) -> int:
    """Seconds before the device that would check ``code`` accepts another try (0: now).

    After a wrong code django-otp makes the next try wait 1, 2, 4… seconds; a code sent
    sooner is not checked at all, so the person should be told to wait, not that it failed.
    """
    model = TOTPDevice if TOTP_PATTERN.match(code) else StaticDevice
    longest = 0
    for device in model.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            seconds = math.ceil((data["locked_until"] - timezone.now()).total_seconds())
            longest = max(longest, seconds)
    return longest


@transaction.atomic
def second_factor_verify(*, user: Any, code: str) -> Verified | None:
    """Check a code against the person's authenticator app or recovery codes.

    A TOTP code is refused if it was already used (replay) or if the device is throttled
    after recent failures; a recovery code is compared by its digest and consumed when it is
    accepted.
    """
    if TOTP_PATTERN.match(code):
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return Verified(device=device, method="totp")
        return None
    digest = recovery_code_digest(code)
    for static in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
        # django-otp looks the token up as given and deletes it when it matches: given the
        # digest, it finds the stored digest and the code is used up as before.
        if static.verify_token(digest):
            return Verified(device=static, method="recovery_code")
    return None


def totp_reauthenticate(*, user: Any, code: str) -> bool:
    """Re-authentication for a sensitive action: a current code from the authenticator app."""
    if not TOTP_PATTERN.match(code):
        return False
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        return device is not None and bool(device.verify_token(code))
