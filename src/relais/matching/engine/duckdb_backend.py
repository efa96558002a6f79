"""Splink on DuckDB, embedded: the default batch backend (no server, one process)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from ..features import Features
from ..model import COMPARISONS, Comparison, Parameters, columns_of
from .splink_backend import (
    _LIST_COLUMNS,
    _SEP,
    gamma_to_level,
    parameters_from_model,
    rows_of,
    settings_for,
    surname_frequencies,
    training_rules,
    wider_rules,
)

Pair = tuple[int, int, float, dict[str, int | None], dict[str, float]]


def register_surname_frequencies(
    linker: Any, features: Sequence[Features], parameters: Parameters
) -> None:
    """Our bounded surname frequencies instead of the ones Splink would compute."""
    import pandas as pd

    if any(f.last for f in features):
        linker.table_management.register_term_frequency_lookup(
            pd.DataFrame(surname_frequencies(features, parameters)), "last"
        )


def _memory_limit_setting() -> str:
    """RELAIS_MATCHING_MEMORY_LIMIT ("2GB"); checked so that it can only be a size."""
    from django.conf import settings

    value = str(getattr(settings, "RELAIS_MATCHING_MEMORY_LIMIT", "") or "").strip()
    if value and not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", value, re.IGNORECASE):
        raise ValueError(
            f"RELAIS_MATCHING_MEMORY_LIMIT must be a size such as 2GB, not '{value}'."
        )
    return value


def _quiet() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)


def load_table(con: Any, features: Sequence[Features], name: str = "contacts") -> None:
    """Create the input table in DuckDB from the features (lists as real LIST columns)."""
    import pandas as pd

    frame = pd.DataFrame(rows_of(features))
    for column in ("first_groups",):
        frame[column] = frame[column].astype("string")
    con.register("features_frame", frame)
    select = ", ".join(
        f"string_split({c}, '{_SEP}') AS {c}"
        if c in _LIST_COLUMNS and c != "first_groups"
        else (
            f"CAST(string_split({c}, '{_SEP}') AS INTEGER[]) AS {c}"
            if c == "first_groups"
            else c
        )
        for c in frame.columns
    )
    sql = f"CREATE OR REPLACE TABLE {name} AS SELECT {select} FROM features_frame"  # noqa: S608
    con.execute(sql)
    con.unregister("features_frame")


class DuckDBBackend:
    """Splink's DuckDB API on an in-memory database (spills to a temp dir when large)."""

    def __init__(self, memory_limit: str | None = None, threads: int | None = None):
        self.memory_limit = memory_limit
        self.threads = threads

    def connect(self) -> Any:
        import duckdb

        con = duckdb.connect()
        limit = self.memory_limit or _memory_limit_setting()
        if limit:
            con.execute(f"SET memory_limit = '{limit}'")
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")
        return con

    def predict(
        self,
        features: Sequence[Features],
        parameters: Parameters,
        *,
        min_probability: float,
        train: bool,
    ) -> tuple[list[Pair], Parameters]:
        from splink import DuckDBAPI, Linker

        _quiet()
        con = self.connect()
        try:
            load_table(con, features)
            filled = _filled(features)
            wider = wider_rules(
                lambda rule: _sql_pair_count(con, rule),
                max(WIDER_BUDGET, WIDER_PER_RECORD * len(features)),
            )

            def linker_for(parameters: Parameters) -> Any:
                return Linker(
                    "contacts",
                    settings_for(
                        parameters,
                        "duckdb",
                        filled=filled,
                        wider=wider,
                        term_frequencies=train,
                    ),
                    db_api=DuckDBAPI(connection=con),
                    set_up_basic_logging=False,
                )

            linker = linker_for(parameters)
            if train:
                parameters = train_linker(linker, parameters, filled)
                # A fresh linker with the estimates: EM sessions leave the first one altered.
                linker = linker_for(parameters)
            else:
                register_surname_frequencies(linker, features, parameters)
            predictions = linker.inference.predict(
                threshold_match_probability=min_probability
            )
            used = [c for c in COMPARISONS if columns_of(c) & filled]
            table = predictions.physical_name
            present = {
                row[0]
                for row in con.execute(f"DESCRIBE {table}").fetchall()  # noqa: S608
            }
            columns = [f"gamma_{c.name}" for c in used] + [
                _weight_sql(c.name, present) for c in used
            ]
            rows = con.execute(
                f"SELECT unique_id_l, unique_id_r, match_probability, "  # noqa: S608
                f"{', '.join(columns)} FROM {table}"
            ).fetchall()
        finally:
            con.close()
        return [_pair(row, used) for row in rows], parameters


