"""Measuring the classifier on the held-out corpus, against the two baselines the issue names.

- the **majority class**: every text gets the label most frequent in training;
- the **sentiment-lexicon rule**: negative sentiment means complaint, positive means praise,
  anything else is other — what a "social listening" tool without a trained model does.

The unit test (``tests/unit/test_mention_classifier.py``) and the benchmark
(``bench/bench_classify.py``) both call ``evaluate``, so the figures in the docs are the ones
the test asserts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import classify_texts, cues
from .corpus import Example
from .labels import COMPLAINT, LABELS, OTHER, PRAISE
from .model import MentionModel
from .text import normalise

Predictor = Callable[[Sequence[str]], list[str]]


@dataclass(frozen=True)
class Scores:
    """One predictor on one language: macro-F1, complaint recall, confusion (true -> predicted)."""

    macro_f1: float
    complaint_recall: float
    accuracy: float
    confusion: dict[str, dict[str, int]]
    count: int


def scores(truth: Sequence[str], predicted: Sequence[str]) -> Scores:
    f1s = []
    for label in LABELS:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p == label)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if p == label != t)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label != p)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    complaints = [p for t, p in zip(truth, predicted, strict=True) if t == COMPLAINT]
    confusion = {t: {p: 0 for p in LABELS} for t in LABELS}
    for t, p in zip(truth, predicted, strict=True):
        confusion[t][p] += 1
    return Scores(
        macro_f1=sum(f1s) / len(LABELS),
        complaint_recall=complaints.count(COMPLAINT) / len(complaints)
        if complaints
        else 0.0,
        accuracy=sum(1 for t, p in zip(truth, predicted, strict=True) if t == p)
        / len(truth),
        confusion=confusion,
        count=len(truth),
    )


def majority_baseline(train: Sequence[Example]) -> Predictor:
    label = Counter(e.label for e in train).most_common(1)[0][0]
    return lambda texts: [label] * len(texts)


def lexicon_baseline(texts: Sequence[str]) -> list[str]:
    out = []
    for text in texts:
        polarity = cues.sentiment(normalise(text))
        out.append(COMPLAINT if polarity < 0 else PRAISE if polarity > 0 else OTHER)
    return out


def model_predictor(model: MentionModel) -> Predictor:
    return lambda texts: [c.label for c in classify_texts(texts, model=model)]


def evaluate(
    predictors: dict[str, Predictor], test: Sequence[Example]
) -> dict[str, dict[str, Scores]]:
    """``{predictor: {lang: Scores}}`` on each language of ``test``."""
    report: dict[str, dict[str, Scores]] = {}
    for name, predict in predictors.items():
        report[name] = {}
        for lang in sorted({e.lang for e in test}):
            subset = [e for e in test if e.lang == lang]
            report[name][lang] = scores(
                [e.label for e in subset], predict([e.text for e in subset])
            )
    return report


def format_confusion(confusion: dict[str, dict[str, int]]) -> str:
    """A plain-text matrix, true labels down, predicted across."""
    short = {label: label[:9] for label in LABELS}
    lines = [
        "true \\ predicted".ljust(18) + "".join(short[p].rjust(11) for p in LABELS)
    ]
    for t in LABELS:
        lines.append(
            short[t].ljust(18) + "".join(str(confusion[t][p]).rjust(11) for p in LABELS)
        )
    return "\n".join(lines)
