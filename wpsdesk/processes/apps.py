from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "wpsdesk.processes"
    label = "processes"
    verbose_name = "Peace processes"
