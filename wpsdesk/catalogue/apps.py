from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "wpsdesk.catalogue"
    label = "catalogue"

    def ready(self) -> None:
        from wpsdesk.core.search import register_search

        from . import finders, panels, serving

        register_search(finders.PROVIDER)

        # One panel for every serving type without a panel of its own.
        panels.register(serving.serving_panel)
