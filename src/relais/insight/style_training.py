"""Fitting and judging the style model on the labelled corpus (``data/style/``).

Used by ``scripts/build_style_model.py`` (which writes ``style_model.json`` and prints the
evaluation) and by the test that checks the shipped model is what the script produces. A
plain logistic regression per axis, fitted by full-batch gradient descent with an L2 penalty:
thirteen markers and a few dozen writers need nothing bigger, and nothing random is involved,
so the same corpus always gives the same weights.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from .style import FEATURES, MIN_WORDS, Axis, Markers, StyleModel, measure

_HEADER = re.compile(
    r"^### (?P<id>[a-z]{2}-\d+) \| (?P<kind>\w+) \| (?P<pace>direct|reflective) \| (?P<focus>task|people)$"
)


@dataclass(frozen=True)
class Writer:
    id: str
    lang: str
    kind: str
    pace: str
    focus: str
    texts: list[str]

    @property
    def number(self) -> int:
        return int(self.id.split("-")[1])

    @property
    def held_out(self) -> bool:
        # Every third writer, the same numbers in both languages: the French records adapt
        # the English ones, so a writer's two versions are always on the same side.
        return self.number % 3 == 0


def read_corpus(folder: Path) -> list[Writer]:
    """Every record of ``folder``/*.txt; a malformed header names its file and line."""
    writers: list[Writer] = []
    for path in sorted(folder.glob("*.txt")):
        current: dict | None = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("### "):
                match = _HEADER.match(line)
                if not match:
                    raise ValueError(
                        f"{path.name}:{number}: bad record header {line!r}"
                    )
                if current:
                    writers.append(_writer(current))
                current = {**match.groupdict(), "lines": []}
            elif current is not None:
                current["lines"].append(line)
            elif line.strip() and not line.startswith("#"):
                raise ValueError(f"{path.name}:{number}: text before the first record")
        if current:
            writers.append(_writer(current))
    return writers


def _writer(raw: dict) -> Writer:
    texts = [t.strip() for t in "\n".join(raw["lines"]).split("\n---\n") if t.strip()]
    return Writer(
        raw["id"], raw["id"][:2], raw["kind"], raw["pace"], raw["focus"], texts
    )


def _fit_axis(
    name: str,
    poles: tuple[str, str],
    rows: list[dict[str, float]],
    labels: list[int],
    features: tuple[str, ...] = FEATURES,
    l2: float = 0.05,
    steps: int = 3000,
    rate: float = 0.3,
) -> Axis:
    weights = dict.fromkeys(features, 0.0)
    bias = 0.0
    n = len(rows)
    for _ in range(steps):
        grad = dict.fromkeys(features, 0.0)
        grad_bias = 0.0
        for row, label in zip(rows, labels, strict=True):
            score = bias + sum(weights[f] * row[f] for f in features)
            error = 1 / (1 + math.exp(-max(-30.0, min(30.0, score)))) - label
            grad_bias += error
            for f in features:
                grad[f] += error * row[f]
        bias -= rate * grad_bias / n
        for f in features:
            weights[f] -= rate * (grad[f] / n + l2 * weights[f])
    return Axis(
        name, poles, round(bias, 6), {f: round(w, 6) for f, w in weights.items()}
    )


def _standardisation(markers: list[Markers]) -> tuple[dict, dict]:
    means: dict[str, dict[str, float]] = {}
    scales: dict[str, dict[str, float]] = {}
    for lang in sorted({m.lang for m in markers}):
        own = [m.values for m in markers if m.lang == lang]
        means[lang], scales[lang] = {}, {}
        for f in FEATURES:
            values = [v[f] for v in own]
            mean = sum(values) / len(values)
            var = sum((v - mean) ** 2 for v in values) / len(values)
            means[lang][f] = round(mean, 6)
            scales[lang][f] = round(math.sqrt(var) or 1.0, 6)
    return means, scales


def fit(writers: list[Writer]) -> StyleModel:
    """The model learnt from ``writers`` (the training part)."""
    markers = [measure(w.texts, w.lang) for w in writers]
    means, scales = _standardisation(markers)
    probe = StyleModel(
        means,
        scales,
        Axis("pace", ("direct", "reflective"), 0, {}),
        Axis("focus", ("task", "people"), 0, {}),
    )
    rows = [probe.standardise(m) for m in markers]
    pace = _fit_axis(
        "pace", ("direct", "reflective"), rows, [w.pace == "direct" for w in writers]
    )  # type: ignore[misc]
    focus = _fit_axis(
        "focus", ("task", "people"), rows, [w.focus == "task" for w in writers]
    )  # type: ignore[misc]
    return StyleModel(means, scales, pace, focus)


def macro_f1(truth: list[str], predicted: list[str]) -> float:
    scores = []
    for label in sorted(set(truth)):
        tp = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(p == label != t for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label != p for t, p in zip(truth, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def _quadrant(pace: str, focus: str) -> str:
    return {
        ("direct", "task"): "D",
        ("direct", "people"): "I",
        ("", ""): "?",
        ("reflective", "people"): "S",
        ("reflective", "task"): "C",
    }[(pace, focus)]


def _scores(test: list[Writer], pace: list[str], focus: list[str]) -> dict[str, float]:
    truth_q = [_quadrant(w.pace, w.focus) for w in test]
    pred_q = [_quadrant(p, f) for p, f in zip(pace, focus, strict=True)]
    return {
        "pace_macro_f1": round(macro_f1([w.pace for w in test], pace), 3),
        "focus_macro_f1": round(macro_f1([w.focus for w in test], focus), 3),
        "quadrant_accuracy": round(
            sum(t == p for t, p in zip(truth_q, pred_q, strict=True)) / len(test), 3
        ),
    }


def evaluate(writers: list[Writer]) -> dict[str, object]:
    """Fit on the training part, score the held-out part against two baselines, per language
    and overall, and check abstention on held-out texts cut under the floor."""
    from .style import estimate

    train = [w for w in writers if not w.held_out]
    test = [w for w in writers if w.held_out]
    model = fit(train)
    report: dict[str, object] = {"train": len(train), "held_out": len(test)}
    for lang in ("all", "en", "fr"):
        part = [w for w in test if lang in ("all", w.lang)]
        estimates = [estimate(w.texts, w.lang, model) for w in part]
        markers = _scores(
            part, [e.pace or "" for e in estimates], [e.focus or "" for e in estimates]
        )
        majority = _majority(train)
        base_major = _scores(part, [majority[0]] * len(part), [majority[1]] * len(part))
        base_length = _scores(part, *_length_rule(train, part))
        report[lang] = {
            "markers": markers,
            "majority": base_major,
            "sentence_length": base_length,
        }
    short = [_cut(w.texts, w.lang, n) for w in test for n in (30, 90, MIN_WORDS)]
    langs = [w.lang for w in test for _ in range(3)]
    abstained = sum(
        not estimate(t, lang, model).enough_text
        for t, lang in zip(short, langs, strict=True)
    )
    report["abstention_under_floor"] = round(abstained / len(short), 3)
    return report


def _majority(train: list[Writer]) -> tuple[str, str]:
    pace = [w.pace for w in train]
    focus = [w.focus for w in train]
    return max(sorted(set(pace)), key=pace.count), max(
        sorted(set(focus)), key=focus.count
    )


def _length_rule(
    train: list[Writer], test: list[Writer]
) -> tuple[list[str], list[str]]:
    """Sentence length only: the threshold (and side) that best splits each axis on train."""

    def best(axis: str, first: str, second: str) -> tuple[float, bool]:
        lengths = sorted(
            (measure(w.texts, w.lang).values["words_per_sentence"], getattr(w, axis))
            for w in train
        )
        options = []
        for cut, _ in lengths:
            for short_is_first in (True, False):
                right = sum(
                    (length <= cut) == short_is_first
                    and label == first
                    or (length <= cut) != short_is_first
                    and label == second
                    for length, label in lengths
                )
                options.append((right, cut, short_is_first))
        _, cut, short_is_first = max(options)
        return cut, short_is_first

    out = []
    for axis, first, second in (
        ("pace", "direct", "reflective"),
        ("focus", "task", "people"),
    ):
        cut, short_is_first = best(axis, first, second)
        out.append(
            [
                first
                if (measure(w.texts, w.lang).values["words_per_sentence"] <= cut)
                == short_is_first
                else second
                for w in test
            ]
        )
    return out[0], out[1]


def _cut(texts: list[str], lang: str, words: int) -> list[str]:
    """The opening of ``texts`` (kept as messages) holding fewer than ``words`` words as
    ``measure`` counts them (an elided "l'" or a "2,5" counts twice)."""
    keep = words
    while True:
        out, left = [], keep
        for text in texts:
            parts = text.split()[:left]
            if not parts:
                break
            out.append(" ".join(parts))
            left -= len(parts)
        if measure(out, lang).words < words:
            return out
        keep -= 5
