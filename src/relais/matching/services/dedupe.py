"""The batch run behind ``relais dedupe`` and the "Find duplicates" button.

Loads every active contact as the engine sees it, scores all pairs in one batch, and hands
the pairs to ``pairs.handle_pairs``: merged automatically above the auto threshold (when
asked or configured), queued for review above the review threshold.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings

from relais.accounts.services import ensure_can_write
from relais.core.errors import InvalidInput
from relais.matching import engine

from .pairs import PairOutcome, handle_pairs, thresholds

if TYPE_CHECKING:
    from relais.accounts.models import User


@dataclass
class DedupeSummary:
    records: int
    outcome: PairOutcome
    seconds: float
    auto: bool
    review_threshold: float
    auto_threshold: float

    def line(self) -> str:
        o = self.outcome
        text = (
            f"{self.records} contacts compared, {o.pairs_found} possible duplicate pairs: "
            f"{o.merged} merged, {o.queued} queued for review"
        )
        if o.held:
            text += f", {o.held} kept for review rather than merged automatically"
        if o.not_same:
            text += f", {o.not_same} left out (marked not the same person)"
        return text + f" ({self.seconds:.1f} s)."


def check_threshold(value: float, field: str = "threshold") -> float:
    if not 0 < value <= 1:
        raise InvalidInput({field: f"{value} is not a probability between 0 and 1."})
    return value


def run_dedupe(
    *,
    actor: User | None,
    auto: bool | None = None,
    threshold: float | None = None,
) -> DedupeSummary:
    """Find duplicates among all active contacts; merge (``auto``, default from the setting
    RELAIS_MATCHING_AUTO_MERGE) and queue. ``threshold`` lowers or raises the review
    threshold (RELAIS_MATCHING_REVIEW_THRESHOLD) for this run."""
    ensure_can_write(actor)
    review_threshold, auto_threshold = thresholds()
    if threshold is not None:
        review_threshold = check_threshold(threshold)
    if auto is None:
        auto = bool(settings.RELAIS_MATCHING_AUTO_MERGE)
    started = time.monotonic()
    records = list(engine.load_records(None))
    pairs = engine.score_batch(
        records, min_probability=min(review_threshold, auto_threshold)
    )
    outcome = handle_pairs(
        actor=actor,
        pairs=pairs,
        auto=auto,
        review_threshold=review_threshold,
        auto_threshold=auto_threshold,
    )
    summary = DedupeSummary(
        records=len(records),
        outcome=outcome,
        seconds=time.monotonic() - started,
        auto=auto,
        review_threshold=review_threshold,
        auto_threshold=auto_threshold,
    )
    return summary
