"""The batch scorer on Spark (RELAIS_MATCHING_BACKEND=spark) gives the DuckDB answer on small data.

Runs a local Spark session when pyspark and Java are installed (``pip install 'relais[spark]'``);
skipped otherwise, with the reason.
"""

from __future__ import annotations

import shutil

import pytest

from relais.matching.engine import MatchRecord, score_batch
from tests.fixtures_gen.duplicates import generate

pyspark = pytest.importorskip(
    "pyspark", reason="pyspark is not installed (pip install 'relais[spark]')"
)
if not shutil.which("java"):
    pytest.skip("Java is not installed: Spark cannot start", allow_module_level=True)


def test_spark_and_duckdb_find_the_same_pairs():
    records: list[MatchRecord] = [r for r, _ in generate(300, seed=13)]
    on_duckdb = score_batch(records, backend="duckdb")
    on_spark = score_batch(records, backend="spark")
    assert {(p.left_id, p.right_id) for p in on_spark} == {
        (p.left_id, p.right_id) for p in on_duckdb
    }
    by_pair = {(p.left_id, p.right_id): p.probability for p in on_duckdb}
    for pair in on_spark:
        assert pair.probability == pytest.approx(
            by_pair[(pair.left_id, pair.right_id)], abs=1e-6
        )
