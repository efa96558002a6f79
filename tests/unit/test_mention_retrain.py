"""Retraining with the labels people corrected: the corrections change the model that is used."""

from __future__ import annotations

import pytest

from relais.core.errors import InvalidInput, RelaisError
from relais.listening.classification import (
    classify_texts,
    corpus,
    corrections,
    load_model,
    retrain,
)
from relais.listening.classification.store import SHIPPED_DIR, active_dir

# A mention of a kind the corpus never shows: a retailer's stock alert. The team files these
# as purchase intent; the shipped model has never seen one.
ALERTS = [
    ("Restock alert: the Aerobrew 300 is back at Currys, 3 left", "purchase_intent"),
    ("Restock alert: Voltra X2 256GB back on the official store", "purchase_intent"),
    ("Alerte stock : la bouilloire verte est de retour chez Darty", "purchase_intent"),
    ("Alerte stock : le vélo bleu revient en taille M à Lyon", "purchase_intent"),
    ("Restock alert: green armchair available again in Leeds", "purchase_intent"),
    ("Restock alert: the hot sauce gift box is back, 10 left", "purchase_intent"),
]


@pytest.fixture
def model_dir(tmp_path, monkeypatch):
    directory = tmp_path / "mention-model"
    monkeypatch.setenv("RELAIS_MENTION_MODEL_DIR", str(directory))
    return directory


def test_corrections_are_learnt_and_the_retrained_model_is_used_from_then_on(model_dir):
    probe = "Restock alert: the pink hoodie is back in size S"
    assert active_dir() == SHIPPED_DIR
    before = classify_texts([probe])[0]
    assert before.label != "purchase_intent"

    assert retrain(ALERTS) == model_dir
    assert active_dir() == model_dir
    model = load_model()
    assert model.meta["corrections"] == len(ALERTS)
    after = classify_texts([probe])[0]
    assert after.label == "purchase_intent"
    assert after.scores["purchase_intent"] > before.scores["purchase_intent"]


def test_a_correction_overrides_the_corpus_label_of_the_same_text(model_dir):
    example = next(e for e in corpus.load("train") if e.label == "other")
    retrain([(example.text, "question")])
    assert (
        classify_texts([example.text])[0].scores["question"]
        > classify_texts([example.text], model=load_model(SHIPPED_DIR))[0].scores[
            "question"
        ]
    )


def test_a_bad_correction_is_refused_with_its_number(model_dir):
    with pytest.raises(
        InvalidInput, match=r"correction 2 label: 'angry' is not one of"
    ):
        retrain([("Great stuff", "praise"), ("Where is my parcel", "angry")])
    with pytest.raises(InvalidInput, match=r"correction 1 text: missing or empty"):
        retrain([("  ", "praise")])
    assert not model_dir.exists()


def test_without_the_inbox_selector_the_message_says_what_to_do(model_dir, monkeypatch):
    monkeypatch.setattr(
        corrections, "SELECTOR", "relais.listening.nowhere.label_corrections"
    )
    with pytest.raises(
        RelaisError, match=r"is not available in this installation.*--corpus-only"
    ):
        corrections.retrain_with_corrections()


def test_reset_goes_back_to_the_shipped_model(model_dir):
    result = corrections.retrain_with_corrections(corpus_only=True)
    assert result.corrections == 0 and active_dir() == model_dir
    assert set(result.held_out) == {"en", "fr"}
    assert corrections.reset_retrained() is True
    assert active_dir() == SHIPPED_DIR
    assert corrections.reset_retrained() is False
