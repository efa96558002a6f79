"""``relais digest send``: send today's digest emails now (the job does it every morning)."""

from __future__ import annotations

import click

from relais.reminders.digest import SENT, send_digests

from .base import RelaisGroup
from .output import cells, console, table


@click.group(cls=RelaisGroup)
def digest() -> None:
    """The daily digest email of due and overdue tasks."""


@digest.command("send")
@click.option("--user", "email", default=None, help="Only this user (their email).")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show who would get a digest and its subject; send nothing, record nothing.",
)
def send(email: str | None, dry_run: bool) -> None:
    """Send today's digest to every active user with tasks overdue or due today.

    A user already sent today's digest is skipped, so running this twice sends nothing more.
    """
    results = send_digests(email=email, dry_run=dry_run)
    grid = table("User", "Result", "Tasks", "Subject")
    for r in results:
        grid.add_row(*cells(r.user.email, r.status, r.tasks or "", r.subject))
    console().print(grid)
    sent = sum(1 for r in results if r.status == SENT)
    if not dry_run:
        click.echo(f"{sent} digest{'s' if sent != 1 else ''} sent.")
    if any(r.status.startswith("failed") for r in results):
        raise click.ClickException("some digests could not be sent (see above).")
