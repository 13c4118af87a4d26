from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "wpsdesk.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from wpsdesk.catalogue import panels
        from wpsdesk.core import home

        from .panels import screened_item_panel
        from .tasks import failed_screenings

        home.register(failed_screenings)
        panels.register(screened_item_panel)
