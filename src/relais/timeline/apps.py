from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "relais.timeline"
    label = "timeline"
    verbose_name = "Timeline"
