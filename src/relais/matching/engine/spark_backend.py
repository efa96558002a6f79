"""Splink on Spark: the same model and blocking, for bases too large for one machine.

Chosen with ``RELAIS_MATCHING_BACKEND=spark``. Needs ``pyspark`` (``pip install
'relais[spark]'``) and Java; ``RELAIS_SPARK_MASTER`` names the cluster (default ``local[*]``,
a Spark inside this process). The SQL of every level is spelt for Spark by
``model.dialect_sql``; Splink registers its Jaro-Winkler function on the session.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..features import Features
from ..model import COMPARISONS, Comparison, Parameters, columns_of
from .splink_backend import (
    _LIST_COLUMNS,
    gamma_to_level,
    parameters_from_model,
    settings_for,
    training_rules,
    wider_rules,
)

Pair = tuple[int, int, float, dict[str, int | None], dict[str, float]]


class SparkUnavailable(RuntimeError):
    """The Spark backend was asked for but pyspark or Java is missing."""


def spark_session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(
            "RELAIS_MATCHING_BACKEND=spark needs pyspark: pip install 'relais[spark]'."
        ) from None
    from django.conf import settings
    from splink.backends.spark import similarity_jar_location

    master = os.environ.get("RELAIS_SPARK_MASTER", "local[*]")
    spark = (
        SparkSession.builder.master(master)
        .appName("relais-matching")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.jars", similarity_jar_location())  # Splink's Jaro-Winkler UDF
        .getOrCreate()
    )
    # Splink checkpoints its intermediate tables; on a cluster this must be shared storage.
    checkpoints = Path(settings.DATA_DIR) / "spark-checkpoints"
    checkpoints.mkdir(parents=True, exist_ok=True)
    spark.sparkContext.setCheckpointDir(str(checkpoints))
    return spark


def _frame(spark: Any, features: Sequence[Features]) -> Any:
    from pyspark.sql import types as T

    fields = []
    for name, field in Features.__dataclass_fields__.items():
        if name == "unique_id":
            kind: Any = T.LongType()
        elif name == "is_initial":
            kind = T.BooleanType()
        elif name == "first_groups":
            kind = T.ArrayType(T.IntegerType())
        elif name in _LIST_COLUMNS:
            kind = T.ArrayType(T.StringType())
        else:
            kind = T.StringType()
        del field
        fields.append(T.StructField(name, kind, True))
    rows = [
        tuple(getattr(f, n) for n in Features.__dataclass_fields__) for f in features
    ]
    return spark.createDataFrame(rows, T.StructType(fields))


class SparkBackend:
    """Splink's Spark API; pairs come back to this process (only those above the threshold)."""

    def predict(
        self,
        features: Sequence[Features],
        parameters: Parameters,
        *,
        min_probability: float,
        train: bool,
    ) -> tuple[list[Pair], Parameters]:
        from splink import Linker, SparkAPI

        spark = spark_session()
        frame = _frame(spark, features)
        filled = {
            name
            for name in Features.__dataclass_fields__
            if any(getattr(f, name) is not None for f in features)
        }
        db_api = SparkAPI(spark_session=spark)
        wider = _wider(features)

        def linker_for(parameters: Parameters) -> Any:
            return Linker(
                frame,
                settings_for(
                    parameters,
                    "spark",
                    filled=filled,
                    wider=wider,
                    term_frequencies=train,
                ),
                db_api=db_api,
                set_up_basic_logging=False,
            )

        linker = linker_for(parameters)
        if train:
            linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
            for rule in training_rules(filled):
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, fix_probability_two_random_records_match=True
                )
            parameters = parameters_from_model(
                linker.misc.save_model_to_json(), parameters
            )
            linker = linker_for(parameters)
        else:
            from .duckdb_backend import register_surname_frequencies

            register_surname_frequencies(linker, features, parameters)
        used = [c for c in COMPARISONS if columns_of(c) & filled]
        predictions = linker.inference.predict(
            threshold_match_probability=min_probability
        ).as_spark_dataframe()
        columns = ["unique_id_l", "unique_id_r", "match_probability"]
        columns += [f"gamma_{c.name}" for c in used]
        columns += [f"bf_{c.name}" for c in used]
        rows = predictions.select(*columns).collect()
        return [_pair(tuple(row), used) for row in rows], parameters


def _wider(features: Sequence[Features]) -> list[tuple[str, ...]]:
    """The same wider blocking rules the DuckDB backend would choose (costed by DuckDB)."""
    import duckdb

    from .duckdb_backend import (
        WIDER_BUDGET,
        WIDER_PER_RECORD,
        _sql_pair_count,
        load_table,
    )

    con = duckdb.connect()
    try:
        load_table(con, features)
        return wider_rules(
            lambda rule: _sql_pair_count(con, rule),
            max(WIDER_BUDGET, WIDER_PER_RECORD * len(features)),
        )
    finally:
        con.close()


def _pair(row: tuple[Any, ...], used: Sequence[Comparison]) -> Pair:
    import math

    left, right, probability, *rest = row
    gammas, factors = rest[: len(used)], rest[len(used) :]
    levels: dict[str, int | None] = {c.name: None for c in COMPARISONS}
    levels.update(
        {c.name: gamma_to_level(c, g) for c, g in zip(used, gammas, strict=True)}
    )
    weights = {
        c.name: math.log2(max(float(f), 1e-300))
        for c, f in zip(used, factors, strict=True)
        if f is not None
    }
    if left > right:
        left, right = right, left
    return int(left), int(right), float(probability), levels, weights
