"""``relais segments``: list, show, create and export saved filters (docs/search.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from relais.contacts.segments import export as segment_export
from relais.contacts.segments import selectors, services
from relais.core.errors import InvalidInput

from .base import RelaisGroup
from .output import cells, console, format_option, open_output, print_jsonl, table

ID = click.IntRange(1, 2**63 - 1)


@click.group(cls=RelaisGroup)
def segments() -> None:
    """Saved filters over contacts: list, show, create, export."""


def _record(segment: Any, count: int) -> dict[str, Any]:
    return {
        "id": segment.pk,
        "name": segment.name,
        "description": segment.description,
        "definition": segment.definition,
        "count": count,
    }


@segments.command("list")
@format_option
def list_(fmt: str) -> None:
    """Every segment with its number of contacts now."""
    rows = [
        _record(s, selectors.segment_contacts(s).count())
        for s in selectors.list_segments()
    ]
    if fmt == "jsonl":
        print_jsonl(rows)
        return
    grid = table("ID", "Name", "Contacts", "Description")
    for row in rows:
        grid.add_row(*cells(row["id"], row["name"], row["count"], row["description"]))
    console().print(grid)


@segments.command("show")
@click.argument("segment_id", metavar="ID", type=ID)
@click.option(
    "--members",
    default=0,
    type=click.IntRange(0),
    show_default=True,
    help="Also list this many of its contacts.",
)
@format_option
def show(segment_id: int, members: int, fmt: str) -> None:
    """A segment's definition, its count, and (with --members) some of its contacts."""
    segment = selectors.get_segment(segment_id)
    contacts = selectors.segment_contacts(segment)
    record = _record(segment, contacts.count())
    people = list(contacts[:members]) if members else []
    if fmt == "jsonl":
        record["members"] = [c.pk for c in people]
        print_jsonl([record])
        return
    out = console()
    out.print(f"[bold]{segment.pk}[/bold] ", end="")
    out.print(cells(segment.name)[0], end="")
    out.print(f" — {record['count']} contacts")
    out.print(cells(json.dumps(segment.definition, ensure_ascii=False, indent=2))[0])
    if people:
        grid = table("ID", "Name", "Organisation")
        for c in people:
            org = c.organisation.name if c.organisation else ""
            grid.add_row(*cells(c.pk, c.display_name, org))
        out.print(grid)


def _read_definition(text: str) -> Any:
    if text == "-":
        text = sys.stdin.read()
    elif text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(
                {"definition": f"cannot read {text[1:]}: {exc.strerror}"}
            ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput({"definition": f"not valid JSON ({exc.msg})."}) from None


@segments.command("create")
@click.option("--name", required=True, help="Name of the segment (unique).")
@click.option(
    "--definition",
    "definition_text",
    required=True,
    metavar="JSON",
    help="The filter as JSON, @FILE to read it from a file, or - for standard input.",
)
@click.option("--description", default="", help="What the segment is for.")
def create(name: str, definition_text: str, description: str) -> None:
    """Save a segment. Example definition:
    '{"criteria": [{"field": "tags", "op": "any", "value": ["VIP"]}]}'."""
    segment = services.create_segment(
        actor=None,
        name=name,
        definition=_read_definition(definition_text),
        description=description,
    )
    count = selectors.segment_contacts(segment).count()
    click.echo(f"Segment {segment.pk} '{segment.name}' saved: {count} contacts.")


@segments.command("export")
@click.argument("segment_id", metavar="ID", type=ID)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(segment_export.SEGMENT_FORMATS),
    default="csv",
    show_default=True,
    help="csv, xlsx (needs --output), vcf (vCard 4.0) or jsonl (the export record).",
)
@click.option(
    "--output",
    "-o",
    default=None,
    metavar="PATH",
    help="File to write; standard output when omitted or '-'.",
)
def export(segment_id: int, fmt: str, output: str | None) -> None:
    """Export the contacts a segment selects now."""
    segment = selectors.get_segment(segment_id)
    if fmt == "xlsx":
        if output in (None, "-"):
            raise InvalidInput({"output": "XLSX is a binary file: give --output PATH."})
        partial = Path(output).with_name(f".{Path(output).name}.part")
        try:
            with partial.open("wb") as stream:
                count = segment_export.export_segment(
                    segment=segment, fmt=fmt, out=stream
                )
            partial.replace(output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise click.ClickException(
                f"output: cannot write {output}: {exc.strerror}"
            ) from None
    else:
        with open_output(output) as out:
            count = segment_export.export_segment(segment=segment, fmt=fmt, out=out)
    if output not in (None, "-"):
        click.echo(f"{count} contacts exported to {output}.", err=True)
