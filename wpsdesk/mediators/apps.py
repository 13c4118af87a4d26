from django.apps import AppConfig


class MediatorsConfig(AppConfig):
    name = "wpsdesk.mediators"
    label = "mediators"
    verbose_name = "Network of Women Mediators"

    def ready(self) -> None:
        from wpsdesk.core import home

        from .tasks import reviews_due

        home.register(reviews_due)
