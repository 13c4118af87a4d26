from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "wpsdesk.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from wpsdesk.catalogue import panels
        from wpsdesk.core import home
        from wpsdesk.core.search import register_search

        from . import finders
        from .home import PANELS
        from .panels import screened_item_panel
        from .tasks import failed_screenings

        home.register(failed_screenings)
        for panel in PANELS:
            home.register_panel(panel)
        panels.register(screened_item_panel)
        register_search(finders.PROVIDER)
