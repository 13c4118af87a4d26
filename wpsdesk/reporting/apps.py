from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "wpsdesk.reporting"
    label = "reporting"
    verbose_name = "Reporting home and speaking points"

    def ready(self) -> None:
        from wpsdesk.catalogue import serving

        from .selectors import SERVING

        serving.register(SERVING)
