"""``relais intros``: the best ways to reach a contact through people the team knows."""

from __future__ import annotations

import json

import click

from relais.automation.services.graph import relationship_graph
from relais.automation.services.intros import (
    draft_request,
    find_target,
    intros_for_contact,
)

from .base import RelaisCommand


@click.command("intros", cls=RelaisCommand)
@click.argument("contact")
@click.option(
    "--limit",
    type=click.IntRange(1, 50),
    default=5,
    show_default=True,
    help="Paths to show.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "fr"]),
    default="en",
    show_default=True,
    help="Language of the draft.",
)
def intros(contact: str, limit: int, fmt: str, lang: str) -> None:
    """Paths from the team to CONTACT (an id), strongest first, each link with its reason."""
    target = find_target(contact)
    graph = relationship_graph(refresh=True)
    paths = intros_for_contact(target, limit=limit, graph=graph)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "contact": target.pk,
                    "paths": [
                        p.as_dict() | {"draft": draft_request(p, lang=lang)}
                        for p in paths
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not paths:
        click.echo(f"Nobody in the team is linked to {target.display_name} yet.")
    for path in paths:
        click.echo(
            f"{path.strength:.2f}  "
            + " → ".join([path.links[0].source, *(link.target for link in path.links)])
        )
        for link in path.links:
            click.echo(
                f"      {link.source} – {link.target}: {link.reason} ({link.strength:.2f})"
            )
