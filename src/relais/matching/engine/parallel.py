"""The features of a large batch computed on two cores: this process and one forked helper.

Computing the features of a million contacts is about a minute of pure Python, while the rest
of the batch (DuckDB) already uses every core. A forked process computes the second half of
the records meanwhile and sends its features back as plain tuples (cheaper to pickle than the
dataclass). Forking is only safe from a process with a single thread (another thread could
hold a lock the child would inherit), so from a web server or a threaded job consumer the
features are computed here, one after the other, as for a small batch.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from operator import attrgetter

from ..features import Features, features_of
from .types import MatchRecord

# Below this many records a second process costs more than it saves.
PARALLEL_FROM = 50_000
_CHUNK = 25_000
# One C call per record gives its fields as a tuple (as ``splink_backend.rows_of`` does).
_VALUES = attrgetter(*Features.__dataclass_fields__)

# Set just before the fork; the child reads its records from here (copy-on-write), so the
# records themselves are never pickled.
_RECORDS: Sequence[MatchRecord] = ()


def _rows(bounds: tuple[int, int]) -> list[tuple[object, ...]]:
    start, stop = bounds
    return [_VALUES(f) for f in map(features_of, _RECORDS[start:stop])]


def can_fork() -> bool:
    return (
        (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def features_by_id(records: Sequence[MatchRecord]) -> dict[int, Features]:
    """``features_of`` every record, keyed by id, on two cores when the batch is large."""
    if len(records) < PARALLEL_FROM or not can_fork():
        return {r.id: features_of(r) for r in records}
    global _RECORDS
    # This process takes a little more than half: it pays no pickling.
    split = len(records) * 11 // 20
    bounds = [
        (start, min(start + _CHUNK, len(records)))
        for start in range(split, len(records), _CHUNK)
    ]
    _RECORDS = records
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            pending = pool.imap(_rows, bounds)
            out = {r.id: features_of(r) for r in records[:split]}
            for rows in pending:
                for row in rows:
                    feature = Features(*row)  # type: ignore[arg-type]
                    out[feature.unique_id] = feature
    finally:
        _RECORDS = ()
    return out
