from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "relais.matching"
    label = "matching"
    verbose_name = "Matching"
