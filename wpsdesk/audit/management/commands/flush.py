"""Django's ``flush``, which the append-only security log refuses unless settings allow it.

Test runs wipe the database between browser tests with ``flush``; there
``AUDIT_ALLOW_FLUSH`` is on and the triggers are lifted for the wipe. Everywhere else the
triggers stay and the security log cannot be emptied this way.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from wpsdesk.audit.triggers import triggers_lifted


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        if not getattr(settings, "AUDIT_ALLOW_FLUSH", False):
            super().handle(**options)
            return
        connection = connections[options["database"]]
        with triggers_lifted(connection):
            super().handle(**options)
