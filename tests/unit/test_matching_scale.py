"""What keeps a large batch tractable and a rare surname worth more, without a database:
crowded blocking keys dropped, the surname frequency bounded, the batch (Splink on DuckDB)
and the Python scorer of the incremental check giving a pair the same probability."""

from __future__ import annotations

import math

import pytest

from relais.matching.engine import MatchRecord, score_batch
from relais.matching.engine.batch import MAX_BLOCK, prepare
from relais.matching.features import features_of
from relais.matching.model import (
    DEFAULT_PARAMETERS,
    SURNAME_TF_MINIMUM_U,
    surname_adjustment,
)
from relais.matching.scoring import score_pair

pytest.importorskip("duckdb")


def _fillers(count: int, start: int = 100) -> list[MatchRecord]:
    """People with surnames no one else bears and nothing in common with anyone."""
    letters = "bcdfghjklmnpqrstvwxz"
    out = []
    for i in range(count):
        a, b, c = letters[i % 20], letters[(i // 20) % 20], letters[(i // 400) % 20]
        out.append(
            MatchRecord(
                id=start + i,
                first_name=("Paul", "Anne", "Louis", "Chloé")[i % 4],
                last_name=f"Vo{a}{b}e{c}ard",
            )
        )
    return out


def test_the_surname_adjustment_only_adds_and_is_bounded():
    u = DEFAULT_PARAMETERS.levels["last_name"][0][1]
    assert surname_adjustment(DEFAULT_PARAMETERS, None) == 0.0
    # Common surnames, and every surname of a small base, keep the fixed weight.
    assert surname_adjustment(DEFAULT_PARAMETERS, 0.02) == 0.0
    assert surname_adjustment(DEFAULT_PARAMETERS, 2 / 50) == 0.0
    rare = surname_adjustment(DEFAULT_PARAMETERS, 1 / 3000)
    assert rare == pytest.approx(math.log2(u * 3000))
    unique = surname_adjustment(DEFAULT_PARAMETERS, 1e-7)
    assert unique == pytest.approx(math.log2(u / SURNAME_TF_MINIMUM_U))


def test_a_rare_shared_surname_scores_higher_and_batch_and_incremental_agree():
    olivia = MatchRecord(id=1, first_name="Olivia", last_name="d'Arcy", city="Lyon")
    linkedin = MatchRecord(
        id=2, first_name="Olivia", last_name="D'ARCY", organisation="Cloud NT"
    )
    small = score_batch([olivia, linkedin], min_probability=0.01)
    large_base = [olivia, linkedin, *_fillers(1500)]
    (large,) = [
        p for p in score_batch(large_base, min_probability=0.01) if p.left_id == 1
    ]
    assert large.probability > small[0].probability
    incremental = score_pair(
        olivia,
        linkedin,
        features_of(olivia),
        features_of(linkedin),
        surname_frequency=2 / len(large_base),
    )
    assert incremental.probability == pytest.approx(large.probability, rel=1e-9)
    weight = {e.field: e.weight for e in large.evidence}["last_name"]
    assert weight == {e.field: e.weight for e in incremental.evidence}["last_name"]


def test_a_crowded_blocking_key_is_dropped_and_its_duplicates_still_meet():
    cap = MAX_BLOCK["initial_key"]
    crowd = [
        MatchRecord(
            id=i,
            first_name=f"J{'abcdefghij'[i % 10]}{'klmnopqrst'[i // 10 % 10]}an",
            last_name="Martin",
            organisation=f"Org {i}",
        )
        for i in range(1, cap + 20)
    ]
    # One of them again, as "J. Martin" at the same organisation.
    again = MatchRecord(
        id=999, first_name="J.", last_name="MARTIN", organisation=crowd[4].organisation
    )
    alone = MatchRecord(id=1000, first_name="Zoé", last_name="Kerbrat")
    _, features, _ = prepare([*crowd, again, alone])
    assert features[crowd[0].id].initial_key is None
    assert features[again.id].initial_key is None
    assert features[alone.id].initial_key == "kerbrat|z"
    pairs = score_batch([*crowd, again, alone], min_probability=0.5)
    assert (crowd[4].id, 999) in {(p.left_id, p.right_id) for p in pairs}


def test_a_large_batch_gets_the_same_features_from_the_forked_helper(monkeypatch):
    """Half the features of a large batch come back from another process: they must be the
    features this process would have computed, in the same order."""
    from relais.matching.engine import parallel

    if not parallel.can_fork():
        pytest.skip("forking needs a single-threaded process on a multi-core machine")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    monkeypatch.setattr(parallel, "_CHUNK", 7)
    records = [
        MatchRecord(
            id=1000 + i,
            first_name=("Frédéric", "fred", "J.-B.", "CANEVET")[i % 4],
            last_name=("Canevet", "de la Fontaine", "Le Goff", "Frédéric")[i % 4],
            organisation="Sellsy SAS" if i % 3 else "",
            emails=(f"f.canevet{i}@sellsy.com", "contact@sellsy.com")[: 1 + i % 2],
            phones=(f"+3361234{i:04d}",),
            mobiles=(f"+3361234{i:04d}",) if i % 2 else (),
            title="Directeur commercial",
        )
        for i in range(60)
    ]
    together = parallel.features_by_id(records)
    assert list(together) == [r.id for r in records]
    assert together == {r.id: features_of(r) for r in records}
