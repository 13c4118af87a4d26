from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "wpsdesk.countries"
    label = "countries"
    verbose_name = "Countries"

    def ready(self) -> None:
        # The review cycles' dates go on the WPS calendar.
        from .calendar import register

        register()
