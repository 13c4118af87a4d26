from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "wpsdesk.operations"
    label = "operations"
    verbose_name = "Operations and personnel"

    def ready(self) -> None:
        from wpsdesk.core import home

        from .tasks import personnel_reviews_due

        home.register(personnel_reviews_due)
