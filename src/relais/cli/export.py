"""``relais export``: the whole address book as JSONL, CSV or vCard 4.0 (docs/export.md)."""

from __future__ import annotations

import click

from relais.contacts.export import EXPORT_FORMATS, export_contacts

from .base import RelaisCommand
from .output import open_output


@click.command(cls=RelaisCommand)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="jsonl",
    show_default=True,
    help="jsonl (the stable record), csv (for spreadsheets) or vcf (vCard 4.0).",
)
@click.option(
    "--output",
    "-o",
    default=None,
    metavar="PATH",
    help="File to write; standard output when omitted or '-'.",
)
@click.option(
    "--include-merged",
    is_flag=True,
    help="Also export contacts merged into another (left out by default).",
)
def export(fmt: str, output: str | None, include_merged: bool) -> None:
    """Export every contact, archived ones included (merged ones only if asked)."""
    with open_output(output) as out:
        count = export_contacts(fmt=fmt, out=out, include_merged=include_merged)
    if output not in (None, "-"):
        click.echo(f"{count} contacts exported to {output}.", err=True)
