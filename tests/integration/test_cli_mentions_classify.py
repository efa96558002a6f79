"""`relais mentions classify` and `relais mentions retrain`, the real executable in a workspace.

Runs on SQLite, and on PostgreSQL when RELAIS_DATABASE_URL is set (see cli_workspace.py).
"""

from __future__ import annotations

import json
import subprocess

import pytest

from relais.listening.classification import LABELS

from .cli_workspace import RELAIS, Workspace, workspace

TEXTS = [
    "Colis marqué livré mais jamais reçu, et le service client ne répond pas",
    "",
    "Where can I buy the green kettle in Leeds? Want one today",
    "🚀 Turn $100 into $10,000 with our crypto bot, DM me, link in bio",
    "Merci à toute l'équipe du magasin, accueil adorable !",
]


@pytest.fixture(scope="module")
def space(tmp_path_factory):
    with workspace(tmp_path_factory.mktemp("cli")) as ws:
        yield ws


def test_classify_jsonl_answers_each_input_line_in_order(space: Workspace):
    result = space.run(
        "mentions", "classify", "--format", "jsonl", input="\n".join(TEXTS) + "\n"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(TEXTS)
    records = [json.loads(line) for line in lines]
    assert records[1] == {
        "label": None,
        "scores": {},
        "lang": "und",
        "error": "empty line",
    }
    for text, record in zip(TEXTS, records, strict=True):
        if not text:
            continue
        assert set(record) == {"label", "scores", "lang"}
        assert record["label"] in LABELS
        assert set(record["scores"]) == set(LABELS)
        assert record["label"] == max(record["scores"], key=record["scores"].get) or (
            record["label"] == "complaint"
        )
        assert sum(record["scores"].values()) == pytest.approx(1.0, abs=1e-3)
    assert [r["lang"] for r in records] == ["fr", "und", "en", "en", "fr"]


def test_classify_with_evidence_and_bad_bytes(space: Workspace):
    raw = (
        "Mon colis n'est jamais arrivé\n".encode() + b"caf\xe9 froid, servi en retard\n"
    )
    result = subprocess.run(
        [RELAIS, "mentions", "classify", "--format", "jsonl", "--evidence"],
        input=raw,
        capture_output=True,
        env=space.env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(records) == 2
    assert all(r["evidence"] and all(w > 0 for _, w in r["evidence"]) for r in records)
    assert b"line 2: not UTF-8" in result.stderr


def test_classify_table_for_people(space: Workspace):
    result = space.run(
        "mentions", "classify", input="Where is my refund? 3 weeks now.\n"
    )
    assert result.returncode == 0, result.stderr
    assert "complaint" in result.stdout and "Where is my refund" in result.stdout


def test_retrain_on_the_corpus_then_reset(space: Workspace):
    result = space.run("mentions", "retrain", "--corpus-only", timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Model retrained with 0 corrections" in result.stdout
    assert "Held-out fr: macro-F1" in result.stdout
    assert (space.data_dir / "mention-model" / "mention-classifier.json").is_file()
    result = space.run("mentions", "retrain", "--reset")
    assert "the shipped model is used again" in result.stdout
    assert not (space.data_dir / "mention-model").exists()
