"""Printing for the CLI: rich tables for people, JSON lines and files for programs.

Every value from the database goes through ``Text`` so that a name such as "[bold]" is shown
as written and never read as rich markup.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

FORMATS = ("table", "jsonl")

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for people, jsonl for programs (one export record per line).",
)


def console() -> Console:
    """Rich output on stdout; off a terminal (a pipe, a file) lines are never wrapped."""
    terminal = Console(highlight=False)
    return terminal if terminal.is_terminal else Console(highlight=False, width=100_000)


def table(*columns: str, title: str | None = None) -> Table:
    grid = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        grid.add_column(column, overflow="fold")
    return grid


def cells(*values: Any) -> list[Text]:
    return [Text("" if v is None else str(v)) for v in values]


def short_date(value: Any) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


@contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """A UTF-8 text stream without newline translation: stdout, or ``path`` written atomically.

    The file is written next to ``path`` and renamed at the end, so an interrupted export
    never leaves half a file under the expected name.
    """
    if path is None or path == "-":
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()  # leave stdout itself open
        return
    target = Path(path)
    partial = target.with_name(f".{target.name}.part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise click.ClickException(
            f"output: cannot write {path}: {exc.strerror}"
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def print_jsonl(records: Iterable[dict[str, Any]]) -> None:
    with open_output(None) as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
