from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "relais.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from relais.ingest import hooks

        from .services.suppression import drop_suppressed, drop_suppressed_messages
        from .signals import note_messages

        # ingest sits below privacy: privacy joins every import through ingest's hooks.
        hooks.add_people_filter(drop_suppressed)  # erased people stay erased
        hooks.add_message_filter(drop_suppressed_messages)
        hooks.on_messages_imported(note_messages)  # freshness signals from mail
