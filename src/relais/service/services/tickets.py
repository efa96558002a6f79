"""Opening tickets from complaint mentions, status and priority changes, due times and breaches.

A source's ``config["tickets"]`` says what a ``complaint`` mention does: ``"auto"`` (the
default) opens a ticket, ``"suggested"`` opens one marked suggested for a person to confirm,
``"off"`` does nothing. An unknown author becomes a contact with provenance "mention".
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from relais.accounts.services import ensure_can_write
from relais.audit import services as audit
from relais.core.errors import InvalidInput, NotFound
from relais.listening.models import Mention, Source
from relais.listening.services.triage import create_contact_from_author

from .. import policy
from ..models import Breach, Ticket, TicketMessage
from ..sla import ClockState, Deadlines, breached, deadlines

if TYPE_CHECKING:
    from relais.accounts.models import User

MODES = ("auto", "suggested", "off")
logger = logging.getLogger(__name__)


def get_ticket(ticket_id: int) -> Ticket:
    found = Ticket.objects.select_related("contact").filter(pk=ticket_id).first()
    if found is None:
        raise NotFound(f"no ticket {ticket_id}")
    return found


def ticket_mode(source: Source) -> str:
    mode = str(source.config.get("tickets", "auto"))
    return mode if mode in MODES else "auto"


def open_from_mention(mention: Mention, *, suggested: bool = False) -> Ticket:
    """The ticket of this mention, opened (with its contact) if it has none."""
    existing = mention.tickets.first()
    if existing is not None:
        return existing
    with transaction.atomic():
        if mention.contact_id is None and (
            mention.author_name or mention.author_handle
        ):
            try:
                with transaction.atomic():
                    create_contact_from_author(actor=None, mention=mention)
            except (
                InvalidInput
            ) as exc:  # a bad address in the feed: no contact, still a ticket
                logger.warning(
                    "ticket for mention %s: no contact (%s)", mention.pk, exc
                )
        now = timezone.now()
        ticket = Ticket.objects.create(
            subject=(mention.title or mention.text or str(mention.pk))[:300],
            contact_id=mention.contact_id,
            suggested=suggested,
            opened_at=now,
            waiting_since=now,
        )
        ticket.mentions.add(mention)
        TicketMessage.objects.create(
            ticket=ticket,
            direction=TicketMessage.Direction.IN,
            public=True,
            channel="mention",
            text=mention.text or mention.title,
            at=mention.published_at or now,
        )
        audit.record(
            actor=None,
            action="ticket.open",
            obj=ticket,
            changes={"mention": mention.pk},
        )
    return ticket


def tickets_from_mentions(source: Source, mentions: list[Mention]) -> None:
    """Hook called by listening after each stored batch."""
    mode = ticket_mode(source)
    if mode == "off":
        return
    for mention in mentions:
        if mention.label == "complaint":
            open_from_mention(mention, suggested=mode == "suggested")


def _instant(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def clock_state(ticket: Ticket) -> ClockState:
    pauses = [(dt.datetime.fromisoformat(a), _instant(b)) for a, b in ticket.pauses]
    return ClockState(
        opened_at=ticket.opened_at,
        priority=ticket.priority,
        pauses=[(a, b) for a, b in pauses],
        first_response_at=ticket.first_response_at,
        waiting_since=ticket.waiting_since,
        resolved_at=ticket.resolved_at,
    )


def due_times(ticket: Ticket) -> Deadlines:
    return deadlines(policy.calendar(), policy.TARGETS, clock_state(ticket))


def record_breaches(ticket: Ticket, now: dt.datetime | None = None) -> list[Breach]:
    """Record each deadline missed at ``now`` that is not recorded yet; returns the new ones."""
    now = now or timezone.now()
    state, found = clock_state(ticket), due_times(ticket)
    new = []
    for kind in breached(state, found, now):
        due = getattr(found, f"{kind}_due")
        known = Breach.objects.filter(ticket=ticket, kind=kind)
        if kind == "next_response":
            known = known.filter(due_at=due)
        if not known.exists():
            new.append(
                Breach.objects.create(
                    ticket=ticket, kind=kind, due_at=due, recorded_at=now
                )
            )
    return new


def record_all_breaches(now: dt.datetime | None = None) -> int:
    """Record the new breaches of every ticket not closed; returns how many."""
    now = now or timezone.now()
    found = Ticket.objects.exclude(status=Ticket.Status.CLOSED)
    return sum(len(record_breaches(t, now)) for t in found.iterator(chunk_size=500))


def set_status(
    ticket: Ticket, status: str, *, actor: User | None, now: dt.datetime | None = None
) -> Ticket:
    """Change the status; paused statuses stop the clock, a reopen resumes it."""
    ensure_can_write(actor)
    if status not in Ticket.Status.values:
        raise InvalidInput({"status": f"unknown status {status!r}"})
    now = now or timezone.now()
    was_paused = ticket.status in policy.PAUSED
    if was_paused and status not in policy.PAUSED and ticket.pauses:
        ticket.pauses[-1][1] = now.isoformat()
    if status in policy.PAUSED and not was_paused:
        ticket.pauses.append([now.isoformat(), None])
    if status in ("resolved", "closed") and ticket.resolved_at is None:
        ticket.resolved_at = now
    elif status not in ("resolved", "closed"):
        ticket.resolved_at = None
    ticket.status = status
    ticket.save()
    audit.record(
        actor=actor, action="ticket.status", obj=ticket, changes={"status": status}
    )
    return ticket


def set_priority(ticket: Ticket, priority: str, *, actor: User | None) -> Ticket:
    """Change the priority: due times are recomputed from the opening."""
    ensure_can_write(actor)
    if priority not in Ticket.Priority.values:
        raise InvalidInput({"priority": f"unknown priority {priority!r}"})
    ticket.priority = priority
    ticket.save(update_fields=["priority"])
    audit.record(
        actor=actor,
        action="ticket.priority",
        obj=ticket,
        changes={"priority": priority},
    )
    return ticket


def add_reply(
    ticket: Ticket,
    text: str,
    *,
    actor: User | None,
    public: bool = False,
    channel: str = "note",
    now: dt.datetime | None = None,
) -> TicketMessage:
    """Record our reply: it meets the first (or next) response and opens the ticket."""
    ensure_can_write(actor)
    if not text.strip():
        raise InvalidInput({"text": "the reply is empty"})
    now = now or timezone.now()
    message = TicketMessage.objects.create(
        ticket=ticket,
        direction=TicketMessage.Direction.OUT,
        public=public,
        channel=channel,
        text=text,
        author=actor,
        at=now,
    )
    ticket.first_response_at = ticket.first_response_at or now
    ticket.waiting_since = None
    ticket.save(update_fields=["first_response_at", "waiting_since"])
    if ticket.status == Ticket.Status.NEW:
        set_status(ticket, Ticket.Status.OPEN, actor=actor, now=now)
    return message
