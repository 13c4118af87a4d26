from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "wpsdesk.grants"
    label = "grants"
    verbose_name = "Grants"

    def ready(self) -> None:
        # Registries: the catalogue's "serves" links and the home page's tasks.
        from wpsdesk.catalogue import serving
        from wpsdesk.core.search import register_search
        from wpsdesk.grants import finders, selectors, tasks

        serving.register(selectors.SERVING)
        serving.register(selectors.PRACTICE_SERVING)
        tasks.register_tasks()
        register_search(finders.PROVIDER)
