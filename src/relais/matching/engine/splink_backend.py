"""Batch scoring with Splink: the model of ``matching.model`` run as SQL on DuckDB (or Spark).

Splink does the heavy lifting a whole base needs: the blocking rules below generate the
candidate pairs in SQL, every comparison level is evaluated there, and (when asked) the
parameters are estimated on the data. We hand it our normalised ``Features`` as columns, so its
comparisons read nickname groups, glued surnames and email local parts rather than raw text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, Protocol

from ..features import Features
from ..model import (
    COMPARISONS,
    SURNAME_TF_MINIMUM_U,
    Comparison,
    Parameters,
    columns_of,
    dialect_sql,
    read_columns,
    surname_frequency_used,
)

# Candidate pairs: each rule is cheap (an equality on a key) and together they cover the ways
# duplicates of one person meet. Array columns are exploded (one row per value). These always
# run; they keep a million contacts tractable.
BLOCKING: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("name_key",), ()),
    (("tokens_key",), ()),
    (("initial_key",), ()),
    (("prefix_key",), ()),
    (("last", "org"), ()),
    (("first", "org"), ()),
    (("block_locals",), ("block_locals",)),
    (("phones",), ("phones",)),
    (("linkedin",), ()),
    (("birth_date", "postcode"), ()),
    (("birth_date", "city"), ()),
    (("last", "postcode"), ()),
)
# Wider rules, for typos the keys above miss (a surname and a first name both misspelt, names
# swapped with a typo): each is added, in this order, while the pairs it brings stay within the
# budget, so a small base is searched widely and a large one stays fast.
WIDER: tuple[tuple[str, ...], ...] = (
    ("first", "birth_date"),
    ("last", "birth_date"),
    ("first", "postcode"),
    ("email_local1",),
    ("first=last",),
    ("last", "city"),
    ("first", "city"),
    ("postcode", "address"),
    ("birth_date",),
    ("last",),
    ("first",),
    ("postcode",),
    ("city",),
)


def wider_rules(
    count: Callable[[tuple[str, ...]], int], budget: int
) -> list[tuple[str, ...]]:
    """The wider rules to add, in order, while the pairs they bring (``count``) fit the budget."""
    chosen, spent = [], 0
    for rule in WIDER:
        cost = count(rule)
        if cost and spent + cost <= budget:
            chosen.append(rule)
            spent += cost
    return chosen


_LIST_COLUMNS = (
    "first_groups",
    "org_words",
    "emails",
    "shared_emails",
    "email_locals",
    "block_locals",
    "free_locals",
    "name_sigs",
    "phones",
    "shared_phones",
    "mobiles",
    "title_words",
)
_SEP = "\x1f"


class BatchBackend(Protocol):
    """Where Splink runs: DuckDB embedded (default) or a Spark cluster."""

    def predict(
        self,
        features: Sequence[Features],
        parameters: Parameters,
        *,
        min_probability: float,
        train: bool,
    ) -> tuple[
        list[tuple[int, int, float, dict[str, int | None], dict[str, float]]],
        Parameters,
    ]:
        """Pairs (left id, right id, probability, level and weight per comparison) and the
        parameters used."""
        ...


def _level_dict(
    level_sql: str, index: int, m: float, u: float, label: str
) -> dict[str, Any]:
    return {
        "sql_condition": level_sql,
        "label_for_charts": label,
        "m_probability": m,
        "u_probability": u,
    }


# Exact levels whose weight follows how common the value is (term frequencies), when the
# parameters are estimated on the data: "Martin" agreeing says less than "Canevet".
TF_COLUMNS = {"first_name": "first", "last_name": "last", "city": "city"}
# The surname's frequency counts even with the fixed parameters: how many contacts of the base
# bear it is known without training, and two "Garhamchal" say more than two "Martin". The
# bonus is bounded: see ``model.surname_adjustment``, which the incremental check uses.
ALWAYS_TF = frozenset({"last_name"})
TF_MINIMUM_U = {"last_name": SURNAME_TF_MINIMUM_U}


def comparison_settings(
    comparison: Comparison,
    parameters: Parameters,
    dialect: str,
    term_frequencies: bool = False,
) -> dict[str, Any]:
    levels: list[dict[str, Any]] = [
        {
            "sql_condition": dialect_sql(comparison.null_sql, dialect),
            "label_for_charts": "missing",
            "is_null_level": True,
        }
    ]
    for index, level in enumerate(comparison.levels):
        m, u = parameters.levels[comparison.name][index]
        levels.append(
            _level_dict(dialect_sql(level.sql, dialect), index, m, u, level.label)
        )
        if index == 0 and (
            comparison.name in ALWAYS_TF
            or (term_frequencies and comparison.name in TF_COLUMNS)
        ):
            levels[-1]["tf_adjustment_column"] = TF_COLUMNS[comparison.name]
            levels[-1]["tf_adjustment_weight"] = 1.0
            levels[-1]["tf_minimum_u_value"] = TF_MINIMUM_U.get(comparison.name, 0.0)
    return {
        "output_column_name": comparison.name,
        "comparison_description": comparison.field,
        "comparison_levels": levels,
    }


def surname_frequencies(
    features: Sequence[Features], parameters: Parameters
) -> dict[str, list[Any]]:
    """The surname term-frequency table Splink reads (``tf_last``), bounded as
    ``model.surname_adjustment`` says, so the batch and the incremental check agree."""
    counts = Counter(f.last for f in features if f.last)
    total = sum(counts.values()) or 1
    return {
        "last": list(counts),
        "tf_last": [
            surname_frequency_used(parameters, n / total) for n in counts.values()
        ],
    }


def settings_for(
    parameters: Parameters,
    dialect: str,
    *,
    filled: set[str] | None = None,
    wider: Sequence[tuple[str, ...]] = (),
    link_type: str = "dedupe_only",
    term_frequencies: bool = False,
) -> dict[str, Any]:
    """Splink settings for the model; comparisons whose columns no record fills are left out
    (they could only say "missing"), ``wider`` rules are added to the blocking."""
    from splink import block_on
    from splink.blocking_rule_library import CustomRule

    rules: list[Any] = [
        block_on(*cols, arrays_to_explode=list(explode) or None)
        for cols, explode in BLOCKING
    ]
    for rule in wider:
        if rule == ("first=last",):
            rules.append(CustomRule("l.first = r.last", sql_dialect=dialect))
        else:
            rules.append(block_on(*rule))
    comparisons = [c for c in COMPARISONS if filled is None or columns_of(c) & filled]
    return {
        # Splink finds the columns a comparison reads by parsing its SQL, which does not see
        # inside DuckDB's list lambdas (see ``model.dialect_sql``): name them all.
        "additional_columns_to_retain": sorted(
            {name for c in comparisons for name in read_columns(c)}
        ),
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": parameters.prior,
        "comparisons": [
            comparison_settings(c, parameters, dialect, term_frequencies)
            for c in comparisons
        ],
        "blocking_rules_to_generate_predictions": rules,
        "retain_matching_columns": True,  # Splink keeps the gamma columns only then
        "retain_intermediate_calculation_columns": True,
        "max_iterations": 20,
    }


def gamma_to_level(comparison: Comparison, gamma: int | None) -> int | None:
    """Splink numbers levels from the top (n-1) down to the else level (0); null is -1."""
    if gamma is None or gamma < 0:
        return None
    return len(comparison.levels) - 1 - int(gamma)


def parameters_from_model(model: dict[str, Any], fallback: Parameters) -> Parameters:
    """Read m/u back from Splink's model JSON after training."""
    levels: dict[str, tuple[tuple[float, float], ...]] = {}
    for comp in model["comparisons"]:
        name = comp["output_column_name"]
        base = fallback.levels[name]
        out = []
        non_null = [
            lvl for lvl in comp["comparison_levels"] if not lvl.get("is_null_level")
        ]
        for index, lvl in enumerate(non_null):
            m = lvl.get("m_probability")
            u = lvl.get("u_probability")
            m = base[index][0] if m is None or not math.isfinite(m) or m <= 0 else m
            u = base[index][1] if u is None or not math.isfinite(u) or u <= 0 else u
            out.append((float(m), float(u)))
        levels[name] = tuple(out)
    prior = model.get("probability_two_random_records_match") or fallback.prior
    return Parameters(prior=float(prior), levels=levels)


def rows_of(features: Sequence[Features]) -> dict[str, list[Any]]:
    """Column-wise table of the features; lists are joined (DuckDB splits them back).

    ``attrgetter`` and ``zip`` transpose the records in C: a million contacts in ≈ 7 s
    instead of ≈ 12 s for a ``getattr`` per field and record."""
    names = list(Features.__dataclass_fields__)
    columns: dict[str, Any] = (
        dict(
            zip(
                names, zip(*map(attrgetter(*names), features), strict=True), strict=True
            )
        )
        if features
        else {name: () for name in names}
    )
    join = _SEP.join
    for name in _LIST_COLUMNS:
        values = columns[name]
        if name == "first_groups":
            columns[name] = [join(map(str, v)) if v else None for v in values]
        else:
            columns[name] = [join(v) if v else None for v in values]
    return {name: list(values) for name, values in columns.items()}


def training_rules(filled: set[str]) -> list[Any]:
    """EM blocking rules: on the names, then on other fields so names get estimated too."""
    from splink import block_on

    candidates = (
        ("name_key",),
        ("birth_date",),
        ("postcode", "city"),
        ("org",),
        ("email_locals",),
    )
    return [block_on(*cols) for cols in candidates if set(cols) <= filled]
