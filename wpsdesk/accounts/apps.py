from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wpsdesk.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from wpsdesk.accounts import signals, views
        from wpsdesk.accounts.gate import person_is_verified

        user_logged_in.connect(signals.start_session_clocks, dispatch_uid="wpsdesk-session-clocks")

        # The admin has no log-in of its own: everyone logs in with the second factor, and
        # only a verified administrator passes the admin's permission check. (The ignores:
        # methods of the one AdminSite instance are replaced on purpose.)
        admin.site.login = views.admin_login  # type: ignore[method-assign]
        admin.site.logout = views.admin_logout  # type: ignore[method-assign,assignment]
        admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
            person_is_verified(request) and request.user.is_staff
        )
