from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "wpsdesk.engagements"
    label = "engagements"
    verbose_name = "Engagements and representation"

    def ready(self) -> None:
        from wpsdesk.catalogue import serving
        from wpsdesk.core import home
        from wpsdesk.core.search import register_search

        from . import (
            finders,
            tallies,  # noqa: F401  (connects the recount on deletion)
        )
        from .home import PANELS
        from .selectors import SERVING
        from .tasks import follow_ups_due

        home.register(follow_ups_due)
        for panel in PANELS:
            home.register_panel(panel)
        serving.register(SERVING)
        register_search(finders.PROVIDER)
