"""Sending a reply: private first, by mail through the one-to-one sender of outreach.

A private reply goes to the contact's address as a one-to-one mail (message check,
suppression list, journal and timeline included). A public reply is recorded on the ticket
for a person to post; posting through the connectors is not there yet (docs/service.md).
A reply with a serious tone finding (blame, personal data in public) is refused unless forced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relais.core.errors import InvalidInput
from relais.outreach.services.one_to_one import send_one

from ..models import Ticket, TicketMessage
from ..tone import check_reply
from .tickets import add_reply

if TYPE_CHECKING:
    from relais.accounts.models import User


def send_reply(
    ticket: Ticket,
    text: str,
    *,
    actor: User | None,
    public: bool = False,
    force: bool = False,
) -> TicketMessage:
    """Send (or record) a reply; a serious tone finding refuses it unless ``force``."""
    if not text.strip():
        raise InvalidInput({"text": "the reply is empty"})
    serious = [f for f in check_reply(text, public=public) if f.severity == "high"]
    if serious and not force:
        raise InvalidInput(
            {"text": " ".join(f"{f.message} ({f.excerpt})" for f in serious)}
        )
    if public:
        return add_reply(ticket, text, actor=actor, public=True, channel="public")
    if ticket.contact is None:
        raise InvalidInput({"contact": "the ticket has no contact to write to"})
    send_one(
        actor=actor,
        contact=ticket.contact,
        subject=f"[#{ticket.pk}] {ticket.subject}"[:300],
        body_text=text,
    )
    return add_reply(ticket, text, actor=actor, public=False, channel="mail")
