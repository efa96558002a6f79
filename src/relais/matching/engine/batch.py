"""Scoring a whole set of contacts: strong identifiers first, then the model through Splink."""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import combinations

from ..features import Features, features_of
from ..model import DEFAULT_PARAMETERS, Parameters
from ..scoring import evidence_for, levels_of
from .identifiers import PROOF_KINDS, group_by_identifier, is_shared
from .splink_backend import BatchBackend
from .types import MatchRecord, ScoredPair


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
    features = {rid: features_of(r) for rid, r in by_id.items()}
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
    return by_id, features, decided


def score_records(
    records: Iterable[MatchRecord],
    *,
    min_probability: float = 0.5,
    train: bool = False,
    backend: BatchBackend | None = None,
    parameters: Parameters = DEFAULT_PARAMETERS,
) -> list[ScoredPair]:
    by_id, features, decided = prepare(records)
    if len(by_id) < 2:
        return []
    backend = backend or backend_from_settings()
    pairs, parameters = backend.predict(
        list(features.values()),
        parameters,
        min_probability=min_probability,
        train=train,
    )
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
    return out
