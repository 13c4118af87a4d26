from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "wpsdesk.countries"
    label = "countries"
    verbose_name = "Countries"
