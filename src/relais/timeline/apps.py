from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "relais.timeline"
    label = "timeline"
    verbose_name = "Timeline"

    def ready(self) -> None:
        from relais.contacts import hooks

        from .contact_hooks import interacted_since, subjects_by_contact

        # contacts sits below timeline: it asks through its hooks instead of importing us.
        hooks.add_search_texts(subjects_by_contact)
        hooks.set_interaction_filter(interacted_since)
