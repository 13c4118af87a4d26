from typing import Any

from django.apps import AppConfig


def _checkpoint_when_due(sender: Any, **kwargs: Any) -> None:
    from .checkpoints import checkpoint_when_due

    checkpoint_when_due()


class AuditConfig(AppConfig):
    name = "wpsdesk.audit"
    label = "audit"

    def ready(self) -> None:
        # No scheduler runs beside the web server: after a response has gone out, look
        # whether a timed checkpoint of the security log is due (cheap when it is not).
        from django.core.signals import request_finished

        request_finished.connect(_checkpoint_when_due, dispatch_uid="audit-checkpoint-when-due")
