from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "wpsdesk.audit"
    label = "audit"
