"""Helpers for the API tests: tokens for the cast, and clients that present them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from tests.personas import Cast
from wpsdesk.api.models import ApiToken
from wpsdesk.api.services import api_token_create
from wpsdesk.organisation.models import User

MakeToken = Callable[..., tuple[ApiToken, str]]


def bearer_client(token_text: str) -> Client:
    """A client without a session that sends ``Authorization: Bearer <token_text>``."""
    return Client(headers={"Authorization": f"Bearer {token_text}"})


@pytest.fixture
def make_token(cast: Cast) -> MakeToken:
    """Make a token: ``make_token(owner, scopes=("read",), days=30)`` → (token, its text)."""

    def make(
        owner: User | None = None,
        *,
        scopes: tuple[str, ...] = ("read",),
        days: int = 30,
        name: str = "test script",
    ) -> tuple[ApiToken, str]:
        return api_token_create(
            owner=owner or cast.officer,
            name=name,
            scopes=scopes,
            lifetime=dt.timedelta(days=days),
            actor=owner or cast.officer,
        )

    return make


@pytest.fixture
def officer_token(make_token: MakeToken) -> str:
    """The officer's read token, as text."""
    return make_token()[1]


def expire(token: ApiToken) -> None:
    """Move the token's expiry into the past, as if its time had run out."""
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - dt.timedelta(days=31),
        expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
