from django.apps import AppConfig


class SeahConfig(AppConfig):
    name = "wpsdesk.seah"
    label = "seah"
    verbose_name = "SEAH reports"

    def ready(self) -> None:
        from wpsdesk.core import home

        from .tasks import steps_due

        home.register(steps_due)
