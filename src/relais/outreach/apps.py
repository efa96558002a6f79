from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "relais.outreach"
    label = "outreach"
    verbose_name = "Outreach"
