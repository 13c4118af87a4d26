from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wpsdesk.core"
    label = "core"

    def ready(self) -> None:
        # Refuse to start without a valid key ring: encrypted data must never be written
        # with a missing or malformed key.
        from . import checks  # noqa: F401 - registers the system checks
        from .crypto import key_ring

        key_ring()