# Pairs the wider blocking rules may add: at least this many, or this many per record.
WIDER_BUDGET = 2_000_000
WIDER_PER_RECORD = 5


def _sql_pair_count(con: Any, rule: tuple[str, ...]) -> int:
    """Pairs a blocking rule would generate, counted by DuckDB on the loaded table."""
    if rule == ("first=last",):
        sql = (
            "SELECT coalesce(sum(a.n * b.n), 0) FROM "
            "(SELECT first AS v, count(*) AS n FROM contacts GROUP BY 1) a JOIN "
            "(SELECT last AS v, count(*) AS n FROM contacts GROUP BY 1) b USING (v)"
        )
    else:
        columns = [f"unnest({c}) AS {c}" if c in _LIST_COLUMNS else c for c in rule]
        where = " AND ".join(f"{c} IS NOT NULL" for c in rule)
        keys = ", ".join(rule)
        sql = (
            "SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM "  # noqa: S608
            f"(SELECT {', '.join(columns)} FROM contacts WHERE {where}) GROUP BY {keys})"
        )
    return int(con.execute(sql).fetchall()[0][0])


def _weight_sql(name: str, present: set[str]) -> str:
    """log2 of the Bayes factor a comparison gave a pair, term frequencies included."""
    factor = f"bf_{name}"
    if f"bf_tf_adj_{name}" in present:
        factor += f" * bf_tf_adj_{name}"
    return f"log2(greatest({factor}, 1e-300))"


def _pair(row: tuple[Any, ...], used: Sequence[Comparison]) -> Pair:
    left, right, probability, *rest = row
    gammas, weights = rest[: len(used)], rest[len(used) :]
    levels: dict[str, int | None] = {c.name: None for c in COMPARISONS}
    levels.update(
        {c.name: gamma_to_level(c, g) for c, g in zip(used, gammas, strict=True)}
    )
    weight_of = {
        c.name: float(w) for c, w in zip(used, weights, strict=True) if w is not None
    }
    if left > right:
        left, right = right, left
    return int(left), int(right), float(probability), levels, weight_of


def _filled(features: Sequence[Features]) -> set[str]:
    """Columns that hold a value in at least one record."""
    return {
        name
        for name in Features.__dataclass_fields__
        if any(getattr(f, name) is not None for f in features)
    }


def train_linker(linker: Any, parameters: Parameters, filled: set[str]) -> Parameters:
    """Estimate the parameters on the data itself: u from random pairs, m by EM (blocking
    only on columns the data fills)."""
    from splink import block_on

    deterministic = [
        block_on(*cols)
        for cols in (("name_key", "birth_date"), ("name_key", "org"), ("email_locals",))
        if set(cols) <= filled
    ] or [block_on("name_key")]
    try:
        linker.training.estimate_probability_two_random_records_match(
            deterministic, recall=0.8
        )
    except Exception:  # noqa: BLE001 - no deterministic pair at all: keep the prior
        logging.getLogger(__name__).info("prior kept: no deterministic pairs")
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in training_rules(filled):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, fix_probability_two_random_records_match=True
        )
    return parameters_from_model(linker.misc.save_model_to_json(), parameters)
