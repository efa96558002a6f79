"""Rebuild the mention classifier that ships in src/relais/listening/classification/model/.

    .venv/bin/python scripts/train_mention_classifier.py          # write the model
    .venv/bin/python scripts/train_mention_classifier.py --check  # compare, write nothing
    .venv/bin/python scripts/train_mention_classifier.py --tune   # cross-validate the complaint
                                                                   # weight and threshold

Deterministic: the same corpus gives the same model (tests/unit/test_mention_classifier_artefact.py
checks that the shipped files are what this script builds). Prints the held-out figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only compare with the shipped model"
    )
    parser.add_argument(
        "--tune", action="store_true", help="cross-validate on the training split"
    )
    args = parser.parse_args()
    if args.tune:
        tune()
        return 0

    from relais.listening.classification import corpus, evaluation, training
    from relais.listening.classification.artefact import same_model
    from relais.listening.classification.model import MentionModel
    from relais.listening.classification.store import SHIPPED_DIR

    model = training.train_shipped()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            rebuilt = MentionModel.load(model.save(Path(tmp)))
            problems = same_model(rebuilt, MentionModel.load(SHIPPED_DIR))
        for problem in problems:
            print(problem)
        print(
            "the shipped model is up to date"
            if not problems
            else "the shipped model is stale"
        )
        return 1 if problems else 0
    model.save(SHIPPED_DIR)
    size = sum(p.stat().st_size for p in SHIPPED_DIR.iterdir())
    print(f"wrote {SHIPPED_DIR} ({size / 1e6:.2f} MB, {model.feature_count} features)")
    shipped = MentionModel.load(SHIPPED_DIR)
    report = evaluation.evaluate(
        {"model": evaluation.model_predictor(shipped)}, corpus.load("test")
    )
    for lang, scores in report["model"].items():
        print(
            f"held-out {lang}: macro-F1 {scores.macro_f1:.3f}, "
            f"complaint recall {scores.complaint_recall:.3f} ({scores.count} messages)"
        )
    return 0


def tune() -> None:
    """Out-of-fold macro-F1 and complaint recall per language, for weights and thresholds."""
    import numpy as np

    from relais.listening.classification import corpus, evaluation, training
    from relais.listening.classification.labels import COMPLAINT, LABELS

    examples = corpus.load("train")
    complaint = LABELS.index(COMPLAINT)
    for weight in (1.0, 1.5, 2.0, 3.0):
        probabilities = training.cross_validated(examples, complaint_weight=weight)
        for threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 1.0):
            row = [f"weight {weight:<4} threshold {threshold:<5}"]
            for lang in ("en", "fr"):
                idx = [i for i, e in enumerate(examples) if e.lang == lang]
                predicted = [
                    COMPLAINT
                    if probabilities[i][complaint] >= threshold
                    else LABELS[int(np.argmax(probabilities[i]))]
                    for i in idx
                ]
                s = evaluation.scores([examples[i].label for i in idx], predicted)
                row.append(
                    f"{lang} macro-F1 {s.macro_f1:.3f} recall {s.complaint_recall:.3f}"
                )
            print("  ".join(row), flush=True)


if __name__ == "__main__":
    sys.exit(main())
