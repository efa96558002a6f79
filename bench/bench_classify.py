"""Benchmark of the mention classifier (issue 14): quality on the held-out corpus, speed, load time.

Quality, in one run, against the two baselines the issue names: the majority class and the
sentiment-lexicon rule (negative => complaint, positive => praise, else other); macro-F1 per
language, complaint recall, accuracy, and the model's confusion matrices.

Speed: ``classify_texts`` (features, probabilities, evidence and language) on the held-out
texts repeated to ``--mentions``, on one core (BLAS and OpenMP held to one thread); load time:
a fresh interpreter importing the package and loading the shipped model.

    .venv/bin/python bench/bench_classify.py --mentions 20000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

LOAD = """
import time
t0 = time.perf_counter()
from relais.listening.classification.model import MentionModel
from relais.listening.classification.store import SHIPPED_DIR
t1 = time.perf_counter()
MentionModel.load(SHIPPED_DIR)
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
"""


def quality() -> None:
    from relais.listening.classification import corpus, evaluation, load_model

    train, test = corpus.load("train"), corpus.load("test")
    report = evaluation.evaluate(
        {
            "model": evaluation.model_predictor(load_model()),
            "majority class": evaluation.majority_baseline(train),
            "sentiment lexicon": evaluation.lexicon_baseline,
        },
        test,
    )
    print(f"held-out corpus: {len(test)} messages; training: {len(train)}\n")
    print("| predictor | lang | macro-F1 | complaint recall | accuracy |")
    print("|---|---|---|---|---|")
    for name, by_lang in report.items():
        for lang, s in by_lang.items():
            print(
                f"| {name} | {lang} | {s.macro_f1:.3f} | {s.complaint_recall:.3f} | {s.accuracy:.3f} |"
            )
    for lang, s in report["model"].items():
        ratio = {
            b: s.macro_f1 / max(report[b][lang].macro_f1, 1e-9)
            for b in report
            if b != "model"
        }
        print(
            f"\n{lang}: macro-F1 ratio to the baselines: "
            + ", ".join(f"{b} x{r:.1f}" for b, r in ratio.items())
        )
        print(evaluation.format_confusion(s.confusion))


def speed(mentions: int) -> None:
    from relais.listening.classification import classify_texts, corpus, load_model

    model = load_model()
    texts = [e.text for e in corpus.load("test")]
    texts = (texts * (mentions // len(texts) + 1))[:mentions]
    classify_texts(texts[:200], model=model)  # warm caches
    cpu, wall = time.process_time(), time.perf_counter()
    classify_texts(texts, model=model)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"\nclassify_texts: {mentions} mentions in {wall:.2f} s wall, {cpu:.2f} s CPU"
    )
    print(
        f"throughput: {mentions / wall:,.0f} mentions/s wall, {mentions / cpu:,.0f} mentions/s CPU (target 2,000)"
    )
    timings = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", LOAD],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        timings.append(tuple(float(x) for x in out.stdout.split()))
    best = min(timings, key=sum)
    print(
        f"load in a fresh interpreter: import {best[0]:.3f} s + model {best[1]:.3f} s = {sum(best):.3f} s (target < 1 s; best of 3)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the mention classifier.")
    parser.add_argument("--mentions", type=int, default=20_000)
    args = parser.parse_args()
    quality()
    speed(args.mentions)


if __name__ == "__main__":
    main()
