"""The engine Relais ships: strong identifiers, then Splink on DuckDB (Spark optional).

``RELAIS_MATCHING_ENGINE`` names it by default; see ``relais.matching.engine`` for the protocol.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .types import MatchRecord, ScoredPair


class DefaultEngine:
    """Strong identifiers first, then the Splink model; the incremental index for new contacts."""

    @staticmethod
    def load_records(contact_ids: Iterable[int] | None = None) -> Iterator[MatchRecord]:
        """Read contacts (all active ones when ``contact_ids`` is None) as ``MatchRecord`` values."""
        from .records import load_records as _load

        return _load(contact_ids)

    @staticmethod
    def score_batch(
        records: Iterable[MatchRecord],
        *,
        min_probability: float = 0.5,
        train: bool = False,
        backend: str | None = None,
    ) -> list[ScoredPair]:
        """Every pair among ``records`` at or above ``min_probability``, with its evidence.

        Pairs sharing a strong identifier come first with probability 1.0 (``decided_by`` is
        "identifier"); the rest are scored by Splink. ``train`` re-estimates the model's
        parameters on these records (u by random sampling, m by EM) instead of the defaults;
        ``backend`` is "duckdb" or "spark" (default: RELAIS_MATCHING_BACKEND, else duckdb).
        """
        from .batch import backend_from_settings, score_records

        return score_records(
            records,
            min_probability=min_probability,
            train=train,
            backend=backend_from_settings(backend),
        )

    @staticmethod
    def find_matches_for(
        record: MatchRecord, *, min_probability: float = 0.5, limit: int = 5
    ) -> list[ScoredPair]:
        """The best existing contacts matching ``record`` (which may be unsaved: id 0), best first."""
        from .incremental import find_matches_for as _find

        return _find(record, min_probability=min_probability, limit=limit)

    @staticmethod
    def different_people(
        pairs: Iterable[tuple[int, int]], *, below: float
    ) -> set[frozenset[int]]:
        """Those of the given pairs of saved contacts that are clearly two people (scored below
        ``below`` and with names, mobiles or LinkedIn profiles one person cannot have)."""
        from .incremental import different_people as _different

        return _different(pairs, below=below)

    @staticmethod
    def refresh_keys(contact_ids: Iterable[int]) -> None:
        """Bring the engine's index up to date for these contacts (created, changed or removed)."""
        from .incremental import refresh_keys as _refresh

        _refresh(contact_ids)

    @staticmethod
    def refresh_keys_for_batch(batch_id: int) -> None:
        """``refresh_keys`` for every contact an import batch brought in or changed."""
        from relais.contacts.models import Provenance

        from .incremental import refresh_keys as _refresh

        _refresh(
            Provenance.objects.filter(batch_id=batch_id)
            .values_list("contact_id", flat=True)
            .distinct()
        )
