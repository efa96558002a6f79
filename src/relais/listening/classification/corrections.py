"""Retraining with the labels the team corrected in the inbox: the use case behind `relais mentions retrain`.

The corrections are read through ``relais.listening.selectors.label_corrections()`` (the
inbox part of the listening area), imported only when asked for, so the classifier works
and retrains on its corpus alone in an installation without the inbox.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from relais.core.errors import RelaisError

from . import corpus, evaluation
from .model import JSON_NAME, MentionModel
from .store import retrained_dir
from .training import retrain

SELECTOR = "relais.listening.selectors.label_corrections"


@dataclass(frozen=True)
class RetrainResult:
    directory: Path
    corrections: int
    held_out: dict[str, evaluation.Scores]


def _label_corrections() -> Callable[[], Iterable[tuple[str, str]]]:
    module_name, _, name = SELECTOR.rpartition(".")
    try:
        module = importlib.import_module(module_name)
        selector: Callable[[], Iterable[tuple[str, str]]] = getattr(module, name)
    except (ImportError, AttributeError):
        raise RelaisError(
            f"corrections: {SELECTOR}() is not available in this installation, so there are "
            "no inbox corrections to learn from; use --corpus-only to retrain on the corpus alone."
        ) from None
    return selector


def retrain_with_corrections(
    *, corpus_only: bool = False, destination: Path | None = None
) -> RetrainResult:
    """Retrain on the corpus plus every label corrected in the inbox; measure on the held-out set."""
    pairs = [] if corpus_only else list(_label_corrections()())
    directory = retrain(pairs, destination=destination)
    model = MentionModel.load(directory)
    report = evaluation.evaluate(
        {"model": evaluation.model_predictor(model)}, corpus.load("test")
    )
    return RetrainResult(
        directory=directory, corrections=len(pairs), held_out=report["model"]
    )


def reset_retrained(directory: Path | None = None) -> bool:
    """Remove the retrained model, so the shipped one is used again; False if there was none."""
    directory = directory or retrained_dir()
    if not (directory / JSON_NAME).is_file():
        return False
    shutil.rmtree(directory)
    return True
