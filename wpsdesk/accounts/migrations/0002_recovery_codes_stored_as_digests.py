"""Recovery codes stored in the clear become their keyed digests.

A digest is 16 hex characters; a code as django-otp stored it is 8 base32 characters, so
rows already turned into digests are left alone and the migration may run twice.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils.crypto import salted_hmac

# As wpsdesk.accounts.services.RECOVERY_CODE_SALT (copied: a migration must not change
# when the code it came from does).
SALT = "wpsdesk.accounts.recovery_code"
DIGEST_LENGTH = 16


def store_digests(apps: Any, schema_editor: Any) -> None:
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.all().iterator():
        if len(token.token) == DIGEST_LENGTH:
            continue
        code = token.token.replace("-", "").replace(" ", "").lower()
        token.token = salted_hmac(SALT, code, algorithm="sha256").hexdigest()[:DIGEST_LENGTH]
        token.save(update_fields=["token"])


def cannot_undo(apps: Any, schema_editor: Any) -> None:
    """A digest cannot be turned back into its code: going back keeps the digests, and the
    codes stop working until people make new ones on their security page."""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_credential_reset"), ("otp_static", "0003_add_timestamps")]

    operations = [migrations.RunPython(store_digests, cannot_undo)]
