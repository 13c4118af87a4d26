"""Helpers for the log-in tests: codes from a person's authenticator app, log entries."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation.models import User


def code_for(user: User, *, steps_ahead: int = 0) -> str:
    """The code the person's authenticator app shows now (or ``steps_ahead`` × 30 s later).

    A code is accepted once; a second verification in the same half-minute needs the next
    step's code, which the one-step tolerance still accepts.
    """
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def events(kind: str | None = None) -> list[SecurityEvent]:
    """Security-log entries, oldest first, optionally of one kind."""
    rows = SecurityEvent.objects.order_by("sequence")
    return list(rows.filter(kind=kind) if kind else rows)


def kinds() -> list[str]:
    return [event.kind for event in events()]


def log_in_with_password(client: Client, user: User, password: str = PASSWORD) -> Any:
    """Step one of the log-in through the real form."""
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})


def fail_password(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(reverse("accounts:login"), {"username": username, "password": "wrong password"})


@pytest.fixture
def no_throttle(settings: Any) -> None:
    """Turn off django-otp's growing delay after a wrong code (for tests about lockout)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
