"""Training the classifier: deterministic, from the corpus and, when asked, the team's corrections.

``scripts/train_mention_classifier.py`` calls ``train_shipped`` to rebuild the model that ships
in ``model/``; ``tests/unit/test_mention_classifier_artefact.py`` checks that what it builds is
what ships. ``retrain`` adds the labels people corrected in the inbox and writes the model
beside the data, where ``classify_texts`` picks it up. The same corpus and corrections always
give the same model (fixed order, a deterministic solver, no random split).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from relais.core.errors import InvalidInput

from . import corpus, language
from .labels import COMPLAINT, LABELS
from .model import MentionModel
from .store import SHIPPED_DIR, retrained_dir
from .text import char_ngrams, normalise, word_ngrams

MIN_DF = 2
C = 8.0
# Missing a complaint costs more than a false alarm: it is the incident nobody handles. The
# class weight and the probability past which a text is a complaint were chosen by 5-fold
# cross-validation on the training split only (`scripts/train_mention_classifier.py --tune`),
# never on the held-out set: of the settings whose complaint recall reaches 0.92 in both
# languages, the best mean macro-F1 (weight 1.5 / threshold 0.25 and 3.0 / 0.3 tie at 0.786;
# the smaller weight is kept).
COMPLAINT_WEIGHT = 1.5
COMPLAINT_THRESHOLD = 0.25
FOLDS = 5


def _vocabulary(docs: Sequence[list[str]]) -> tuple[list[str], np.ndarray]:
    df = Counter(g for grams in docs for g in set(grams))
    vocabulary = sorted(g for g, n in df.items() if n >= MIN_DF)
    n = len(docs)
    idf = np.array(
        [math.log((1 + n) / (1 + df[g])) + 1.0 for g in vocabulary], dtype=np.float32
    )
    return vocabulary, idf


def fit(
    examples: Sequence[corpus.Example],
    meta: dict[str, object] | None = None,
    *,
    c: float = C,
    complaint_weight: float = COMPLAINT_WEIGHT,
    complaint_threshold: float = COMPLAINT_THRESHOLD,
) -> MentionModel:
    """A model trained on ``examples`` (scikit-learn's LogisticRegression, lbfgs)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    norms = [normalise(e.text) for e in examples]
    word_vocabulary, word_idf = _vocabulary([word_ngrams(n) for n in norms])
    char_vocabulary, char_idf = _vocabulary([char_ngrams(n) for n in norms])
    model = MentionModel(
        labels=LABELS,
        word_vocabulary=word_vocabulary,
        char_vocabulary=char_vocabulary,
        word_idf=word_idf,
        char_idf=char_idf,
        coef=np.zeros((len(LABELS), 0), dtype=np.float32),
        intercept=np.zeros(len(LABELS), dtype=np.float32),
        language_weights=language.train_weights((e.text, e.lang) for e in examples),
        meta=dict(meta or {}),
    )
    rows, cols, vals = [], [], []
    for row, example in enumerate(examples):
        indices, values = model.features(example.text)
        rows.extend([row] * len(indices))
        cols.extend(indices.tolist())
        vals.extend(values.tolist())
    matrix = csr_matrix(
        (vals, (rows, cols)), shape=(len(examples), model.feature_count)
    )
    y = np.array([LABELS.index(e.label) for e in examples])
    counts = np.bincount(y, minlength=len(LABELS))
    weights = {
        i: len(y) / (len(LABELS) * max(counts[i], 1)) for i in range(len(LABELS))
    }
    weights[LABELS.index(COMPLAINT)] *= complaint_weight
    classifier = LogisticRegression(C=c, class_weight=weights, max_iter=5000, tol=1e-4)
    # One thread: faster on a busy machine, and the same sums in the same order every time.
    with threadpool_limits(limits=1):
        classifier.fit(matrix, y)
    return MentionModel(
        labels=LABELS,
        word_vocabulary=word_vocabulary,
        char_vocabulary=char_vocabulary,
        word_idf=word_idf,
        char_idf=char_idf,
        coef=classifier.coef_.astype(np.float32),
        intercept=classifier.intercept_.astype(np.float32),
        language_weights=model.language_weights,
        meta=model.meta,
        complaint_threshold=complaint_threshold,
    )


def cross_validated(
    examples: Sequence[corpus.Example], *, complaint_weight: float = COMPLAINT_WEIGHT
) -> list[np.ndarray]:
    """Out-of-fold probabilities of every example (fold = position modulo ``FOLDS``)."""
    out: list[np.ndarray] = [np.zeros(0)] * len(examples)
    for fold in range(FOLDS):
        model = fit(
            [e for i, e in enumerate(examples) if i % FOLDS != fold],
            complaint_weight=complaint_weight,
        )
        for i in range(fold, len(examples), FOLDS):
            out[i] = model.probabilities(*model.features(examples[i].text))
    return out


def train_shipped() -> MentionModel:
    """The model that ships with Relais: the training split of the corpus, nothing else."""
    examples = corpus.load("train")
    return fit(
        examples,
        meta={"corpus_train_sha256": corpus.fingerprint("train"), "corrections": 0},
    )


def _corrections(
    extra: Iterable[tuple[str, str]], model: MentionModel
) -> list[corpus.Example]:
    examples = []
    for number, pair in enumerate(extra, start=1):
        text, label = pair
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput({f"correction {number} text": "missing or empty"})
        if label not in LABELS:
            raise InvalidInput(
                {
                    f"correction {number} label": f"{label!r} is not one of {', '.join(LABELS)}"
                }
            )
        examples.append(
            corpus.Example(text=text, label=label, lang=model.detect_language(text))
        )
    return examples


def retrain(extra: Iterable[tuple[str, str]], destination: Path | None = None) -> Path:
    """Train on the corpus plus ``extra`` (text, label) pairs; write the model; return its folder.

    A correction of a text already in the corpus overrides the corpus label. The folder is
    ``RELAIS_MENTION_MODEL_DIR`` (default: ``mention-model`` in ``RELAIS_DATA_DIR``), which
    ``classify_texts`` reads from then on.
    """
    corrections = _corrections(extra, MentionModel.load(SHIPPED_DIR))
    corrected = {e.text for e in corrections}
    examples = [
        e for e in corpus.load("train") if e.text not in corrected
    ] + corrections
    model = fit(
        examples,
        meta={
            "corpus_train_sha256": corpus.fingerprint("train"),
            "corrections": len(corrections),
        },
    )
    return model.save(destination or retrained_dir())
