from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "wpsdesk.organisation"
    label = "organisation"

    def ready(self) -> None:
        from wpsdesk.core import home

        from . import signals  # noqa: F401  (connects the security-log receivers)
        from .tasks import expiring_memberships

        home.register(expiring_memberships)
