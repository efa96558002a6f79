"""The model shipped in the package is what scripts/train_mention_classifier.py builds from the corpus."""

from __future__ import annotations

import pytest

from relais.listening.classification import classify_texts, corpus, training
from relais.listening.classification.artefact import same_model
from relais.listening.classification.model import MentionModel
from relais.listening.classification.store import SHIPPED_DIR


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    directory = tmp_path_factory.mktemp("model")
    return MentionModel.load(training.train_shipped().save(directory))


def test_the_shipped_model_is_what_the_training_script_builds(rebuilt):
    shipped = MentionModel.load(SHIPPED_DIR)
    assert same_model(rebuilt, shipped) == [], (
        "run .venv/bin/python scripts/train_mention_classifier.py and commit the model"
    )
    assert shipped.meta["corpus_train_sha256"] == corpus.fingerprint("train")


def test_both_give_the_same_labels_on_the_held_out_set(rebuilt):
    texts = [e.text for e in corpus.load("test")]
    shipped = MentionModel.load(SHIPPED_DIR)
    assert [c.label for c in classify_texts(texts, model=rebuilt)] == [
        c.label for c in classify_texts(texts, model=shipped)
    ]


def test_a_changed_model_is_reported(rebuilt):
    shipped = MentionModel.load(SHIPPED_DIR)
    shipped.coef[0, 0] += 0.5
    assert same_model(rebuilt, shipped) == ["coef: largest difference 0.5"]
