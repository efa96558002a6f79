"""The stored copy of each profile (``ContactProfile``) and what reads it: the export's
``profile`` field and the "communication profile" segment criterion, registered with contacts
(``relais.contacts.extensions``) so that contacts never imports this area."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from relais.contacts.extensions import (
    RecordField,
    SegmentField,
    add_record_field,
    add_segment_field,
)
from relais.contacts.models import Contact
from relais.timeline.models import Interaction, Participant

from .models import Assessment, ContactProfile
from .profiles import profile_for
from .types import QUADRANTS


def refresh_profile(contact: Contact) -> ContactProfile | None:
    """Store ``contact``'s profile as it reads now (or drop it when nothing supports one)."""
    found = profile_for(contact)
    primary = found.primary
    with transaction.atomic():
        if primary is None or primary.position is None:
            ContactProfile.objects.filter(contact=contact).delete()
            return None
        position = primary.position
        stored, _ = ContactProfile.objects.update_or_create(
            contact=contact,
            defaults={
                "source": primary.kind,
                "type": position.type,
                "disc": position.disc,
                "pace": position.pace,
                "focus": position.focus,
                "confidence": primary.confidence,
            },
        )
    return stored


def contacts_with_evidence() -> Iterable[Contact]:
    """Contacts with an answer, an assessment or an inbound message they sent."""
    wrote = Participant.objects.filter(
        role=Participant.Role.FROM, interaction__direction=Interaction.Direction.INBOUND
    ).values("contact_id")
    assessed = Assessment.objects.values("contact_id")
    return Contact.objects.filter(
        Q(pk__in=wrote) | Q(pk__in=assessed) | Q(communication_profile__isnull=False)
    ).iterator(chunk_size=500)


def refresh_all() -> int:
    """Refresh every profile that has evidence; returns how many are stored."""
    return sum(refresh_profile(c) is not None for c in contacts_with_evidence())


def _record(contact: Contact) -> dict[str, object] | None:
    try:
        return contact.communication_profile.as_record()  # type: ignore[attr-defined]
    except ContactProfile.DoesNotExist:
        return None


def _disc_condition(op: str, values: tuple[str, ...]) -> Q:
    matching = Q(communication_profile__disc__in=values)
    return matching if op == "in" else ~matching


def register() -> None:
    add_record_field(RecordField("profile", _record, ("communication_profile",)))
    add_segment_field(
        SegmentField("profile", ("in", "not_in"), QUADRANTS, _disc_condition)
    )


def spread(contacts: QuerySet[Contact]) -> dict[str, int]:
    """How many of ``contacts`` have each stored quadrant, and how many have none."""
    counts = dict.fromkeys((*QUADRANTS, "none"), 0)
    rows = (
        contacts.order_by()
        .values("communication_profile__disc")
        .annotate(n=Count("pk"))
        .values_list("communication_profile__disc", "n")
    )
    for disc, n in rows:
        counts[disc or "none"] += n
    return counts
