from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "relais.service"
    label = "service"
    verbose_name = "Customer service"

    def ready(self) -> None:
        from relais.listening.hooks import on_mentions_linked

        from .services.tickets import tickets_from_mentions

        on_mentions_linked(tickets_from_mentions)
