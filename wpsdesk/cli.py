"""The ``wpsdesk`` command: Django's management commands under one entry point."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``wpsdesk migrate`` or ``wpsdesk audit verify``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wpsdesk.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wpsdesk", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
