from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "wpsdesk.reports"
    label = "reports"
    verbose_name = "Annual reports"

    def ready(self) -> None:
        # Registries: the sections other apps add to a report, and the home page's tasks.
        from wpsdesk.core import home as core_home
        from wpsdesk.reports import app_sections, home, tasks

        app_sections.register_all()
        tasks.register_tasks()
        for panel in home.PANELS:
            core_home.register_panel(panel)
