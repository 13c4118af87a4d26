from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "wpsdesk.organisation"
    label = "organisation"
