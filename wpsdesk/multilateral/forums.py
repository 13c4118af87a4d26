"""The forums every installation starts with (seeded by migration ``0001``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

#: (code, name, short name), in the order the pages list them.
FORUMS: list[tuple[str, str, str]] = [
    ("unsc", "UN Security Council", "UNSC"),
    ("unga", "UN General Assembly", "UNGA"),
    ("hrc", "Human Rights Council", "HRC"),
    ("csw", "Commission on the Status of Women", "CSW"),
    ("nato", "NATO", "NATO"),
    ("osce", "Organization for Security and Co-operation in Europe", "OSCE"),
    ("eu", "European Union", "EU"),
    ("coe", "Council of Europe", "CoE"),
    ("au", "African Union", "AU"),
    ("asean", "Association of Southeast Asian Nations", "ASEAN"),
]


#: The seeded forums' names in the person's language (a forum added later shows its name).
LABELS = {
    "unsc": _("UN Security Council"),
    "unga": _("UN General Assembly"),
    "hrc": _("Human Rights Council"),
    "csw": _("Commission on the Status of Women"),
    "nato": _("NATO"),
    "osce": _("Organization for Security and Co-operation in Europe"),
    "eu": _("European Union"),
    "coe": _("Council of Europe"),
    "au": _("African Union"),
    "asean": _("Association of Southeast Asian Nations"),
}


def forums_seed(apps: Any, schema_editor: Any) -> None:
    """Add the forums that are missing (idempotent; names already there are kept)."""
    Forum = apps.get_model("multilateral", "Forum")
    for position, (code, name, short) in enumerate(FORUMS):
        Forum.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short, "position": position}
        )


def forums_unseed(apps: Any, schema_editor: Any) -> None:
    """Nothing to undo: the tables go with the migration."""


def ensure_forums() -> None:
    """Seed the forums now (a test database flushed between tests has lost them)."""
    from django.apps import apps

    forums_seed(apps, None)
