from django.apps import AppConfig


class PolicyAppConfig(AppConfig):
    name = "tests.policyapp"
    label = "policyapp"
