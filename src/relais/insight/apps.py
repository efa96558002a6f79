from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "relais.insight"
    label = "insight"
    verbose_name = "Insight"

    def ready(self) -> None:
        from .stored import register

        register()
