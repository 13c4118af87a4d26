"""System checks of our own: ``wpsdesk check --deploy`` fails in development mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
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
