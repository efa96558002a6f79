"""Splink on DuckDB, embedded: the default batch backend (no server, one process)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ..features import Features
from ..model import COMPARISONS, Parameters
from .splink_backend import (
    _LIST_COLUMNS,
    _SEP,
    gamma_to_level,
    parameters_from_model,
    rows_of,
    settings_for,
    training_rules,
)

Pair = tuple[int, int, float, dict[str, int | None]]


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
        if self.memory_limit:
            con.execute(f"SET memory_limit = '{self.memory_limit}'")
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
            linker = Linker(
                "contacts",
                settings_for(parameters, "duckdb"),
                db_api=DuckDBAPI(connection=con),
                set_up_basic_logging=False,
            )
            if train:
                parameters = train_linker(linker, parameters, _filled(features))
                # A fresh linker with the estimates: EM sessions leave the first one altered.
                linker = Linker(
                    "contacts",
                    settings_for(parameters, "duckdb"),
                    db_api=DuckDBAPI(connection=con),
                    set_up_basic_logging=False,
                )
            predictions = linker.inference.predict(
                threshold_match_probability=min_probability
            )
            gammas = ", ".join(f"gamma_{c.name}" for c in COMPARISONS)
            rows = con.execute(
                f"SELECT unique_id_l, unique_id_r, match_probability, {gammas} "  # noqa: S608
                f"FROM {predictions.physical_name}"
            ).fetchall()
        finally:
            con.close()
        return [_pair(row) for row in rows], parameters


def _pair(row: tuple[Any, ...]) -> Pair:
    left, right, probability, *gammas = row
    levels = {
        c.name: gamma_to_level(c, g) for c, g in zip(COMPARISONS, gammas, strict=True)
    }
    if left > right:
        left, right = right, left
    return int(left), int(right), float(probability), levels


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
