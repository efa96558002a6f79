"""Scoring pairs in Python with the model's parameters, and the evidence in plain words.

The incremental check scores its few candidates here; the batch scorer (Splink) hands the
levels it found to ``evidence_for`` so that both explain a pair in the same sentences.
"""

from __future__ import annotations

from collections.abc import Mapping

from .engine.types import Evidence, MatchRecord, ScoredPair
from .features import Features
from .model import (
    COMPARISONS,
    DEFAULT_PARAMETERS,
    Comparison,
    Parameters,
    level_of,
    prior_weight,
    probability,
    surname_adjustment,
)
from .normalize import split_name

_BY_NAME: dict[str, Comparison] = {c.name: c for c in COMPARISONS}


def _values(record: MatchRecord, comparison: str) -> str:
    match comparison:
        case "first_name":
            return split_name(record.first_name, record.last_name)[0]
        case "last_name":
            return split_name(record.first_name, record.last_name)[1]
        case "email":
            return ", ".join(record.emails)
        case "phone":
            return ", ".join(record.phones or record.mobiles)
        case _:
            return str(getattr(record, comparison, ""))


def _common(a: list[str] | None, b: list[str] | None) -> str:
    return ", ".join(sorted(set(a or ()) & set(b or ())))


def _params(
    comparison: Comparison,
    level: str,
    left: MatchRecord,
    right: MatchRecord,
    fa: Features,
    fb: Features,
) -> dict[str, str]:
    lv, rv = _values(left, comparison.name), _values(right, comparison.name)
    params = {"left": lv, "right": rv}
    if comparison.name == "first_name" and level in {"nickname", "initial"}:
        short, long = sorted((lv, rv), key=lambda v: (len(v.strip(". ")), v))
        params.update(short=short, long=long)
    elif comparison.name == "email":
        if level == "same":
            params["value"] = _common(fa.emails, fb.emails)
        elif level == "shared":
            params["value"] = _common(fa.shared_emails, fb.shared_emails)
        elif level == "name":
            params["value"] = ", ".join(
                e
                for e in (*left.emails, *right.emails)
                if e.split("@")[0].replace(".", "").replace("-", "").replace("_", "")
                in set(fa.name_sigs or ()) | set(fb.name_sigs or ())
            ) or (lv or rv)
    elif comparison.name == "phone" and level in {"same", "shared"}:
        params["value"] = _common(
            (fa.phones or []) + (fa.shared_phones or []),
            (fb.phones or []) + (fb.shared_phones or []),
        )
    elif comparison.name == "organisation":
        params["left"] = left.organisation or ", ".join(left.emails)
        params["right"] = right.organisation or ", ".join(right.emails)
    return params


def evidence_for(
    levels: Mapping[str, int | None],
    left: MatchRecord,
    right: MatchRecord,
    fa: Features,
    fb: Features,
    parameters: Parameters = DEFAULT_PARAMETERS,
    weights: Mapping[str, float] | None = None,
) -> tuple[Evidence, ...]:
    """Evidence of a pair from the level each comparison fell in (None: value missing).

    ``weights`` are the scorer's own per-comparison weights when it has them (Splink's, with
    term frequencies); otherwise each level's weight comes from ``parameters``.

    Fields empty on both sides say nothing and are left out; the strongest evidence comes first.
    """
    out: list[Evidence] = []
    for name, index in levels.items():
        comparison = _BY_NAME[name]
        if index is None:
            if not (_values(left, name) or _values(right, name)):
                continue
            out.append(Evidence(comparison.field, "missing", 0.0, "", {}))
            continue
        level = comparison.levels[index]
        out.append(
            Evidence(
                comparison.field,
                level.outcome,  # type: ignore[arg-type]
                round(
                    weights[name]
                    if weights and name in weights
                    else parameters.weight(name, index),
                    2,
                ),
                level.detail,
                _params(comparison, level.label, left, right, fa, fb),
            )
        )
    out = [e for e in out if e.outcome != "missing"] + [
        Evidence(e.field, "missing", 0.0, _BY_NAME[e.field].missing_detail, {})
        for e in out
        if e.outcome == "missing"
    ]
    out.sort(key=lambda e: -abs(e.weight))
    return tuple(out)


def levels_of(fa: Features, fb: Features) -> dict[str, int | None]:
    return {c.name: level_of(c, fa, fb) for c in COMPARISONS}


def match_weight(
    levels: Mapping[str, int | None], parameters: Parameters = DEFAULT_PARAMETERS
) -> float:
    return prior_weight(parameters) + sum(
        parameters.weight(name, index)
        for name, index in levels.items()
        if index is not None
    )


def score_pair(
    left: MatchRecord,
    right: MatchRecord,
    fa: Features,
    fb: Features,
    parameters: Parameters = DEFAULT_PARAMETERS,
    *,
    surname_frequency: float | None = None,
) -> ScoredPair:
    """The model's verdict on one pair, as the batch scorer would give it.

    ``surname_frequency``: the share of contacts bearing the pair's surname when both bear
    the same one (the batch reads it from the records it scores; None: not adjusted)."""
    if left.id > right.id:
        left, right, fa, fb = right, left, fb, fa
    levels = levels_of(fa, fb)
    weights: dict[str, float] = {}
    adjustment = 0.0
    if levels.get("last_name") == 0 and surname_frequency:
        adjustment = surname_adjustment(parameters, surname_frequency)
        weights["last_name"] = parameters.weight("last_name", 0) + adjustment
    return ScoredPair(
        left.id,
        right.id,
        probability(match_weight(levels, parameters) + adjustment),
        "model",
        evidence_for(levels, left, right, fa, fb, parameters, weights or None),
    )
