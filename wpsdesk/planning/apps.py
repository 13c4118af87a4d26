from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "wpsdesk.planning"
    label = "planning"
    verbose_name = _("Plans and results")

    def ready(self) -> None:
        from wpsdesk.catalogue import panels, serving
        from wpsdesk.core import home
        from wpsdesk.core.search import register_search

        from .finders import PROVIDERS
        from .home import PANELS
        from .selectors import SERVING
        from .tasks import planning_tasks
        from .templatetags.planning_tags import serving_item_panel

        home.register(planning_tasks)
        for panel in PANELS:
            home.register_panel(panel)
        panels.register(serving_item_panel)
        for provider in PROVIDERS:
            register_search(provider)
        serving.register(SERVING)
