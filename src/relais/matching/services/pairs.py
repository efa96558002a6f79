"""Turning the engine's scored pairs into merges and review-queue entries.

Shared by the batch run (``dedupe.run_dedupe``) and the incremental checks (``incremental``):
pairs naming an archived contact or a pair someone said is "not the same person" are
dropped; with automatic merging on, pairs at or above the auto threshold are merged
transitively — but a cluster is never merged when it holds a "not the same" pair, when one of
its pairs was merged before and the merge undone, or when it grows beyond
``MAX_AUTO_CLUSTER`` contacts (a chain of look-alikes is for a person to judge). Nor is a
contact merged automatically when it would be merged with two different people
(``ambiguous_contacts``: a LinkedIn "Sarah Montros" when the base holds two Sarah Montros):
its pairs wait in the queue with that reason. Everything else at or above the review
threshold waits in the queue, best first.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_noop

from relais.contacts.models import Contact
from relais.matching import engine
from relais.matching.engine import Evidence, ScoredPair
from relais.matching.models import MatchCandidate, Merge, NotSameDecision

from .merge import default_survivor, merge_contacts
from .survivorship import name_votes

if TYPE_CHECKING:
    from relais.accounts.models import User

MAX_AUTO_CLUSTER = 6
# The evidence item a pair held by the ambiguity rule carries in the review queue.
AMBIGUOUS = "ambiguous"
AMBIGUOUS_TEXT = gettext_noop(
    "Fits two different people: %(name)s also looks very much like %(other)s, and those "
    "two are not one person. Kept for you to decide."
)


@dataclass
class PairOutcome:
    """What became of a set of scored pairs."""

    pairs_found: int = 0
    merged: int = 0
    queued: int = 0
    not_same: int = 0  # left out: someone said these are different people
    held: int = (
        0  # above the auto threshold, sent to review instead (see module docstring)
    )
    merges: list[int] = dataclasses.field(default_factory=list)


def thresholds() -> tuple[float, float]:
    """(review, auto) thresholds from the settings."""
    return (
        float(settings.RELAIS_MATCHING_REVIEW_THRESHOLD),
        float(settings.RELAIS_MATCHING_AUTO_THRESHOLD),
    )


def _roots() -> dict[int, int]:
    """Each merged contact's survivor, followed to the end of the chain."""
    parent: dict[int, int] = {
        pk: into
        for pk, into in Contact.objects.filter(merged_into__isnull=False).values_list(
            "pk", "merged_into"
        )
        if into is not None
    }

    def root(pk: int) -> int:
        seen = set()
        while pk in parent and pk not in seen:
            seen.add(pk)
            pk = parent[pk]
        return pk

    return {pk: root(pk) for pk in parent}


def forbidden_pairs() -> set[frozenset[int]]:
    """Pairs of (surviving) contacts someone said are different people."""
    roots = _roots()
    found: set[frozenset[int]] = set()
    for left, right in NotSameDecision.objects.values_list("left_id", "right_id"):
        a, b = roots.get(left, left), roots.get(right, right)
        if a != b:
            found.add(frozenset((a, b)))
    return found


def _undone_pairs(ids: set[int]) -> set[frozenset[int]]:
    rows = Merge.objects.filter(
        undone_at__isnull=False, survivor_id__in=ids, merged_id__in=ids
    ).values_list("survivor_id", "merged_id")
    return {frozenset(r) for r in rows}  # type: ignore[arg-type]


