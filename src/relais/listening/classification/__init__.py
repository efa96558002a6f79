"""Classification of mentions, French and English: complaint, question, praise, purchase intent, spam, other.

A trained linear model over word and character n-grams and FR/EN cues
(docs/listening-classification.md). Pure Python, no database: the listening services store
what ``classify_texts`` returns on each mention; the CLI classifies text from standard input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .labels import LABELS
from .model import MentionModel
from .store import load_model
from .training import retrain

__all__ = [
    "LABELS",
    "Classification",
    "classify_texts",
    "detect_language",
    "load_model",
    "retrain",
]


@dataclass(frozen=True)
class Classification:
    """The label of one text, the probability of every label, its language and the evidence."""

    label: str
    scores: dict[str, float]
    lang: str
    evidence: list[tuple[str, float]]


def classify_texts(
    texts: Sequence[str], model: MentionModel | None = None
) -> list[Classification]:
    """Classify each text with ``model`` (default: the active model, see ``store.py``)."""
    model = model or load_model()
    results = []
    for text in texts:
        indices, values = model.features(text)
        probs = model.probabilities(indices, values)
        best = model.predict(probs)
        results.append(
            Classification(
                label=model.labels[best],
                scores={
                    label: round(float(p), 4)
                    for label, p in zip(model.labels, probs, strict=True)
                },
                lang=model.detect_language(text),
                evidence=model.evidence(indices, values, best),
            )
        )
    return results


def detect_language(text: str) -> str:
    """``fr``, ``en``, another ISO 639-1 code for a few languages, or ``und``; offline."""
    return load_model().detect_language(text)
