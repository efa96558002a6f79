"""``relais report leads``: who added contacts over a period, and from which sources."""

from __future__ import annotations

import datetime as dt
import json

import click

from relais.reports.leads import Source, lead_report

from .base import RelaisGroup
from .output import cells, console, table


@click.group(cls=RelaisGroup)
def report() -> None:
    """Reports on the workspace."""


def _source_text(s: Source) -> str:
    text = s.type
    if s.name:
        text += f" {s.name}"
    if s.format:
        text += f" ({s.format})"
    return text


@report.command("leads")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="First day included (YYYY-MM-DD); default: six days before --until.",
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Last day included (YYYY-MM-DD); default: today.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help="table for people, jsonl for programs (one line per user).",
)
def leads(since: dt.datetime | None, until: dt.datetime | None, fmt: str) -> None:
    """The leaderboard of contacts added per user over a period, with their sources."""
    result = lead_report(
        since=since.date() if since else None, until=until.date() if until else None
    )
    if fmt == "jsonl":
        for leader in result.leaders:
            line = {
                "user": leader.user.email if leader.user else None,
                "contacts": leader.total,
                "by_type": leader.by_type,
                "sources": [
                    {
                        "type": s.type,
                        "name": s.name,
                        "format": s.format,
                        "contacts": s.contacts,
                    }
                    for s in leader.sources
                ],
            }
            click.echo(json.dumps(line, ensure_ascii=False))
        return
    click.echo(f"Contacts added from {result.since} to {result.until}: {result.total}")
    grid = table("#", "User", "Contacts", "Sources")
    for rank, leader in enumerate(result.leaders, start=1):
        grid.add_row(
            *cells(
                rank if leader.total else "",
                leader.user.email if leader.user else "system",
                leader.total,
                ", ".join(f"{_source_text(s)}: {s.contacts}" for s in leader.sources),
            )
        )
    console().print(grid)
