from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "wpsdesk.planning"
    label = "planning"
    verbose_name = _("Plans and results")

    def ready(self) -> None:
        from wpsdesk.core import home

        from .tasks import planning_tasks

        home.register(planning_tasks)
