from django.apps import AppConfig


class CivilSocietyConfig(AppConfig):
    name = "wpsdesk.civil_society"
    label = "civil_society"
    verbose_name = "Civil society"

    def ready(self) -> None:
        from wpsdesk.core.search import register_search

        from . import finders

        register_search(finders.PROVIDER)
