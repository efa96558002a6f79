"""The matching engine's public functions (see ``types`` for the values they exchange).

Callers outside ``relais.matching.engine`` use only what this module exports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .types import Evidence, MatchRecord, ScoredPair

__all__ = [
    "Evidence",
    "MatchRecord",
    "ScoredPair",
    "find_matches_for",
    "load_records",
    "refresh_keys",
    "score_batch",
]


def load_records(contact_ids: Iterable[int] | None = None) -> Iterator[MatchRecord]:
    """Read contacts (all active ones when ``contact_ids`` is None) as ``MatchRecord`` values."""
    raise NotImplementedError("implemented on the matching-engine branch")


def score_batch(
    records: Iterable[MatchRecord], *, min_probability: float = 0.5
) -> list[ScoredPair]:
    """Every pair among ``records`` at or above ``min_probability``, with its evidence."""
    raise NotImplementedError("implemented on the matching-engine branch")


def find_matches_for(
    record: MatchRecord, *, min_probability: float = 0.5, limit: int = 5
) -> list[ScoredPair]:
    """The best existing contacts matching ``record`` (which may be unsaved: id 0), best first."""
    raise NotImplementedError("implemented on the matching-engine branch")


def refresh_keys(contact_ids: Iterable[int]) -> None:
    """Bring the engine's index up to date for these contacts (created, changed or removed)."""
    raise NotImplementedError("implemented on the matching-engine branch")
