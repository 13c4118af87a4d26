"""``wpsdesk token``: create, list and revoke personal API tokens from the command line.

    wpsdesk token create --user alice --name "annual report script" --scope read --days 30
    wpsdesk token list [--user alice] [--all]
    wpsdesk token revoke <prefix>

The new token is printed once and stored nowhere. Creation and revocation are written to
the security log with the actor "command line".
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wpsdesk.api.models import ApiToken, Scope
from wpsdesk.api.services import api_token_create, api_token_revoke, max_days
from wpsdesk.organisation.models import User

ACTOR_LABEL = "command line"


class Command(BaseCommand):
    help = "Create, list and revoke API tokens. A new token is printed once and never again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token and print it once.")
        create.add_argument("--user", required=True, help="The owner's username.")
        create.add_argument("--name", required=True, help="What the token is for.")
        create.add_argument(
            "--scope",
            action="append",
            choices=Scope.values,
            help="read and/or write; repeat for both (default: read).",
        )
        create.add_argument(
            "--days",
            type=int,
            default=30,
            help="Days until it expires, 1 to WPSDESK_API_TOKEN_MAX_DAYS (90; default 30).",
        )
        listing = actions.add_parser("list", help="List tokens (never their secrets).")
        listing.add_argument("--user", help="Only this person's tokens.")
        listing.add_argument(
            "--all", action="store_true", help="Include expired and revoked tokens."
        )
        revoke = actions.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix", help="The part after 'wpsd_' and before the next '_'.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "list":
            self._list(options)
        else:
            self._revoke(options)

    def _create(self, options: dict[str, Any]) -> None:
        owner = User.objects.filter(username=options["user"]).first()
        if owner is None:
            raise CommandError(f"No person with the username {options['user']!r}.")
        days = options["days"]
        if not 1 <= days <= max_days():
            raise CommandError(f"--days must be from 1 to {max_days()}.")
        try:
            token, text = api_token_create(
                owner=owner,
                name=options["name"],
                scopes=options["scope"] or [Scope.READ],
                lifetime=dt.timedelta(days=days),
                actor_label=ACTOR_LABEL,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(
            f"Token {token.prefix} for {owner.username} ({', '.join(token.scopes)}), "
            f"expires {token.expires_at:%Y-%m-%d %H:%M %Z}. It is shown this once:"
        )
        self.stdout.write(text)

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("owner").order_by("owner__username", "-created_at")
        if options["user"]:
            tokens = tokens.filter(owner__username=options["user"])
        if not options["all"]:
            tokens = tokens.usable()
        for token in tokens:
            status = "revoked" if token.is_revoked else "expired" if token.is_expired else "active"
            last_used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.prefix}\t{token.owner.username}\t{','.join(token.scopes)}\t{status}\t"
                f"expires {token.expires_at:%Y-%m-%d %H:%M}\tlast used {last_used}\t{token.name}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError(f"No token with the prefix {options['prefix']!r}.")
        if api_token_revoke(token=token, actor_label=ACTOR_LABEL):
            self.stdout.write(f"Token {token.prefix} is revoked.")
        else:
            self.stdout.write(f"Token {token.prefix} was revoked already.")
