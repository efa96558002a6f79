"""Deciding a pair of the review queue: merge, not the same person, or skip for now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Contact
from relais.core.errors import InvalidInput, NotFound
from relais.matching.models import MatchCandidate, Merge, NotSameDecision

from .merge import default_survivor, merge_contacts

if TYPE_CHECKING:
    from relais.accounts.models import User

MERGE, NOT_SAME, SKIP = "merge", "not_same", "skip"
DECISIONS = (MERGE, NOT_SAME, SKIP)


def get_candidate(candidate_id: int) -> MatchCandidate:
    try:
        return MatchCandidate.objects.select_related("left", "right").get(
            pk=candidate_id
        )
    except (MatchCandidate.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No duplicate pair with id {candidate_id}.") from None


def mark_not_same(
    *, actor: User | None, first: Contact, second: Contact
) -> NotSameDecision:
    """Remember that two contacts are different people: the pair is never proposed again."""
    ensure_can_write(actor)
    left, right = sorted((first.pk, second.pk))
    if left == right:
        raise InvalidInput({"contacts": "Choose two different contacts."})
    with transaction.atomic():
        decision, created = NotSameDecision.objects.get_or_create(
            left_id=left, right_id=right, defaults={"decided_by": actor}
        )
        MatchCandidate.objects.filter(left_id=left, right_id=right).update(
            status=MatchCandidate.Status.NOT_SAME,
            decided_at=timezone.now(),
            reviewer=actor,
        )
        if created:
            for contact_id in (left, right):
                record(
                    actor=actor,
                    action="contact.not_same",
                    obj=decision,
                    contact_id=contact_id,
                    changes={"contacts": [left, right]},
                )
    return decision


def decide(
    *,
    actor: User | None,
    candidate_id: int,
    decision: str,
    survivor_id: int | None = None,
) -> MatchCandidate:
    """Apply a reviewer's decision to a pending (or skipped) pair. For a merge the survivor
    is ``survivor_id`` (one of the pair), by default the richer, then older, contact."""
    ensure_can_write(actor)
    if decision not in DECISIONS:
        raise InvalidInput(
            {
                "decision": f"Unknown decision '{decision}': use one of {', '.join(DECISIONS)}."
            }
        )
    candidate = get_candidate(candidate_id)
    if candidate.status not in (
        MatchCandidate.Status.PENDING,
        MatchCandidate.Status.SKIPPED,
    ):
        raise InvalidInput(
            {
                "decision": f"This pair was already decided ({candidate.get_status_display()})."
            }
        )
    pair = {candidate.left_id: candidate.left, candidate.right_id: candidate.right}
    if survivor_id is not None and survivor_id not in pair:
        raise InvalidInput(
            {"survivor": f"Contact {survivor_id} is not one of this pair's contacts."}
        )
    if decision == MERGE:
        if survivor_id is None:
            survivor, merged = default_survivor(candidate.left, candidate.right)
        else:
            survivor = pair[survivor_id]
            merged = next(c for pk, c in pair.items() if pk != survivor_id)
        merge_contacts(
            actor=actor,
            survivor=survivor,
            merged=merged,
            reason=Merge.Reason.REVIEW,
            probability=candidate.probability,
        )
    elif decision == NOT_SAME:
        mark_not_same(actor=actor, first=candidate.left, second=candidate.right)
    else:
        MatchCandidate.objects.filter(pk=candidate.pk).update(
            status=MatchCandidate.Status.SKIPPED,
            decided_at=timezone.now(),
            reviewer=actor,
        )
    candidate.refresh_from_db()
    return candidate
