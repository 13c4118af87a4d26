"""System checks of our own: ``wpsdesk check --deploy`` fails in development mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def development_mode_is_off(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Development mode reads keys from a local file and allows demo data: never deploy it."""
    if not getattr(settings, "DEV_MODE", False):
        return []
    return [
        Error(
            "wpsdesk runs in development mode "
            "(WPSDESK_DEV, WPSDESK_DEBUG or a development keys file).",
            hint=(
                "Set WPSDESK_DEV=0, unset WPSDESK_DEBUG and set WPSDESK_SECRET_KEY, "
                "WPSDESK_AUDIT_KEY and WPSDESK_ENCRYPTION_KEYS to keys of your own."
            ),
            id="wpsdesk.E001",
        )
    ]


@register(Tags.staticfiles)
def logo_is_a_static_file(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The header shows WPSDESK_LOGO on every page; a logo that is not among the static files
    would break every page once the static files are collected with their manifest."""
    if finders.find(settings.WPSDESK_LOGO):
        return []
    return [
        Error(
            f"The logo {settings.WPSDESK_LOGO!r} (WPSDESK_LOGO) is not among the static files.",
            hint="Put the file in WPSDESK_THEME_DIR and name it here, e.g. ministry-logo.svg.",
            id="wpsdesk.E002",
        )
    ]
