"""A matching engine whose answers the test sets, selected by the RELAIS_MATCHING_ENGINE setting.

``fake_engine`` (tests/integration/conftest.py) points the setting here and hands the test the
``FakeEngine.answers`` it may fill. What a test leaves unset falls back to the real engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from relais.matching.engine.default import DefaultEngine
from relais.matching.engine.types import MatchRecord, ScoredPair

PATH = "tests.fake_engine.FakeEngine"


@dataclass
class Answers:
    load_records: Callable[[Iterable[int] | None], Iterator[MatchRecord]] | None = None
    pairs: list[ScoredPair] | None = None  # what score_batch finds, above the threshold
    find_matches_for: Callable[..., list[ScoredPair]] | None = None
    refresh_keys: Callable[[Iterable[int]], None] | None = None
    refreshed: list[list[int]] = field(default_factory=list)  # every refresh_keys call


class FakeEngine(DefaultEngine):
    answers = Answers()

    def load_records(  # type: ignore[override]
        self, contact_ids: Iterable[int] | None = None
    ) -> Iterator[MatchRecord]:
        if self.answers.load_records is not None:
            return self.answers.load_records(contact_ids)
        return DefaultEngine.load_records(contact_ids)

    def score_batch(  # type: ignore[override]
        self,
        records: Iterable[MatchRecord],
        *,
        min_probability: float = 0.5,
        train: bool = False,
        backend: str | None = None,
    ) -> list[ScoredPair]:
        if self.answers.pairs is None:
            return DefaultEngine.score_batch(
                records, min_probability=min_probability, train=train, backend=backend
            )
        return [p for p in self.answers.pairs if p.probability >= min_probability]

    def find_matches_for(  # type: ignore[override]
        self, record: MatchRecord, *, min_probability: float = 0.5, limit: int = 5
    ) -> list[ScoredPair]:
        if self.answers.find_matches_for is not None:
            return self.answers.find_matches_for(
                record, min_probability=min_probability, limit=limit
            )
        return DefaultEngine.find_matches_for(
            record, min_probability=min_probability, limit=limit
        )

    def refresh_keys(self, contact_ids: Iterable[int]) -> None:  # type: ignore[override]
        ids = sorted(contact_ids)
        self.answers.refreshed.append(ids)
        if self.answers.refresh_keys is not None:
            self.answers.refresh_keys(ids)
        else:
            DefaultEngine.refresh_keys(ids)
