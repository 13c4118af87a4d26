from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "wpsdesk.engagements"
    label = "engagements"
    verbose_name = "Engagements and representation"

    def ready(self) -> None:
        from wpsdesk.catalogue import serving
        from wpsdesk.core import home

        from . import tallies  # noqa: F401  (connects the recount on deletion)
        from .selectors import SERVING
        from .tasks import follow_ups_due

        home.register(follow_ups_due)
        serving.register(SERVING)
