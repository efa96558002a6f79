"""/duplicates (the review queue) and /merges: decide pairs, merge by hand, undo merges.

Thin: each view calls ``relais.matching.services`` or ``selectors``. Read-only users get 403 on
every write (``core.api_support``), and again from the services.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor
from relais.contacts.selectors import get_contact
from relais.core.api_fields import Paging, PathId
from relais.core.api_support import as_field, responses
from relais.matching import selectors, services
from relais.matching.models import Merge

from .schemas import (
    CandidateOut,
    CandidateQuery,
    DecisionIn,
    MergeIn,
    MergeOut,
    MergeQuery,
    UndoOut,
)

router = Router(tags=["duplicates"])


@router.get(
    "/duplicates",
    response=responses({200: list[CandidateOut]}),
    summary="List duplicate pairs",
)
@paginate(Paging)
def list_candidates(request: HttpRequest, filters: Query[CandidateQuery]) -> Any:
    """The review queue (``status=pending``), most likely first; or decided pairs."""
    return [
        CandidateOut.from_candidate(c)
        for c in selectors.review_queue(filters.status.value)
    ]


@router.get(
    "/duplicates/{candidate_id}",
    response=responses({200: CandidateOut}),
    summary="Read a duplicate pair",
)
def get_candidate(request: HttpRequest, candidate_id: PathId) -> Any:
    return CandidateOut.from_candidate(services.get_candidate(candidate_id))


@router.post(
    "/duplicates/{candidate_id}/decision",
    response=responses({200: CandidateOut}),
    summary="Decide a duplicate pair",
)
def decide(request: HttpRequest, candidate_id: PathId, payload: DecisionIn) -> Any:
    """``merge`` (into ``survivor``, by default the richer then older contact),
    ``not_same`` (remembered: never proposed again) or ``skip`` (back on the next run)."""
    candidate = services.decide(
        actor=actor(request),
        candidate_id=candidate_id,
        decision=payload.decision.value,
        survivor_id=payload.survivor,
    )
    return CandidateOut.from_candidate(candidate)


@router.get("/merges", response=responses({200: list[MergeOut]}), summary="List merges")
@paginate(Paging)
def list_merges(request: HttpRequest, filters: Query[MergeQuery]) -> Any:
    """Newest first."""
    return [
        MergeOut.from_merge(m)
        for m in selectors.list_merges(contact_id=filters.contact)
    ]


@router.post(
    "/merges", response=responses({201: MergeOut}), summary="Merge two contacts"
)
def merge(request: HttpRequest, payload: MergeIn) -> Status[Any]:
    """``merged`` is archived; ``survivor`` keeps everything both had."""
    with as_field("survivor"):
        survivor = get_contact(payload.survivor)
    with as_field("merged"):
        merged = get_contact(payload.merged)
    done = services.merge_contacts(
        actor=actor(request),
        survivor=survivor,
        merged=merged,
        reason=Merge.Reason.MANUAL,
    )
    return Status(201, MergeOut.from_merge(services.get_merge(done.pk)))


@router.get(
    "/merges/{merge_id}", response=responses({200: MergeOut}), summary="Read a merge"
)
def get_merge(request: HttpRequest, merge_id: PathId) -> Any:
    return MergeOut.from_merge(services.get_merge(merge_id))


@router.post(
    "/merges/{merge_id}/undo",
    response=responses({200: UndoOut}),
    summary="Undo a merge",
)
def undo(request: HttpRequest, merge_id: PathId) -> Any:
    """Both contacts exactly as they were; what was added since stays."""
    result = services.undo_merge(actor=actor(request), merge_id=merge_id)
    return {
        "merge": MergeOut.from_merge(services.get_merge(merge_id)),
        "restored": result.restored,
        "skipped": result.skipped,
        "overwritten": result.overwritten,
    }
