from django.apps import AppConfig


class AutomationConfig(AppConfig):
    name = "relais.automation"
    label = "automation"
    verbose_name = "Automation"
