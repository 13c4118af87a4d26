from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wpsdesk.api"
    label = "api"

    def ready(self) -> None:
        from . import (  # noqa: F401 - registers schema extensions and signal receivers
            schema,
            signals,
        )
