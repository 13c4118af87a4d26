from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "wpsdesk.processes"
    label = "processes"
    verbose_name = "Peace processes"

    def ready(self) -> None:
        from wpsdesk.catalogue import panels

        from .panels import analyses_answering_item

        panels.register(analyses_answering_item)
