from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wpsdesk.api"
    label = "api"
