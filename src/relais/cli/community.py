"""``relais authors``: who talks about the brand, what they contributed, their influence
(docs/community.md)."""

from __future__ import annotations

import click

from relais.community import selectors, services
from relais.community.voices import PLAYBOOKS

from .base import RelaisGroup
from .output import cells, console, format_option, print_jsonl, table


@click.group(cls=RelaisGroup)
def authors() -> None:
    """Mention authors: contributions by kind, kind of voice, influence and its components."""


@authors.command("sync")
def sync() -> None:
    """Count the contributions of every stored mention (new mentions are counted as they come)."""
    count = services.sync()
    click.echo(f"{count} contributions recorded.")


@authors.command("list")
@click.option(
    "--kind", default="", help="Only this kind of voice, e.g. journalist, blogger."
)
@format_option
def list_(kind: str, fmt: str) -> None:
    """Authors, most influential first, with the components of the score."""
    rows = [r for r in selectors.author_rows() if not kind or r.kind == kind]
    if fmt == "jsonl":
        print_jsonl(r.as_dict() for r in rows)
        return
    grid = table(
        "ID",
        "Author",
        "Source",
        "Kind",
        "Influence",
        "Reach",
        "Engagement",
        "Relevance",
        "Activity",
        "Contributions",
    )
    for r in rows:
        c = r.components
        grid.add_row(
            *cells(
                r.id,
                r.name or r.handle,
                r.source,
                r.kind,
                r.influence,
                c["reach"],
                c["engagement"],
                c["relevance"],
                c["activity"],
                ", ".join(f"{k} {n}" for k, n in r.contributions.items()),
            )
        )
    console().print(grid)


@authors.command("playbook")
@click.argument("kind", type=click.Choice(sorted(PLAYBOOKS)))
def playbook(kind: str) -> None:
    """How to approach this kind of voice (a journalist is not a blogger)."""
    click.echo(str(PLAYBOOKS[kind]))
