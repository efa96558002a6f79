"""``relais tickets``: customer-service tickets from the command line (docs/service.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from relais.service import selectors
from relais.service.models import Ticket
from relais.service.reports import service_report
from relais.service.services.replies import send_reply
from relais.service.services.tickets import get_ticket, set_status

from .base import RelaisGroup
from .output import cells, console, format_option, print_jsonl, table


@click.group(cls=RelaisGroup)
def tickets() -> None:
    """Tickets opened from complaints, with their service-level due times."""


def _ticket(ticket_id: int) -> Ticket:
    return get_ticket(ticket_id)


@tickets.command("list")
@click.option("--status", type=click.Choice(["", *Ticket.Status.values]), default="")
@format_option
def list_tickets(status: str, fmt: str) -> None:
    """Tickets, newest first; --format jsonl gives one ticket a line."""
    rows = (selectors.ticket_record(t) for t in selectors.list_tickets(status))
    if fmt == "jsonl":
        print_jsonl(rows)
        return
    grid = table("ID", "Status", "Priority", "Subject", "First response due")
    for r in rows:
        grid.add_row(
            *cells(
                r["id"],
                r["status"],
                r["priority"],
                r["subject"],
                r["first_response_due"] or "",
            )
        )
    console().print(grid)


@tickets.command("reply")
@click.argument("ticket_id", type=int)
@click.option(
    "--text-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
)
@click.option("--public", is_flag=True, help="Record a public reply instead of mail.")
@click.option("--force", is_flag=True, help="Send despite a serious tone finding.")
def reply(ticket_id: int, text_file: Path, public: bool, force: bool) -> None:
    """Reply to a ticket: by mail to the contact unless --public."""
    text = text_file.read_text(encoding="utf-8")
    send_reply(_ticket(ticket_id), text, actor=None, public=public, force=force)
    click.echo(f"Ticket {ticket_id}: {'public' if public else 'mail'} reply recorded.")


@tickets.command("resolve")
@click.argument("ticket_id", type=int)
def resolve(ticket_id: int) -> None:
    """Mark a ticket resolved (its clock stops)."""
    set_status(_ticket(ticket_id), Ticket.Status.RESOLVED, actor=None)
    click.echo(f"Ticket {ticket_id} resolved.")


@tickets.command("report")
def report() -> None:
    """Service figures as JSON: tickets by source and label, times, SLA hit rate, backlog."""
    click.echo(json.dumps(service_report(), indent=2))
