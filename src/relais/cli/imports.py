"""``relais import``: files, folders and zips into the contact base; list and undo batches.

A thin entrypoint over ``relais.ingest.services.run_import`` and ``ingest.undo.undo_batch``.
The progress bar goes to stderr and only on a terminal; the report goes to stdout. A path
that cannot be read at all is one line on stderr, the others are still imported, and the
exit code is then 1.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from relais.ingest.readers.mapping import parse_target
from relais.ingest.report import ImportReport, skip_line
from relais.ingest.selectors import list_batches
from relais.ingest.services import Progress as ProgressCallback
from relais.ingest.services import run_import
from relais.ingest.undo import undo_batch

from .base import RelaisCommand, stdin_is_terminal
from .output import cells, console, table

SHOWN_LINES = 100


def _parse_maps(values: tuple[str, ...]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for value in values:
        column, sep, target = value.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise click.BadParameter(
                f"'{value}' is not COLUMN=FIELD, e.g. \"Société=organisation\".",
                param_hint="--map",
            )
        parse_target(target.strip())
        overrides[column.strip()] = target.strip()
    return overrides


@contextmanager
def _progress_bar() -> Iterator[ProgressCallback | None]:
    err = Console(stderr=True)
    if not err.is_terminal:
        yield None
        return
    columns = (
        TextColumn("[bold]Importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} records/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("import", total=None, rate="–")

        def update(report: ImportReport) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = f"{report.records_read / elapsed:,.0f}" if elapsed > 0 else "–"
            total = report.total_estimate
            if total is not None and total < report.records_read:
                total = None
            bar.update(task, completed=report.records_read, total=total, rate=rate)

        yield update


def _print_report(report: ImportReport) -> None:
    out = console()
    head = "Dry run, nothing kept" if report.dry_run else f"Batch {report.batch_id}"
    if report.resumed:
        head += " (resumed)"
    out.print(
        Text(
            f"{head}: {report.records_read} records read, "
            f"{report.contacts_created} contacts created, "
            f"{report.contacts_updated} updated, {report.unchanged} unchanged, "
            f"{report.interactions_added} interactions added, "
            f"{report.records_skipped} records and {report.fields_skipped} values skipped."
        )
    )
    if report.check_status == "queued":
        out.print(
            Text(
                f"Duplicate check of {report.contacts_created} new contacts queued "
                f"(job {report.check_job}): `relais serve` or `relais worker` runs it."
            )
        )
    elif report.check_status == "done" and (
        report.duplicates_merged or report.duplicates_to_review
    ):
        out.print(
            Text(
                f"Duplicate check: {report.duplicates_merged} merged, "
                f"{report.duplicates_to_review} pairs to review."
            )
        )
    elif report.check_status == "failed":
        out.print(Text("Duplicate check failed: see the log; `relais dedupe` runs it."))
    if report.suppressed:
        out.print(
            Text(
                f"{report.suppressed} records of people erased on request were skipped "
                "(suppression list)."
            )
        )
    if report.skipped:
        out.print("Skipped (file, record, field: reason):")
        for entry in report.skipped[:SHOWN_LINES]:
            out.print(Text(f"  {skip_line(entry)}"))
        more = report.records_skipped + report.fields_skipped - SHOWN_LINES
        if more > 0:
            out.print(Text(f"  … and {more} more (see 'relais import --list')."))


@click.command("import", cls=RelaisCommand)
@click.argument("paths", nargs=-1, type=click.Path(), metavar="PATH...")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Map a column to a field, overriding the detected mapping (repeatable).",
)
@click.option(
    "--dry-run", is_flag=True, help="Read and check everything, report, keep nothing."
)
@click.option(
    "--chunk-size",
    type=click.IntRange(1, 100_000),
    default=5000,
    show_default=True,
    help="Records written per transaction.",
)
@click.option(
    "--undo",
    "undo",
    type=click.IntRange(1, 2**63 - 1),
    metavar="BATCH",
    help="Remove what import batch BATCH added, and nothing else.",
)
@click.option(
    "--list", "list_", is_flag=True, help="List import batches, newest first."
)
def import_(
    paths: tuple[str, ...],
    maps: tuple[str, ...],
    dry_run: bool,
    chunk_size: int,
    undo: int | None,
    list_: bool,
) -> None:
    """Import contacts and messages from files, folders and zips (formats may be mixed).

    Running the same command again adds nothing, and finishes an import that was
    interrupted. See docs/import-formats.md for the formats.
    """
    if undo is not None or list_:
        if paths or maps or dry_run or (undo is not None and list_):
            raise click.UsageError(
                "--undo and --list take no PATH and no other option."
            )
        if list_:
            _list()
        else:
            assert undo is not None
            counts = undo_batch(actor=None, batch_id=undo)
            click.echo(
                f"Batch {undo} undone: "
                + ", ".join(
                    f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items()
                )
                + " removed."
            )
        return
    if not paths:
        raise click.UsageError("Give at least one PATH (or --list, or --undo BATCH).")
    overrides = _parse_maps(maps)
    with _progress_bar() as progress:
        report = run_import(
            list(paths),
            actor=None,
            mapping_overrides=overrides,
            dry_run=dry_run,
            chunk_size=chunk_size,
            progress=progress,
            imap_password=_ask_imap_password,
        )
    _print_report(report)
    for line in report.file_errors:
        click.echo(line, err=True)
    if not report.records_read and not report.interactions_added and not dry_run:
        if not report.file_errors:
            click.echo(
                "Nothing was read: the files hold no records (only a header line?). "
                "Check the file, or see docs/import-formats.md.",
                err=True,
            )
        sys.exit(1)
    if report.file_errors:
        sys.exit(1)


def _ask_imap_password() -> str:
    """Asked only when a mailbox needs it and RELAIS_IMAP_PASSWORD is not set. Off a terminal
    nothing is asked: the mailbox is then reported as unreadable, and other paths still import."""
    if not stdin_is_terminal():
        return ""
    password: str = click.prompt("IMAP password", hide_input=True, err=True)
    return password


def _list() -> None:
    grid = table(
        "ID", "Started", "Status", "Label", "Read", "Created", "Updated", "Skipped"
    )
    for batch in list_batches():
        stats = batch.stats or {}
        grid.add_row(
            *cells(
                batch.pk,
                batch.started_at.strftime("%Y-%m-%d %H:%M"),
                batch.status,
                batch.label,
                stats.get("records_read", ""),
                stats.get("contacts_created", ""),
                stats.get("contacts_updated", ""),
                (stats.get("records_skipped", 0) or 0)
                + (stats.get("fields_skipped", 0) or 0),
            )
        )
    console().print(grid)
