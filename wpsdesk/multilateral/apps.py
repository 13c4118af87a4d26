from django.apps import AppConfig


class MultilateralConfig(AppConfig):
    name = "wpsdesk.multilateral"
    label = "multilateral"
    verbose_name = "Multilateral work"

    def ready(self) -> None:
        from wpsdesk.catalogue import serving

        from .selectors import OBJECTIVES_SERVING, STATEMENTS_SERVING

        serving.register(OBJECTIVES_SERVING)
        serving.register(STATEMENTS_SERVING)
