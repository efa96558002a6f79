"""Reads of the matching area: the review queue, one pair, the merge history."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from relais.contacts.models import Contact
from relais.matching.models import MatchCandidate, Merge


def _active(prefix: str) -> Q:
    return Q(**{f"{prefix}__merged_into__isnull": True}) & ~Q(
        **{f"{prefix}__status": Contact.Status.ARCHIVED}
    )


def review_queue(
    status: str = MatchCandidate.Status.PENDING,
) -> QuerySet[MatchCandidate]:
    """Pairs waiting for a decision (``status``), most likely first; both contacts active."""
    qs = MatchCandidate.objects.filter(status=status)
    if status in (MatchCandidate.Status.PENDING, MatchCandidate.Status.SKIPPED):
        qs = qs.filter(_active("left"), _active("right"))
    return qs.select_related(
        "left__organisation", "right__organisation", "reviewer"
    ).order_by("-probability", "id")


def pending_count() -> int:
    return review_queue().count()


def list_merges(*, contact_id: int | None = None) -> QuerySet[Merge]:
    """Merges, newest first; with ``contact_id``, those where it survived or was merged."""
    qs = Merge.objects.select_related("survivor", "merged", "actor", "undone_by")
    if contact_id is not None:
        qs = qs.filter(Q(survivor_id=contact_id) | Q(merged_id=contact_id))
    return qs.order_by("-at", "-id")


def active_merge_of(contact: Contact) -> Merge | None:
    """The merge that archived ``contact`` (if it is merged into another)."""
    if contact.merged_into_id is None:
        return None
    return (
        Merge.objects.filter(merged=contact, undone_at__isnull=True)
        .order_by("-at")
        .first()
    )


def final_survivor(contact: Contact) -> Contact:
    """The contact that now holds what ``contact`` had (following merges of merges)."""
    seen = {contact.pk}
    while contact.merged_into_id is not None and contact.merged_into_id not in seen:
        seen.add(contact.merged_into_id)
        contact = Contact.objects.get(pk=contact.merged_into_id)
    return contact
