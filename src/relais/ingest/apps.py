from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "relais.ingest"
    label = "ingest"
    verbose_name = "Imports"
