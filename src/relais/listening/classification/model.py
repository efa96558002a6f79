"""The shipped classifier: TF-IDF word and character n-grams plus cues, a linear model on top.

Stored in two plain files, no pickle: ``mention-classifier.json`` (labels, vocabularies,
language weights, where the model came from) and ``mention-classifier.npz`` (idf weights,
coefficients, intercepts; read with ``allow_pickle=False``). Prediction needs numpy only:
scikit-learn is needed to train (``training.py``), not to load, so loading takes a fraction
of a second.

The features of a text are three blocks side by side, as scikit-learn's ``FeatureUnion`` of
two ``TfidfVectorizer`` would give: word 1–2-grams and character 3–5-grams (sublinear tf
times idf, each block scaled to unit length) and the cue values of ``cues.py``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import cues, language
from .text import char_ngrams, normalise, word_ngrams

JSON_NAME = "mention-classifier.json"
ARRAYS_NAME = "mention-classifier.npz"
FORMAT = 1


@dataclass
class MentionModel:
    """A trained classifier; ``coef`` has one row per label, one column per feature."""

    labels: tuple[str, ...]
    word_vocabulary: list[str]
    char_vocabulary: list[str]
    word_idf: np.ndarray
    char_idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    language_weights: dict[str, float]
    meta: dict[str, Any] = field(default_factory=dict)
    # A text whose complaint probability reaches this is a complaint, whatever else scores
    # higher: missing an incident costs more than a false alarm (training.py says how it is chosen).
    complaint_threshold: float = 1.0

    def __post_init__(self) -> None:
        self._word_index = {g: i for i, g in enumerate(self.word_vocabulary)}
        offset = len(self.word_vocabulary)
        self._char_index = {g: offset + i for i, g in enumerate(self.char_vocabulary)}
        self._cue_offset = offset + len(self.char_vocabulary)
        self._idf = np.concatenate([self.word_idf, self.char_idf]).astype(np.float64)
        self._weights = np.ascontiguousarray(self.coef.T, dtype=np.float64)
        self._bias = self.intercept.astype(np.float64)
        self._complaint = (
            self.labels.index("complaint") if "complaint" in self.labels else None
        )

    @property
    def feature_count(self) -> int:
        return self._cue_offset + len(cues.CUE_NAMES)

    def feature_name(self, index: int) -> str:
        if index < len(self.word_vocabulary):
            return f"word:{self.word_vocabulary[index]}"
        if index < self._cue_offset:
            return f"chars:{self.char_vocabulary[index - len(self.word_vocabulary)]}"
        return cues.CUE_NAMES[index - self._cue_offset]

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The non-zero features of one text: (column indices, values)."""
        norm = normalise(text)
        indices: list[int] = []
        values: list[float] = []
        for grams, index in (
            (word_ngrams(norm), self._word_index),
            (char_ngrams(norm), self._char_index),
        ):
            counts = Counter(i for g in grams if (i := index.get(g)) is not None)
            if not counts:
                continue
            cols = list(counts)
            tf = np.array([1.0 + math.log(counts[c]) for c in cols]) * self._idf[cols]
            tf /= np.sqrt(tf @ tf)
            indices.extend(cols)
            values.extend(tf.tolist())
        for i, value in enumerate(cues.cue_values(norm, text)):
            if value:
                indices.append(self._cue_offset + i)
                values.append(value)
        return np.array(indices, dtype=np.int64), np.array(values, dtype=np.float64)

    def decision(self, indices: np.ndarray, values: np.ndarray) -> np.ndarray:
        return values @ self._weights[indices] + self._bias

    def probabilities(self, indices: np.ndarray, values: np.ndarray) -> np.ndarray:
        scores = self.decision(indices, values)
        scores = np.exp(scores - scores.max())
        probs: np.ndarray = scores / scores.sum()
        return probs

    def predict(self, probs: np.ndarray) -> int:
        """The index of the label: complaint past its threshold, else the most probable."""
        complaint = self._complaint
        if complaint is not None and probs[complaint] >= self.complaint_threshold:
            return complaint
        return int(probs.argmax())

    def evidence(
        self, indices: np.ndarray, values: np.ndarray, label: int, top: int = 5
    ) -> list[tuple[str, float]]:
        """The features that pushed most towards ``label``: (name, contribution)."""
        contributions = values * self._weights[indices, label]
        order = np.argsort(-contributions, kind="stable")[:top]
        return [
            (self.feature_name(int(indices[i])), round(float(contributions[i]), 4))
            for i in order
            if contributions[i] > 0
        ]

    def detect_language(self, text: str) -> str:
        return language.detect(text, self.language_weights)

    # -- files ------------------------------------------------------------------------------

    def save(self, directory: Path) -> Path:
        """Write the two files into ``directory`` (created if needed); return it."""
        directory.mkdir(parents=True, exist_ok=True)
        document = {
            "format": FORMAT,
            "labels": list(self.labels),
            "complaint_threshold": self.complaint_threshold,
            "cues": list(cues.CUE_NAMES),
            "meta": self.meta,
            "word_vocabulary": self.word_vocabulary,
            "char_vocabulary": self.char_vocabulary,
            "language_weights": self.language_weights,
        }
        (directory / JSON_NAME).write_text(
            json.dumps(
                document, ensure_ascii=False, sort_keys=True, separators=(",", ":")
            ),
            encoding="utf-8",
        )
        with (directory / ARRAYS_NAME).open("wb") as handle:
            np.savez_compressed(
                handle,
                word_idf=self.word_idf.astype(np.float32),
                char_idf=self.char_idf.astype(np.float32),
                coef=self.coef.astype(np.float32),
                intercept=self.intercept.astype(np.float32),
            )
        return directory

    @classmethod
    def load(cls, directory: Path) -> MentionModel:
        """Read a model written by ``save``; a file from another format version is refused."""
        document = json.loads((directory / JSON_NAME).read_text(encoding="utf-8"))
        if document.get("format") != FORMAT or document.get("cues") != list(
            cues.CUE_NAMES
        ):
            raise ValueError(
                f"{directory / JSON_NAME}: written by another version of Relais; "
                "run `relais mentions retrain` to rebuild it."
            )
        with np.load(directory / ARRAYS_NAME, allow_pickle=False) as arrays:
            return cls(
                labels=tuple(document["labels"]),
                word_vocabulary=document["word_vocabulary"],
                char_vocabulary=document["char_vocabulary"],
                word_idf=arrays["word_idf"],
                char_idf=arrays["char_idf"],
                coef=arrays["coef"],
                intercept=arrays["intercept"],
                language_weights=document["language_weights"],
                meta=document["meta"],
                complaint_threshold=document["complaint_threshold"],
            )
