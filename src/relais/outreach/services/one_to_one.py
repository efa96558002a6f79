"""A one-to-one mail from a contact page: a delivery with no campaign, sent at once.

It goes through the same path as campaign mail (journal, retries, timeline) but it is a
personal message, not bulk mail: no List-Unsubscribe headers, no rewritten links, no open
pixel, and no lawful-basis check (a person may always be written to personally; an address
on the suppression list is still refused). Personalisation fields work as in templates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from relais.accounts.services import ensure_can_write
from relais.contacts.models import Contact
from relais.contacts.normalize import InvalidValue, normalize_point
from relais.core.errors import InvalidInput
from relais.outreach.models import Delivery, Template
from relais.privacy.services.suppression import is_suppressed

from . import check, sending
from .compose import new_message_id, sender_address
from .recipients import primary_email
from .render import RenderedMessage, TemplateProblem, render_message
from .smtp import SmtpConnection

if TYPE_CHECKING:
    from relais.accounts.models import User


def _run_message_check(
    *,
    subject: str,
    body_text: str,
    body_html: str,
    contact: Contact,
    sender: Any,
    force: bool,
) -> None:
    """The message check before a one-to-one mail: refuses with ``MessageBlocked`` when a
    high finding blocks and the send is not forced."""
    findings = check.check_message(
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        bulk=False,
        contact=contact,
        sender=sender,
        has_unsubscribe=False,
    )
    if check.blocks(findings) and not force:
        raise check.MessageBlocked(findings)


def send_one(
    *,
    actor: User | None,
    contact: Contact,
    subject: str,
    body_text: str,
    body_html: str = "",
    to_email: str | None = None,
    template: Template | None = None,
    force: bool = False,
) -> Delivery:
    """Write to ``contact`` now (from ``template`` when given, else subject and bodies)."""
    ensure_can_write(actor)
    SmtpConnection()  # refuses at once when no SMTP server is configured: nothing written
    if template is not None:
        subject, body_text, body_html = (
            template.subject,
            template.body_text,
            template.body_html,
        )
    errors: dict[str, str] = {}
    address = (to_email or "").strip() or primary_email(contact)
    normalized = ""
    try:
        normalized = normalize_point("email", address) if address else ""
    except InvalidValue:
        errors["to_email"] = f"'{address}' is not an email address."
    if not address:
        errors["to_email"] = "The contact has no usable email address: give one."
    elif normalized and is_suppressed("email", normalized):
        errors["to_email"] = "This address is on the suppression list."
    if not " ".join(subject.split()):
        errors["subject"] = "A message needs a subject."
    if not body_text.strip():
        errors["body_text"] = "A message needs a plain-text body."
    if errors:
        raise InvalidInput(errors)
    try:
        rendered = render_message(
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            contact=contact,
            sender=actor,
            email=address,
        )
    except TemplateProblem as exc:
        raise InvalidInput({"body_text": exc.message}) from None
    _run_message_check(
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        contact=contact,
        sender=actor,
        force=force and (actor is None or actor.is_admin),
    )
    with transaction.atomic():
        delivery = queue_rendered(
            contact=contact, sender=actor, to_email=address, rendered=rendered
        )
    return sending.send_now(delivery, actor=actor)


def queue_rendered(
    *,
    contact: Contact,
    sender: User | None,
    to_email: str,
    rendered: RenderedMessage,
) -> Delivery:
    """A one-to-one delivery row for an already rendered and checked message, queued: the
    sender (``sending.run``) hands it to SMTP exactly once. Callers that must not send twice
    (workflow steps) create it in the transaction that records their own progress."""
    address = sender_address(sender)
    return Delivery.objects.create(
        contact=contact,
        sender=sender,
        to_email=to_email,
        from_email=address.address,
        subject=rendered.subject[:500],
        body_text=rendered.text,
        body_html=rendered.html,
        message_id=new_message_id(address.address),
    )
