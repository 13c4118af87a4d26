from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "wpsdesk.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from wpsdesk.catalogue import panels

        from .panels import screened_item_panel

        panels.register(screened_item_panel)
