"""Rebuild ``src/relais/insight/style_model.json`` from ``data/style/`` and print how it does.

    .venv/bin/python scripts/build_style_model.py          # fit, evaluate, write the model
    .venv/bin/python scripts/build_style_model.py --check  # evaluate only; exit 1 if stale

The model is fitted on the training part only (two writers in three); the held-out third is
scored in the same run against a majority-class baseline and a sentence-length-only rule.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from relais.insight.style import MODEL_PATH  # noqa: E402
from relais.insight.style_training import evaluate, fit, read_corpus  # noqa: E402

CORPUS = ROOT / "data" / "style"


def built() -> str:
    writers = read_corpus(CORPUS)
    model = fit([w for w in writers if not w.held_out])
    return json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n"


def main() -> int:
    writers = read_corpus(CORPUS)
    print(json.dumps(evaluate(writers), indent=1))
    text = built()
    if "--check" in sys.argv:
        stale = MODEL_PATH.read_text(encoding="utf-8") != text
        print(
            "model is stale: rerun without --check" if stale else "model is up to date"
        )
        return int(stale)
    MODEL_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
