from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "wpsdesk.catalogue"
    label = "catalogue"

    def ready(self) -> None:
        from . import panels, serving

        # One panel for every serving type without a panel of its own.
        panels.register(serving.serving_panel)
