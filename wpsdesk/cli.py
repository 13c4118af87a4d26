"""The ``wpsdesk`` command: Django's management commands under one entry point."""

from __future__ import annotations

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def load_settings() -> None:
    """Read the settings and set Django up; a bad setting ends the start with one line.

    Settings errors are meant for the operator, who needs the variable's name and what is
    wrong with it, not a traceback through Django's settings machinery.
    """
    import django
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading it imports and checks the settings
        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"wpsdesk cannot start: {exc}\n")
        raise SystemExit(2) from None


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``wpsdesk migrate`` or ``wpsdesk audit verify``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wpsdesk.settings")
    load_settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wpsdesk", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
