from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "wpsdesk.organisation"
    label = "organisation"

    def ready(self) -> None:
        from wpsdesk.core import home

        from . import signals  # noqa: F401  (connects the security-log receivers)
        from .home import PANELS
        from .reclassification import install_guard
        from .tasks import break_glass_openings, expiring_memberships, grants_awaiting_approval

        home.register(expiring_memberships)
        home.register(break_glass_openings)
        home.register(grants_awaiting_approval)
        for panel in PANELS:
            home.register_panel(panel)
        install_guard()
