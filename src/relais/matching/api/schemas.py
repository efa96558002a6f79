"""Shapes of duplicate pairs, merges and undo results in the REST API."""

import datetime as dt
from enum import StrEnum
from typing import Any

from ninja import Field, Schema

from relais.core.api_fields import Id, InputSchema, RefId
from relais.matching.compare import evidence_text
from relais.matching.models import MatchCandidate


class ContactBrief(Schema):
    id: int
    display_name: str
    organization: str


def brief(contact: Any) -> dict[str, Any] | None:
    if contact is None:
        return None
    return {
        "id": contact.pk,
        "display_name": contact.display_name,
        "organization": contact.organisation.name if contact.organisation else "",
    }


class EvidenceOut(Schema):
    field: str
    outcome: str
    weight: float = Field(description="log2 Bayes factor; positive is for a match")
    detail: str = Field(description="The evidence in plain words (English)")
    params: dict[str, Any]


class CandidateOut(Schema):
    id: int
    left: ContactBrief
    right: ContactBrief
    probability: float
    decided_by: str = Field(description="identifier or model")
    evidence: list[EvidenceOut]
    status: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    reviewer: str | None = Field(description="Email of the reviewer")
    merge_id: int | None

    @staticmethod
    def from_candidate(candidate: MatchCandidate) -> dict[str, Any]:
        return {
            "id": candidate.pk,
            "left": brief(candidate.left),
            "right": brief(candidate.right),
            "probability": candidate.probability,
            "decided_by": candidate.decided_by,
            "evidence": [
                {**e, "detail": evidence_text(e), "params": e.get("params") or {}}
                for e in candidate.evidence
            ],
            "status": candidate.status,
            "created_at": candidate.created_at,
            "decided_at": candidate.decided_at,
            "reviewer": candidate.reviewer.email if candidate.reviewer else None,
            "merge_id": candidate.merge_id,
        }


class CandidateStatus(StrEnum):
    PENDING = "pending"
    MERGED = "merged"
    NOT_SAME = "not_same"
    SKIPPED = "skipped"


class CandidateQuery(Schema):
    status: CandidateStatus = CandidateStatus.PENDING


class Decision(StrEnum):
    MERGE = "merge"
    NOT_SAME = "not_same"
    SKIP = "skip"


class DecisionIn(InputSchema):
    decision: Decision
    survivor: RefId | None = Field(
        None,
        description="For a merge: the id of the contact that stays (one of the pair)",
    )


class MergeIn(InputSchema):
    survivor: RefId = Field(description="Id of the contact that stays")
    merged: RefId = Field(description="Id of the contact merged into it (archived)")


class MergeOut(Schema):
    id: int
    survivor: ContactBrief | None
    merged: ContactBrief | None
    survivor_name: str
    merged_name: str
    reason: str
    probability: float | None
    why: str
    by: str
    at: dt.datetime
    undone_at: dt.datetime | None

    @staticmethod
    def from_merge(merge: Any) -> dict[str, Any]:
        return {
            "id": merge.pk,
            "survivor": brief(merge.survivor),
            "merged": brief(merge.merged),
            "survivor_name": merge.survivor_name,
            "merged_name": merge.merged_name,
            "reason": merge.reason,
            "probability": merge.probability,
            "why": merge.why,
            "by": merge.actor_label,
            "at": merge.at,
            "undone_at": merge.undone_at,
        }


class MergeQuery(Schema):
    contact: Id | None = Field(None, description="Only the merges of this contact id")


class UndoOut(Schema):
    merge: MergeOut
    restored: int = Field(description="Changes reversed")
    skipped: int = Field(
        description="Rows changed or deleted since the merge, left as they are"
    )
    overwritten: dict[str, list[Any]] = Field(
        description="Fields the merge changed and someone edited since: [later value, restored value]"
    )
