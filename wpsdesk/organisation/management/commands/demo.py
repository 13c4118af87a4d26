"""``wpsdesk demo load`` and ``wpsdesk demo code USERNAME``."""

from __future__ import annotations

import base64
import importlib
from argparse import ArgumentParser
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule

from wpsdesk.organisation.demo import DEMO_PASSWORD, PEOPLE, current_code, demo_totp_key, load_demo


def load_app_demos() -> list[str]:
    """Each wpsdesk app may have a ``demo`` module with ``load_demo() -> str``; run them in
    app order (organisation first, so units and people exist) and collect their summaries."""
    lines: list[str] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("wpsdesk.") or config.label == "organisation":
            continue
        if module_has_submodule(config.module, "demo"):
            module = importlib.import_module(f"{config.name}.demo")
            lines.append(module.load_demo())
    return lines


class Command(BaseCommand):
    help = (
        "Load the fictional demo organisation (idempotent), or print a demo person's current code."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["load", "code"])
        parser.add_argument("username", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo people share a published password and second-factor secret, and the
        # demo includes an administrator: never in a deployment.
        if not getattr(settings, "DEV_MODE", False):
            raise CommandError(
                "Demo data is for development only: set WPSDESK_DEV=1 on a machine of your own."
            )
        if options["action"] == "code":
            if not options["username"]:
                raise CommandError("Say whose code: wpsdesk demo code bogota.lead")
            try:
                self.stdout.write(current_code(options["username"]))
            except Exception as exc:
                raise CommandError(
                    f"No demo person {options['username']!r} with a second factor."
                ) from exc
            return
        units, people = load_demo()
        extra = load_app_demos()
        secret = base64.b32encode(bytes.fromhex(demo_totp_key())).decode()
        self.stdout.write(
            f"Demo organisation: {units} units and {people} people created (existing ones kept)."
        )
        for line in extra:
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(
            "Demo log-ins (fictional people), all with the password " + DEMO_PASSWORD + ":"
        )
        for person in PEOPLE:
            self.stdout.write(f"  {person.username:<16} {person.description}")
        self.stdout.write("")
        self.stdout.write(
            "Second factor: add the secret "
            + secret
            + " to an authenticator app (TOTP, 30 s, 6 digits),"
        )
        self.stdout.write(
            "or print the current code with:  .venv/bin/wpsdesk demo code bogota.lead"
        )
