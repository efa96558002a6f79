"""Scoring a whole set of contacts: strong identifiers first, then the model through Splink."""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import combinations
from typing import Any

from ..features import Features, features_of
from ..model import DEFAULT_PARAMETERS, Parameters
from ..scoring import evidence_for, levels_of
from .identifiers import PROOF_KINDS, group_by_identifier, is_shared
from .parallel import features_by_id
from .splink_backend import BatchBackend
from .types import MatchRecord, ScoredPair

log = logging.getLogger(__name__)


def backend_from_settings(name: str | None = None) -> BatchBackend:
    """The backend named by RELAIS_MATCHING_BACKEND: ``duckdb`` (default) or ``spark``."""
    choice = (name or os.environ.get("RELAIS_MATCHING_BACKEND") or "duckdb").lower()
    if choice == "spark":
        from .spark_backend import SparkBackend

        return SparkBackend()
    if choice != "duckdb":
        raise ValueError(
            f"RELAIS_MATCHING_BACKEND must be 'duckdb' or 'spark', not '{choice}'."
        )
    from .duckdb_backend import DuckDBBackend

    return DuckDBBackend()


def prepare(
    records: Iterable[MatchRecord],
) -> tuple[dict[int, MatchRecord], dict[int, Features], set[tuple[int, int]]]:
    """Features of every record, with values several distinct people share set apart, and
    the pairs that a strong identifier decides."""
    by_id = {r.id: r for r in records}
    features = features_by_id(list(by_id.values()))
    shared_emails: set[str] = set()
    shared_phones: set[str] = set()
    decided: set[tuple[int, int]] = set()
    touched: set[int] = set()
    for (kind, value), members in group_by_identifier(features.values()).items():
        if is_shared(members):
            if kind == "email":
                shared_emails.add(value)
            elif kind in ("mobile", "phone"):
                shared_phones.add(value)
            else:
                continue
            touched.update(f.unique_id for f in members)
        elif kind in PROOF_KINDS:
            ids = sorted(f.unique_id for f in members)
            decided.update(combinations(ids, 2))
    for rid in touched:
        features[rid] = features_of(
            by_id[rid], shared_emails=shared_emails, shared_phones=shared_phones
        )
    # A pair decided by one value stays decided even if another value they share is shared.
    cap_blocks(features)
    return by_id, features, decided


# Blocking keys more records share than this point at no one in particular (a frequent name
# with an initial, a common address name such as "jmartin"): such a block would bring n²
# pairs for nothing (35 million at a million contacts for the surname and initial alone), so
# the key is dropped there; those records still meet through their other keys (the nickname
# group with the surname, the organisation, an address, a number).
MAX_BLOCK = {
    "name_key": 200,
    "tokens_key": 200,
    "initial_key": 60,
    "prefix_key": 60,
    "block_locals": 30,
}


def cap_blocks(features: dict[int, Features]) -> None:
    """Drop, in place, the blocking keys shared by more records than ``MAX_BLOCK`` allows."""
    for column, cap in MAX_BLOCK.items():
        counts: Counter[str] = Counter()
        if column == "block_locals":
            for f in features.values():
                counts.update(f.block_locals or ())
        else:
            counts.update(getattr(f, column) for f in features.values())
        crowded = {key for key, n in counts.items() if key is not None and n > cap}
        if not crowded:
            continue
        for rid, f in features.items():
            if column == "block_locals":
                if f.block_locals and not crowded.isdisjoint(f.block_locals):
                    kept = [k for k in f.block_locals if k not in crowded] or None
                    features[rid] = dataclasses.replace(f, block_locals=kept)
            elif getattr(f, column) in crowded:
                dropped: dict[str, Any] = {column: None}
                features[rid] = dataclasses.replace(f, **dropped)


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Hold the cyclic garbage collector off while millions of small objects are made.

    Features and pairs hold no reference cycles, but every few thousand allocations the
    collector walks all live objects; on a million records that doubles the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def score_records(
    records: Iterable[MatchRecord],
    *,
    min_probability: float = 0.5,
    train: bool = False,
    backend: BatchBackend | None = None,
    parameters: Parameters = DEFAULT_PARAMETERS,
) -> list[ScoredPair]:
    with no_gc_pauses():
        return _score_records(records, min_probability, train, backend, parameters)


def _score_records(
    records: Iterable[MatchRecord],
    min_probability: float,
    train: bool,
    backend: BatchBackend | None,
    parameters: Parameters,
) -> list[ScoredPair]:
    started, cpu_started = time.perf_counter(), time.process_time()
    by_id, features, decided = prepare(records)
    if len(by_id) < 2:
        return []
    backend = backend or backend_from_settings()
    prepared, cpu_prepared = time.perf_counter(), time.process_time()
    pairs, parameters = backend.predict(
        list(features.values()),
        parameters,
        min_probability=min_probability,
        train=train,
    )
    scored, cpu_scored = time.perf_counter(), time.process_time()
    out: list[ScoredPair] = []
    for left, right, probability, levels, weights in pairs:
        if (left, right) in decided:
            continue
        out.append(
            ScoredPair(
                left,
                right,
                probability,
                "model",
                evidence_for(
                    levels,
                    by_id[left],
                    by_id[right],
                    features[left],
                    features[right],
                    parameters,
                    weights,
                ),
            )
        )
    for left, right in sorted(decided):
        fa, fb = features[left], features[right]
        out.append(
            ScoredPair(
                left,
                right,
                1.0,
                "identifier",
                evidence_for(
                    levels_of(fa, fb), by_id[left], by_id[right], fa, fb, parameters
                ),
            )
        )
    out.sort(key=lambda p: (-p.probability, p.left_id, p.right_id))
    log.info(
        "batch of %d records (wall / CPU): features %.1f / %.1f s, blocking and scoring "
        "%.1f / %.1f s, evidence for %d pairs %.1f / %.1f s",
        len(by_id),
        prepared - started,
        cpu_prepared - cpu_started,
        scored - prepared,
        cpu_scored - cpu_prepared,
        len(out),
        time.perf_counter() - scored,
        time.process_time() - cpu_scored,
    )
    return out
