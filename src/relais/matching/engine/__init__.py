"""The matching engine's public functions (see ``types`` for the values they exchange).

Callers outside ``relais.matching.engine`` use only what this module exports. Each call goes to
the engine named by the ``RELAIS_MATCHING_ENGINE`` setting (a dotted path to a class with the
methods of ``Engine``, as Radicale picks its storage by module path): ``DefaultEngine``
(``default.py``) unless a deployment or a test names another. Tests select a fake engine this way
instead of replacing attributes of this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .types import Evidence, MatchRecord, ScoredPair

__all__ = [
    "Engine",
    "current",
    "Evidence",
    "MatchRecord",
    "ScoredPair",
    "find_matches_for",
    "load_records",
    "refresh_keys",
    "refresh_keys_for_batch",
    "score_batch",
    "different_people",
]


DEFAULT_ENGINE = "relais.matching.engine.default.DefaultEngine"


class Engine(Protocol):
    """What a matching engine offers; every method is described on the function of that name."""

    def load_records(
        self, contact_ids: Iterable[int] | None = None
    ) -> Iterator[MatchRecord]: ...

    def score_batch(
        self,
        records: Iterable[MatchRecord],
        *,
        min_probability: float = 0.5,
        train: bool = False,
        backend: str | None = None,
    ) -> list[ScoredPair]: ...

    def find_matches_for(
        self, record: MatchRecord, *, min_probability: float = 0.5, limit: int = 5
    ) -> list[ScoredPair]: ...

    def different_people(
        self, pairs: Iterable[tuple[int, int]], *, below: float
    ) -> set[frozenset[int]]: ...

    def refresh_keys(self, contact_ids: Iterable[int]) -> None: ...

    def refresh_keys_for_batch(self, batch_id: int) -> None: ...


@cache
def _engine_at(path: str) -> Engine:
    return import_string(path)()  # type: ignore[no-any-return]


def current() -> Engine:
    """The engine ``RELAIS_MATCHING_ENGINE`` names (one instance per path)."""
    return _engine_at(getattr(settings, "RELAIS_MATCHING_ENGINE", DEFAULT_ENGINE))


def load_records(contact_ids: Iterable[int] | None = None) -> Iterator[MatchRecord]:
    """Read contacts (all active ones when ``contact_ids`` is None) as ``MatchRecord`` values."""
    return current().load_records(contact_ids)


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
    return current().score_batch(
        records, min_probability=min_probability, train=train, backend=backend
    )


def find_matches_for(
    record: MatchRecord, *, min_probability: float = 0.5, limit: int = 5
) -> list[ScoredPair]:
    """The best existing contacts matching ``record`` (which may be unsaved: id 0), best first."""
    return current().find_matches_for(
        record, min_probability=min_probability, limit=limit
    )


def different_people(
    pairs: Iterable[tuple[int, int]], *, below: float
) -> set[frozenset[int]]:
    """Those of the given pairs of saved contacts that are clearly two people (scored below
    ``below`` and with names, mobiles or LinkedIn profiles one person cannot have)."""
    return current().different_people(pairs, below=below)


def refresh_keys(contact_ids: Iterable[int]) -> None:
    """Bring the engine's index up to date for these contacts (created, changed or removed)."""
    current().refresh_keys(contact_ids)


def refresh_keys_for_batch(batch_id: int) -> None:
    """``refresh_keys`` for every contact an import batch brought in or changed."""
    current().refresh_keys_for_batch(batch_id)
