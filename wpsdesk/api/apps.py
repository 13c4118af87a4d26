from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wpsdesk.api"
    label = "api"

    def ready(self) -> None:
        from . import schema  # noqa: F401 - registers the schema's authentication extensions
