from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "relais.web"
    label = "web"
    verbose_name = "Web UI"
