"""``relais dedupe``: find duplicate contacts, merge the sure ones, review the others.

A thin entrypoint over ``relais.matching.services.run_dedupe`` and, with ``--review``, over
``decide`` for each pair of the queue (m = merge, n = not the same person, s = skip, q = quit).
"""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

from relais.matching.compare import evidence_text, side_by_side, weight_words
from relais.matching.models import MatchCandidate
from relais.matching.selectors import review_queue
from relais.matching.services import decide, run_dedupe

from .base import RelaisCommand
from .output import console

KEYS = {"m": "merge", "n": "not_same", "s": "skip"}


@click.command("dedupe", cls=RelaisCommand)
@click.option(
    "--auto",
    is_flag=True,
    help="Merge pairs at or above RELAIS_MATCHING_AUTO_THRESHOLD without review "
    "(without it, every pair goes to the review queue).",
)
@click.option(
    "--review",
    is_flag=True,
    help="Then walk the review queue: m merge, n not the same person, s skip, q quit.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, min_open=True),
    default=None,
    metavar="X",
    help="Queue pairs at or above this probability (default: "
    "RELAIS_MATCHING_REVIEW_THRESHOLD).",
)
def dedupe(auto: bool, review: bool, threshold: float | None) -> None:
    """Find contacts that are the same person; merge the sure ones, queue the others."""
    summary = run_dedupe(actor=None, auto=auto, threshold=threshold)
    click.echo(summary.line())
    if review:
        walk_queue()


def _show(candidate: MatchCandidate, position: int, total: int) -> None:
    out = console()
    grid = Table(
        title=f"Pair {position}/{total} — probability {candidate.probability:.2f}",
        title_justify="left",
        header_style="bold",
    )
    grid.add_column("")
    grid.add_column(Text(f"#{candidate.left_id} {candidate.left.display_name}"))
    grid.add_column(Text(f"#{candidate.right_id} {candidate.right.display_name}"))
    grid.add_column("")
    for row in side_by_side(candidate.left, candidate.right):
        mark = "=" if row.agrees else ("" if row.missing else "≠")
        grid.add_row(Text(row.label), Text(row.left), Text(row.right), mark)
    out.print(grid)
    for item in candidate.evidence:
        out.print(
            Text(
                f"  {evidence_text(item)} ({weight_words(float(item.get('weight', 0)))})"
            )
        )


def walk_queue() -> None:
    """Ask about each pending pair in turn, best first."""
    pending = list(review_queue().prefetch_related("left__points", "right__points"))
    decided = 0
    for position, candidate in enumerate(pending, start=1):
        candidate.refresh_from_db()
        if candidate.status != MatchCandidate.Status.PENDING:
            continue  # decided by an earlier merge of this session
        _show(candidate, position, len(pending))
        key = click.prompt(
            "[m]erge, [n]ot the same person, [s]kip, [q]uit",
            type=click.Choice(["m", "n", "s", "q"]),
            show_choices=False,
        )
        if key == "q":
            break
        done = decide(actor=None, candidate_id=candidate.pk, decision=KEYS[key])
        decided += 1
        if done.merge is not None:
            click.echo(
                f"Merged: merge {done.merge.pk} (undo with 'relais merge undo {done.merge.pk}')."
            )
    click.echo(f"{decided} pairs decided, {review_queue().count()} still to review.")
