"""Keeps ``Contact.search_text`` and ``updated_at`` in step with what a contact holds."""

from __future__ import annotations

from django.utils import timezone

from relais.contacts.models import Contact, ContactPoint, Organisation, Tag
from relais.core.text import fold


def build_search_text(contact: Contact) -> str:
    parts = [
        contact.first_name,
        contact.last_name,
        contact.display_name,
        contact.title,
        contact.city,
    ]
    # Fresh queries, not the related managers: a prefetch cache may predate the change.
    if contact.organisation_id:
        parts.extend(
            Organisation.objects.filter(pk=contact.organisation_id).values_list(
                "name", flat=True
            )
        )
    for value, normalized in ContactPoint.objects.filter(contact=contact).values_list(
        "value", "normalized_value"
    ):
        parts.append(value if value == normalized else f"{value} {normalized}")
    parts.extend(Tag.objects.filter(contacts=contact).values_list("name", flat=True))
    return fold(" ".join(p for p in parts if p))


def touch(contact: Contact) -> None:
    """Recompute the search text and bump ``updated_at`` after any change to the contact."""
    contact.search_text = build_search_text(contact)
    contact.updated_at = timezone.now()
    Contact.objects.filter(pk=contact.pk).update(
        search_text=contact.search_text, updated_at=contact.updated_at
    )