def _clusters(pairs: Iterable[ScoredPair]) -> list[set[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        parent[find(pair.left_id)] = find(pair.right_id)
    groups: dict[int, set[int]] = defaultdict(set)
    for x in list(parent):
        groups[find(x)].add(x)
    return list(groups.values())


def ambiguous_contacts(
    *,
    strong: Sequence[ScoredPair],
    kept: Sequence[ScoredPair],
    forbidden: set[frozenset[int]],
    review_threshold: float,
) -> dict[int, tuple[int, int]]:
    """Contacts that would be merged automatically (``strong`` pairs) with two different
    people: two of their strong candidates are a known "not the same" pair, or clearly two
    people (``engine.different_people``: scored below the review threshold, and names,
    mobiles or LinkedIn profiles one person cannot have). A pair among ``kept`` (at or above
    the review threshold) may be one person. Each such contact is mapped to the two people."""
    may_be_one = {frozenset((p.left_id, p.right_id)) for p in kept}
    near: dict[int, dict[int, float]] = defaultdict(dict)
    for p in strong:
        near[p.left_id][p.right_id] = p.probability
        near[p.right_id][p.left_id] = p.probability
    questions: dict[int, list[tuple[int, int]]] = {}
    for x, candidates in near.items():
        if len(candidates) >= 2:
            ranked = sorted(candidates, key=lambda c: (-candidates[c], c))
            questions[x] = list(combinations(ranked, 2))
    unknown = {
        tuple(sorted(ab))
        for asked in questions.values()
        for ab in asked
        if frozenset(ab) not in may_be_one and frozenset(ab) not in forbidden
    }
    apart = set(forbidden)
    if unknown:
        apart |= engine.different_people(unknown, below=review_threshold)  # type: ignore[arg-type]
    found: dict[int, tuple[int, int]] = {}
    for x, asked in questions.items():
        for a, b in asked:
            if frozenset((a, b)) in apart:
                found[x] = (a, b)
                break
    return found


def _with_reason(
    pair: ScoredPair,
    ambiguous: dict[int, tuple[int, int]],
    names: dict[int, str],
) -> ScoredPair:
    """``pair`` with the ambiguity rule's reason first, if one of its contacts is held."""
    contact = pair.left_id if pair.left_id in ambiguous else pair.right_id
    if contact not in ambiguous:
        return pair
    people = ambiguous[contact]
    other = people[1] if people[0] in (pair.left_id, pair.right_id) else people[0]
    reason = Evidence(
        field=AMBIGUOUS,
        outcome="disagree",
        weight=0.0,
        detail=AMBIGUOUS_TEXT,
        params={"name": names.get(contact, ""), "other": names.get(other, "")},
    )
    return dataclasses.replace(pair, evidence=(reason, *pair.evidence))


def _queue(pair: ScoredPair) -> bool:
    """Store ``pair`` as pending (again); False if it was already decided."""
    left, right = sorted((pair.left_id, pair.right_id))
    evidence = [dataclasses.asdict(e) for e in pair.evidence]
    existing = MatchCandidate.objects.filter(left_id=left, right_id=right).first()
    if existing is None:
        MatchCandidate.objects.create(
            left_id=left,
            right_id=right,
            probability=pair.probability,
            decided_by=pair.decided_by,
            evidence=evidence,
        )
        return True
    if existing.status in (
        MatchCandidate.Status.MERGED,
        MatchCandidate.Status.NOT_SAME,
    ):
        return False
    # A skipped pair comes back: "skip" means "not now".
    MatchCandidate.objects.filter(pk=existing.pk).update(
        probability=pair.probability,
        decided_by=pair.decided_by,
        evidence=evidence,
        status=MatchCandidate.Status.PENDING,
        decided_at=None,
        reviewer=None,
    )
    return True


def handle_pairs(
    *,
    actor: User | None,
    pairs: Sequence[ScoredPair],
    auto: bool,
    review_threshold: float,
    auto_threshold: float,
) -> PairOutcome:
    """Merge what is safe to merge, queue the rest (see the module docstring)."""
    outcome = PairOutcome()
    ids = {p.left_id for p in pairs} | {p.right_id for p in pairs}
    active = set(
        Contact.objects.filter(pk__in=ids, merged_into__isnull=True)
        .exclude(status=Contact.Status.ARCHIVED)
        .values_list("pk", flat=True)
    )
    forbidden = forbidden_pairs()
    kept: list[ScoredPair] = []
    seen: set[frozenset[int]] = set()
    for pair in sorted(pairs, key=lambda p: -p.probability):
        key = frozenset((pair.left_id, pair.right_id))
        if len(key) < 2 or key in seen or not key <= active:
            continue
        seen.add(key)
        if pair.probability < review_threshold:
            continue
        if key in forbidden:
            outcome.not_same += 1
            continue
        kept.append(pair)
    outcome.pairs_found = len(kept)
    decided = {
        frozenset(r)
        for r in MatchCandidate.objects.filter(
            Q(status=MatchCandidate.Status.MERGED)
            | Q(status=MatchCandidate.Status.NOT_SAME),
            left_id__in=ids,
            right_id__in=ids,
        ).values_list("left_id", "right_id")
    }
    to_queue = [p for p in kept if frozenset((p.left_id, p.right_id)) not in decided]
    if auto:
        undone = _undone_pairs(ids)
        strong = [
            p
            for p in to_queue
            if p.probability >= auto_threshold
            and frozenset((p.left_id, p.right_id)) not in undone
        ]
        ambiguous = ambiguous_contacts(
            strong=strong,
            kept=kept,
            forbidden=forbidden,
            review_threshold=review_threshold,
        )
        if ambiguous:
            names = dict(
                Contact.objects.filter(
                    pk__in={i for ab in ambiguous.values() for i in ab} | set(ambiguous)
                ).values_list("pk", "display_name")
            )
            kept_strong = [
                p
                for p in strong
                if p.left_id not in ambiguous and p.right_id not in ambiguous
            ]
            outcome.held += len(strong) - len(kept_strong)
            strong = kept_strong
            to_queue = [_with_reason(p, ambiguous, names) for p in to_queue]
        merged_pairs: set[frozenset[int]] = set()
        for cluster in _clusters(strong):
            inside = [p for p in strong if p.left_id in cluster]
            unsafe = len(cluster) > MAX_AUTO_CLUSTER or any(
                frozenset(c) in forbidden for c in combinations(cluster, 2)
            )
            if unsafe:
                outcome.held += len(inside)
                continue
            contacts = list(Contact.objects.filter(pk__in=cluster))
            votes = name_votes(n for c in contacts for n in (c.first_name, c.last_name))
            survivor = contacts[0]
            for other in contacts[1:]:
                survivor, _ = default_survivor(survivor, other)
            for other in contacts:
                if other.pk == survivor.pk:
                    continue
                probability = max(
                    p.probability for p in inside if other.pk in (p.left_id, p.right_id)
                )
                merge = merge_contacts(
                    actor=actor,
                    survivor=survivor,
                    merged=other,
                    reason=Merge.Reason.AUTOMATIC,
                    probability=probability,
                    name_votes=votes,
                )
                outcome.merged += 1
                outcome.merges.append(merge.pk)
            merged_pairs |= {frozenset((p.left_id, p.right_id)) for p in inside}
        to_queue = [
            p
            for p in to_queue
            if frozenset((p.left_id, p.right_id)) not in merged_pairs
        ]
    for pair in to_queue:
        if _queue(pair):
            outcome.queued += 1
    return outcome
