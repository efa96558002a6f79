from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "relais.web"
    label = "web"
    verbose_name = "Web UI"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
