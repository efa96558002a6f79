"""Does a model file match another? Used by the shipped-artefact test and ``--check``."""

from __future__ import annotations

import numpy as np

from .model import MentionModel

# float32 files from the same data: identical on one machine; another BLAS may move the
# last digits of the solver's result, never more than this.
TOLERANCE = 1e-4


def same_model(rebuilt: MentionModel, shipped: MentionModel) -> list[str]:
    """What differs between two models, in words; empty when they are the same model."""
    problems = []
    for name in (
        "labels",
        "word_vocabulary",
        "char_vocabulary",
        "language_weights",
        "meta",
    ):
        if getattr(rebuilt, name) != getattr(shipped, name):
            problems.append(f"{name} differs")
    for name in ("word_idf", "char_idf", "coef", "intercept"):
        a, b = getattr(rebuilt, name), getattr(shipped, name)
        if a.shape != b.shape:
            problems.append(f"{name}: shape {a.shape} != {b.shape}")
        elif not np.allclose(a, b, atol=TOLERANCE, rtol=0):
            problems.append(
                f"{name}: largest difference {float(np.abs(a - b).max()):.2g}"
            )
    return problems
