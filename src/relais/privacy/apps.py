from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "relais.privacy"
    label = "privacy"
    verbose_name = "Privacy"
