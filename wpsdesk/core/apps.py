from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wpsdesk.core"
    label = "core"
