from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "wpsdesk.catalogue"
    label = "catalogue"
