from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "relais.matching"
    label = "matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        from relais.contacts.hooks import on_contacts_changed
        from relais.matching.engine import refresh_keys

        # contacts sits below matching and cannot call it: it announces changes instead.
        on_contacts_changed(refresh_keys)
