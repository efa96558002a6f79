"""The one place listening calls the text classifier (``relais.listening.classification``).

The classifier is imported lazily: without it (a build that does not ship the model) mentions
are stored unlabelled, and labelled once it is present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Labelled:
    label: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    lang: str = ""
    evidence: list[tuple[str, float]] = field(default_factory=list)


def classifier_available() -> bool:
    try:
        from relais.listening import classification  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:
        return False
    return True


def label_texts(texts: list[str]) -> list[Labelled]:
    """One ``Labelled`` per text; empty labels when the classifier is not installed."""
    if not texts:
        return []
    try:
        from relais.listening import classification  # type: ignore[attr-defined]
    except ImportError:
        return [Labelled() for _ in texts]
    results: list[Any] = classification.classify_texts(texts)
    return [
        Labelled(
            label=r.label,
            scores={k: round(float(v), 4) for k, v in r.scores.items()},
            lang=r.lang,
            evidence=[(str(f), round(float(w), 4)) for f, w in r.evidence],
        )
        for r in results
    ]


def mention_text(title: str, text: str) -> str:
    return f"{title}\n{text}".strip() if title and not text.startswith(title) else text
