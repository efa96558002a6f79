from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "relais.community"
    label = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        from relais.listening.hooks import mentions_stored

        from . import segments
        from .services import on_mentions_stored

        mentions_stored.connect(
            on_mentions_stored, dispatch_uid="community.contributions"
        )
        segments.register()
