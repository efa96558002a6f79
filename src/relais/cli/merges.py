"""``relais merge``: merge two contacts by hand, list merges, undo one exactly."""

from __future__ import annotations

import click

from relais.contacts.selectors import get_contact
from relais.matching.models import Merge
from relais.matching.selectors import list_merges
from relais.matching.services import merge_contacts, undo_merge

from .base import RelaisGroup
from .output import cells, console, table

ID = click.IntRange(1, 2**63 - 1)


@click.group("merge", cls=RelaisGroup)
def merge() -> None:
    """Merge duplicate contacts and undo merges."""


@merge.command("contacts")
@click.argument("survivor", type=ID)
@click.argument("other", type=ID)
def merge_two(survivor: int, other: int) -> None:
    """Merge contact OTHER into contact SURVIVOR (OTHER is archived, SURVIVOR keeps all)."""
    done = merge_contacts(
        actor=None,
        survivor=get_contact(survivor),
        merged=get_contact(other),
        reason=Merge.Reason.MANUAL,
    )
    click.echo(
        f"Merge {done.pk}: {done.merged_name} (#{other}) merged into "
        f"{done.survivor_name} (#{survivor}); undo with 'relais merge undo {done.pk}'."
    )


@merge.command("list")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    help="Show at most this many merges.",
)
@click.option(
    "--contact",
    "contact_id",
    type=ID,
    default=None,
    help="Only the merges of this contact id.",
)
def list_(limit: int, contact_id: int | None) -> None:
    """List merges, newest first."""
    grid = table("ID", "When", "Survivor", "Merged", "Why", "By", "Undone")
    for item in list_merges(contact_id=contact_id)[:limit]:
        grid.add_row(
            *cells(
                item.pk,
                item.at.strftime("%Y-%m-%d %H:%M"),
                f"#{item.survivor_id} {item.survivor_name}",
                f"#{item.merged_id} {item.merged_name}",
                item.why,
                item.actor_label,
                item.undone_at.strftime("%Y-%m-%d %H:%M") if item.undone_at else "",
            )
        )
    console().print(grid)


@merge.command("undo")
@click.argument("merge_id", metavar="ID", type=ID)
def undo(merge_id: int) -> None:
    """Undo merge ID: both contacts exactly as they were; later additions stay."""
    result = undo_merge(actor=None, merge_id=merge_id)
    line = (
        f"Merge {merge_id} undone: {result.merge.merged_name} and "
        f"{result.merge.survivor_name} are two contacts again ({result.restored} changes reversed"
    )
    if result.skipped:
        line += f", {result.skipped} rows left as they are: changed or deleted since"
    click.echo(line + ").")
    for name, (later, restored) in result.overwritten.items():
        click.echo(
            f"  {name}: '{later}' (edited after the merge) set back to '{restored}'."
        )
