"""The labelled corpus the classifier learns from, kept in ``corpus/`` beside this module.

``train.jsonl`` and ``test.jsonl`` hold one message a line: ``{"text", "label", "lang"}``.
Every message was written by hand, one at a time (social posts, reviews, forum messages,
comments), in French and English; ``test.jsonl`` was written separately, about other
products and situations, and is never used for training: it is the held-out set that the
figures of docs/listening-classification.md are measured on.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from relais.core.errors import InvalidInput

from .labels import LABELS

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
SPLITS = ("train", "test")


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    lang: str


def load(split: str) -> list[Example]:
    """Every example of one split, checked: a bad line is named with its file and number."""
    path = CORPUS_DIR / f"{split}.jsonl"
    examples = []
    for number, line in enumerate(
        path.read_text(encoding="utf-8").splitlines(), start=1
    ):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput({where: f"not JSON ({exc.msg})"}) from None
        text, label, lang = row.get("text"), row.get("label"), row.get("lang")
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput({f"{where} text": "missing or empty"})
        if label not in LABELS:
            raise InvalidInput(
                {f"{where} label": f"{label!r} is not one of {', '.join(LABELS)}"}
            )
        if lang not in ("fr", "en"):
            raise InvalidInput({f"{where} lang": f"{lang!r} is not fr or en"})
        examples.append(Example(text=text, label=label, lang=lang))
    return examples


def fingerprint(split: str) -> str:
    """SHA-256 of a split's file, recorded in the model so it says what it learnt from."""
    return hashlib.sha256((CORPUS_DIR / f"{split}.jsonl").read_bytes()).hexdigest()
