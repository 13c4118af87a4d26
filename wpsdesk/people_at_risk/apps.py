from django.apps import AppConfig


class PeopleAtRiskConfig(AppConfig):
    name = "wpsdesk.people_at_risk"
    label = "people_at_risk"
    verbose_name = "People at risk"

    def ready(self) -> None:
        from wpsdesk.core import home

        from .tasks import reviews_due

        home.register(reviews_due)
