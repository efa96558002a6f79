"""Keeps ``Contact.search_text``, the search index and ``updated_at`` in step with a contact.

``Contact.search_text`` stays the plain folded text (the import writes it, the benchmark's
``LIKE`` baseline reads it); the ranked search reads the index (``relais.contacts.search``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from relais.contacts.hooks import contacts_changed
from relais.contacts.models import Contact, ContactPoint, Organisation, Tag
from relais.contacts.search.index import index_contacts
from relais.core.text import fold


def search_text_for(
    contact: Contact,
    organisation: str,
    points: Iterable[tuple[str, str]],
    tags: Iterable[str],
) -> str:
    """The folded text a contact is found by: names, title, city, organisation, every point as
    written and normalised, tags. The one rule for the services and the import's bulk path."""
    parts = [
        contact.first_name,
        contact.last_name,
        contact.display_name,
        contact.title,
        contact.city,
        organisation,
    ]
    parts.extend(
        value if value == normalized else f"{value} {normalized}"
        for value, normalized in points
    )
    parts.extend(tags)
    return fold(" ".join(p for p in parts if p))


def build_search_text(contact: Contact) -> str:
    # Fresh queries, not the related managers: a prefetch cache may predate the change.
    organisation = ""
    if contact.organisation_id:
        organisation = (
            Organisation.objects.filter(pk=contact.organisation_id)
            .values_list("name", flat=True)
            .first()
            or ""
        )
    return search_text_for(
        contact,
        organisation,
        ContactPoint.objects.filter(contact=contact).values_list(
            "value", "normalized_value"
        ),
        Tag.objects.filter(contacts=contact).values_list("name", flat=True),
    )


def touch(contact: Contact) -> None:
    """Recompute the search text, bump ``updated_at`` and tell the subscribers of
    ``contacts.hooks`` (matching refreshes its keys), after any change to the contact."""
    contact.search_text = build_search_text(contact)
    contact.updated_at = timezone.now()
    Contact.objects.filter(pk=contact.pk).update(
        search_text=contact.search_text, updated_at=contact.updated_at
    )
    contacts_changed([contact.pk])
    index_contacts([contact.pk])


def refresh_search_texts(contact_ids: Iterable[int]) -> None:
    """``touch`` for many contacts at once, in a fixed number of queries (imports)."""
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        contacts = list(
            Contact.objects.filter(pk__in=part).select_related("organisation")
        )
        points: dict[int, list[tuple[str, str]]] = {pk: [] for pk in part}
        for contact_id, value, normalized in ContactPoint.objects.filter(
            contact_id__in=part
        ).values_list("contact_id", "value", "normalized_value"):
            points[contact_id].append((value, normalized))
        tags: dict[int, list[str]] = {pk: [] for pk in part}
        for contact_id, name in Tag.objects.filter(contacts__in=part).values_list(
            "contacts", "name"
        ):
            tags[contact_id].append(name)
        now = timezone.now()
        for contact in contacts:
            contact.search_text = search_text_for(
                contact,
                contact.organisation.name if contact.organisation else "",
                points[contact.pk],
                tags[contact.pk],
            )
            contact.updated_at = now
        Contact.objects.bulk_update(contacts, ["search_text", "updated_at"])
        index_contacts(part)
