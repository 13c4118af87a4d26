from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "wpsdesk.planning"
    label = "planning"
    verbose_name = _("Plans and results")

    def ready(self) -> None:
        from wpsdesk.catalogue import panels
        from wpsdesk.core import home

        from .tasks import planning_tasks
        from .templatetags.planning_tags import serving_item_panel

        home.register(planning_tasks)
        panels.register(serving_item_panel)
