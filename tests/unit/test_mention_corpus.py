"""The labelled corpus the mention classifier learns from: big enough, balanced, not templated,
and a held-out set that shares nothing with training."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from relais.core.errors import InvalidInput
from relais.listening.classification import corpus
from relais.listening.classification.labels import LABELS
from relais.listening.classification.text import normalise

TRAIN = corpus.load("train")
TEST = corpus.load("test")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", normalise(text)))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_language_has_700_training_messages_and_every_label(lang):
    train = Counter(e.label for e in TRAIN if e.lang == lang)
    test = Counter(e.label for e in TEST if e.lang == lang)
    assert sum(train.values()) >= 700
    assert min(train[label] for label in LABELS) >= 80, train
    assert sum(test.values()) >= 180
    assert min(test[label] for label in LABELS) >= 20, test


def test_no_held_out_message_is_a_near_copy_of_a_training_one():
    """Held-out means unseen: no test message shares 80% of its words with a training one."""
    train_words = [(e.lang, _words(e.text)) for e in TRAIN]
    for example in TEST:
        words = _words(example.text)
        for lang, other in train_words:
            if lang == example.lang and words and other:
                overlap = len(words & other) / len(words | other)
                assert overlap < 0.8, example.text


def test_messages_are_not_written_from_templates():
    """A template shows as many messages opening with the same words; none do here."""
    for examples in (TRAIN, TEST):
        texts = [normalise(e.text) for e in examples]
        assert len(set(texts)) == len(texts), "duplicate messages"
        openings = Counter(" ".join(t.split()[:4]) for t in texts)
        assert openings.most_common(1)[0][1] <= 4, openings.most_common(3)


def test_a_bad_line_is_named_with_its_file_and_line(tmp_path, monkeypatch):
    rows = [
        {"text": "Colis jamais arrivé", "label": "complaint", "lang": "fr"},
        {"text": "Where is it?", "label": "angry", "lang": "en"},
    ]
    (tmp_path / "train.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    monkeypatch.setattr(corpus, "CORPUS_DIR", tmp_path)
    with pytest.raises(
        InvalidInput, match=r"train.jsonl:2 label: 'angry' is not one of"
    ):
        corpus.load("train")
