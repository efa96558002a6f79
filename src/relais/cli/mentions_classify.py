"""``relais mentions classify`` and ``relais mentions retrain``: the mention classifier from a shell.

``classify`` reads texts, one a line, on standard input and writes one result a line, in the
same order (docs/listening-classification.md); it needs no database. ``retrain`` learns the
labels people corrected in the inbox.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click

from relais.listening.classification import Classification, classify_texts, load_model
from relais.listening.classification.corrections import (
    reset_retrained,
    retrain_with_corrections,
)

from .base import RelaisCommand
from .output import FORMATS, cells, console, open_output, table

BATCH = 2000


def _lines() -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("utf-8", errors="replace")
            click.echo(
                f"Warning: line {number}: not UTF-8; undecodable bytes replaced by U+FFFD.",
                err=True,
            )
        yield number, line.rstrip("\r\n")


def _batches() -> Iterator[list[str]]:
    batch: list[str] = []
    for _, line in _lines():
        batch.append(line)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _record(text: str, result: Classification, evidence: bool) -> dict[str, object]:
    if not text.strip():
        return {"label": None, "scores": {}, "lang": "und", "error": "empty line"}
    record: dict[str, object] = {
        "label": result.label,
        "scores": result.scores,
        "lang": result.lang,
    }
    if evidence:
        record["evidence"] = [[name, weight] for name, weight in result.evidence]
    return record


@click.command("classify")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for people, jsonl for programs (one result per input line).",
)
@click.option(
    "--evidence",
    is_flag=True,
    help="Add the features that weighed most for each label.",
)
def classify(fmt: str, evidence: bool) -> None:
    """Classify texts read on standard input, one a line: label, probabilities, language.

    An empty line gives a line with label null, so output line N always answers input line N.
    """
    try:
        model = load_model()
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"model: {' '.join(str(exc).split())}") from None
    if fmt == "jsonl":
        with open_output(None) as out:
            for batch in _batches():
                for text, result in zip(
                    batch, classify_texts(batch, model=model), strict=True
                ):
                    out.write(
                        json.dumps(_record(text, result, evidence), ensure_ascii=False)
                        + "\n"
                    )
                out.flush()
        return
    grid = table(
        "Label", "Probability", "Language", "Text", *(["Evidence"] if evidence else [])
    )
    for batch in _batches():
        for text, result in zip(batch, classify_texts(batch, model=model), strict=True):
            record = _record(text, result, evidence)
            label = record["label"] or ""
            why = (
                ", ".join(f"{n} ({w:+.2f})" for n, w in result.evidence)
                if evidence
                else None
            )
            grid.add_row(
                *cells(
                    label,
                    f"{result.scores[result.label]:.2f}" if label else "",
                    record["lang"],
                    text[:80],
                ),
                *(cells(why) if evidence else []),
            )
    console().print(grid)


@click.command("retrain", cls=RelaisCommand)
@click.option(
    "--corpus-only", is_flag=True, help="Leave out the labels corrected in the inbox."
)
@click.option(
    "--reset",
    is_flag=True,
    help="Remove the retrained model and go back to the shipped one.",
)
def retrain(corpus_only: bool, reset: bool) -> None:
    """Retrain the classifier on its corpus plus every label corrected in the inbox.

    The model is written to RELAIS_MENTION_MODEL_DIR (default: mention-model in
    RELAIS_DATA_DIR) and used from then on; the figures on the held-out corpus are printed.
    """
    if reset:
        removed = reset_retrained()
        click.echo(
            "Retrained model removed; the shipped model is used again."
            if removed
            else "No retrained model; the shipped model is in use."
        )
        return
    result = retrain_with_corrections(corpus_only=corpus_only)
    click.echo(
        f"Model retrained with {result.corrections} correction{'s' if result.corrections != 1 else ''}, written to {result.directory}."
    )
    for lang, scores in result.held_out.items():
        click.echo(
            f"Held-out {lang}: macro-F1 {scores.macro_f1:.2f}, complaint recall {scores.complaint_recall:.2f} ({scores.count} messages)."
        )


COMMANDS = (classify, retrain)
