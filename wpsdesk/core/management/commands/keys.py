"""``wpsdesk keys new`` prints a fresh key; ``wpsdesk keys rotate`` re-encrypts every
encrypted field with the ring's first key."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from wpsdesk.core.crypto import key_ring, new_key
from wpsdesk.core.fields import encrypted_fields


class Command(BaseCommand):
    help = (
        "Manage the encryption key ring: 'new' prints a key, "
        "'rotate' re-encrypts with the first key."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["new", "rotate"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "new":
            self.stdout.write(new_key())
            return
        ring = key_ring()
        total = 0
        for model in apps.get_models():
            names = encrypted_fields(model)
            if not names:
                continue
            with transaction.atomic():
                for row in model._default_manager.select_for_update().only("pk", *names).iterator():
                    # Reading decrypts with the key that sealed it; saving seals with the first key.
                    row.save(update_fields=names)
                    total += 1
        self.stdout.write(f"Re-encrypted {total} records with key {ring.current!r}.")
