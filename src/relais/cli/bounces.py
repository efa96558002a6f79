"""``relais bounces``: read bounces and replies to campaign messages from mailboxes."""

from __future__ import annotations

import sys

import click

from relais.outreach.services.bounces import BounceReport, process_source

from .base import RelaisCommand


def _ask_password() -> str:
    if not sys.stdin.isatty():
        raise click.ClickException("no password: set RELAIS_IMAP_PASSWORD")
    password: str = click.prompt("IMAP password", hide_input=True, err=True)
    return password


@click.command(cls=RelaisCommand)
@click.argument("sources", nargs=-1, required=True, metavar="PATH_OR_IMAP_URL...")
@click.option(
    "--allow-insecure",
    is_flag=True,
    help="Send the IMAP password without TLS to a server that offers none.",
)
def bounces(sources: tuple[str, ...], allow_insecure: bool) -> None:
    """Read bounces (delivery-status notifications) and replies from mbox files, Maildir
    folders, .eml files or imap(s):// mailboxes: hard bounces mark the address invalid, soft
    ones schedule a retry, replies stop the sequence. Reading twice changes nothing."""
    total = BounceReport()
    for source in sources:
        report = process_source(
            source, password=_ask_password, allow_insecure=allow_insecure
        )
        for name, value in report.as_dict().items():
            setattr(total, name, getattr(total, name) + value)
    click.echo(
        f"{total.read} messages read: {total.hard} hard bounces, {total.soft} soft bounces, "
        f"{total.replies} replies, {total.already} already seen, "
        f"{total.unmatched} naming no campaign message, {total.other} other."
    )
