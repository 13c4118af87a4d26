from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "wpsdesk.screening"
    label = "screening"
    verbose_name = "Screening"
