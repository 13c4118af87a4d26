from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wpsdesk.accounts"
    label = "accounts"
