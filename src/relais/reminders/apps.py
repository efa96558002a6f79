from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "relais.reminders"
    label = "reminders"
    verbose_name = "Reminders"
