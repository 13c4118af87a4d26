from django.apps import AppConfig


class CivilSocietyConfig(AppConfig):
    name = "wpsdesk.civil_society"
    label = "civil_society"
    verbose_name = "Civil society"
