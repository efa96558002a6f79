"""Reading tickets: the list and the JSONL record of the CLI and API contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from .models import Ticket
from .services.tickets import due_times


def list_tickets(status: str = "") -> QuerySet[Ticket]:
    found = Ticket.objects.select_related("assignee").prefetch_related(
        "mentions", "breaches"
    )
    return found.filter(status=status) if status else found


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def ticket_record(ticket: Ticket) -> dict[str, Any]:
    """One ticket as the documented JSONL record (docs/service.md)."""
    due = due_times(ticket)
    return {
        "id": ticket.pk,
        "subject": ticket.subject,
        "status": ticket.status,
        "priority": ticket.priority,
        "suggested": ticket.suggested,
        "contact_id": ticket.contact_id,
        "mention_ids": sorted(m.pk for m in ticket.mentions.all()),
        "assignee": ticket.assignee.email if ticket.assignee else None,
        "opened_at": _iso(ticket.opened_at),
        "first_response_due": _iso(due.first_response_due),
        "next_response_due": _iso(due.next_response_due),
        "resolution_due": _iso(due.resolution_due),
        "first_response_at": _iso(ticket.first_response_at),
        "resolved_at": _iso(ticket.resolved_at),
        "breaches": [
            {"kind": b.kind, "due_at": _iso(b.due_at)} for b in ticket.breaches.all()
        ],
    }
