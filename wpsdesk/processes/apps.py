from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "wpsdesk.processes"
    label = "processes"
    verbose_name = "Peace processes"

    def ready(self) -> None:
        from wpsdesk.catalogue import panels, serving
        from wpsdesk.core import home
        from wpsdesk.core.search import register_search

        from . import finders
        from .panels import analyses_answering_item
        from .selectors import SERVING
        from .tasks import objectives_to_review

        panels.register(analyses_answering_item)
        home.register(objectives_to_review)
        serving.register(SERVING)
        register_search(finders.PROVIDER)
