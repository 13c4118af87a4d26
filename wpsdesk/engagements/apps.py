from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "wpsdesk.engagements"
    label = "engagements"
    verbose_name = "Engagements and representation"
