"""The customer-service area of the REST API: tickets, replies, resolution, figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from relais.accounts.api_auth import actor
from relais.core.api_support import responses
from relais.core.errors import InvalidInput
from relais.service import selectors
from relais.service.models import Ticket
from relais.service.reports import service_report
from relais.service.services.replies import send_reply
from relais.service.services.tickets import get_ticket, set_status
from relais.service.tone import check_reply

router = Router(tags=["tickets"])


class BreachOut(Schema):
    kind: str
    due_at: dt.datetime


class TicketOut(Schema):
    id: int
    subject: str
    status: str
    priority: str
    suggested: bool
    contact_id: int | None
    mention_ids: list[int]
    assignee: str | None
    opened_at: dt.datetime
    first_response_due: dt.datetime | None
    next_response_due: dt.datetime | None
    resolution_due: dt.datetime | None
    first_response_at: dt.datetime | None
    resolved_at: dt.datetime | None
    breaches: list[BreachOut]


class TicketQuery(Schema):
    status: str = ""


class ReplyIn(Schema):
    text: str
    public: bool = False
    force: bool = False


class ToneIn(Schema):
    text: str
    public: bool = False


class ToneFindingOut(Schema):
    code: str
    severity: str
    message: str
    excerpt: str


@router.get(
    "/tickets", response=responses({200: list[TicketOut]}), summary="List tickets"
)
def list_tickets(request: HttpRequest, query: Query[TicketQuery]) -> Any:
    """Newest first, with their due times; ``status`` filters."""
    if query.status and query.status not in Ticket.Status.values:
        raise InvalidInput({"status": f"unknown status {query.status!r}"})
    return [selectors.ticket_record(t) for t in selectors.list_tickets(query.status)]


@router.post(
    "/tickets/tone",
    response=responses({200: list[ToneFindingOut]}),
    summary="Check the tone of a reply",
)
def tone(request: HttpRequest, payload: ToneIn) -> list[dict[str, str]]:
    """Blame, sarcasm, capitals, exclamation runs, missing greeting, personal data in public."""
    return [
        {
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "excerpt": f.excerpt,
        }
        for f in check_reply(payload.text, public=payload.public)
    ]


@router.get(
    "/tickets/report",
    response=responses({200: dict[str, Any]}),
    summary="Service figures",
)
def report(request: HttpRequest) -> dict[str, Any]:
    """Tickets by source and label, response and resolution times, SLA hit rate, backlog."""
    return service_report()


@router.get(
    "/tickets/{ticket_id}", response=responses({200: TicketOut}), summary="A ticket"
)
def get_one(request: HttpRequest, ticket_id: int) -> dict[str, Any]:
    return selectors.ticket_record(get_ticket(ticket_id))


@router.post(
    "/tickets/{ticket_id}/reply",
    response=responses({200: TicketOut}),
    summary="Reply to a ticket",
)
def reply(request: HttpRequest, ticket_id: int, payload: ReplyIn) -> dict[str, Any]:
    """A private mail to the contact, or with ``public`` a public reply recorded."""
    ticket = get_ticket(ticket_id)
    send_reply(
        ticket,
        payload.text,
        actor=actor(request),
        public=payload.public,
        force=payload.force,
    )
    return selectors.ticket_record(get_ticket(ticket_id))


@router.post(
    "/tickets/{ticket_id}/resolve",
    response=responses({200: TicketOut}),
    summary="Resolve a ticket",
)
def resolve(request: HttpRequest, ticket_id: int) -> dict[str, Any]:
    ticket = set_status(get_ticket(ticket_id), "resolved", actor=actor(request))
    return selectors.ticket_record(ticket)
