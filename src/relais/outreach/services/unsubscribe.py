"""Unsubscribing, honoured at once for every later send (RFC 8058 one-click or the page).

``unsubscribe`` does everything in one transaction: the contact's lawful basis becomes
"opted out" (``relais.privacy.services.consent``, with its history and audit entry), the
address joins the suppression list (``relais.privacy.services.suppression``, a keyed hash,
never the address), the delivery gets an ``unsubscribe`` event, and the contact's pending
follow-up steps are cancelled (``stop_sequence_for`` in the sending service). Doing it twice
changes nothing more. The sender itself asks ``recipients.resolve`` when it takes each
message (which also reads the suppression list); ``is_unsubscribed`` answers for one contact.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from relais.audit.services import record
from relais.contacts.models import Contact, ContactPoint
from relais.contacts.normalize import InvalidValue, normalize_point
from relais.outreach.models import Delivery, DeliveryEvent
from relais.privacy.models import LawfulBasis
from relais.privacy.services import suppression
from relais.privacy.services.consent import set_lawful_basis

from .sequences import stop_sequence_for


def stop_sequence(contact: Contact, reason: str) -> None:
    """Cancel the contact's later steps."""
    stop_sequence_for(contact, reason)


def _normalized(email: str) -> str:
    try:
        return normalize_point("email", email)
    except InvalidValue:
        return email.strip().lower()


def unsubscribe(delivery: Delivery, *, one_click: bool) -> bool:
    """Unsubscribe the recipient of ``delivery``; False when it was already done."""
    contact = delivery.contact
    with transaction.atomic():
        Delivery.objects.select_for_update().filter(pk=delivery.pk).first()
        if DeliveryEvent.objects.filter(
            delivery=delivery, kind=DeliveryEvent.Kind.UNSUBSCRIBE
        ).exists():
            return False
        contact.refresh_from_db(fields=["lawful_basis"])
        how = "one-click (RFC 8058)" if one_click else "unsubscribe page"
        if contact.lawful_basis != LawfulBasis.OPTED_OUT:
            set_lawful_basis(
                actor=None,
                contact=contact,
                basis=LawfulBasis.OPTED_OUT,
                source=f"unsubscribe link, {how}",
                note=f"Campaign message to {delivery.to_email}",
            )
        suppression.suppress(
            [(suppression.OPTED_OUT_EMAIL, _normalized(delivery.to_email))]
        )
        DeliveryEvent.objects.create(
            delivery=delivery,
            kind=DeliveryEvent.Kind.UNSUBSCRIBE,
            at=timezone.now(),
            detail=how,
        )
        record(
            actor=None,
            action="outreach.unsubscribe",
            obj=delivery,
            contact_id=contact.pk,
            changes={"delivery": delivery.pk, "one_click": one_click},
        )
        stop_sequence(contact, "unsubscribed")
    return True


def is_unsubscribed(contact: Contact) -> bool:
    """Whether the contact opted out, or one of its email addresses is on the suppression
    list (an unsubscribe, or an erased person's address found again)."""
    if contact.lawful_basis == LawfulBasis.OPTED_OUT:
        return True
    emails = ContactPoint.objects.filter(contact=contact, kind="email").values_list(
        "normalized_value", flat=True
    )
    return bool(
        suppression.suppressed_among(
            (kind, e) for e in emails for kind in suppression.MAIL_BLOCKING_KINDS
        )
    )


def is_address_unsubscribed(email: str) -> bool:
    """Whether ``email`` unsubscribed or belongs to an erased person."""
    normalized = _normalized(email)
    return bool(
        suppression.suppressed_among(
            (kind, normalized) for kind in suppression.MAIL_BLOCKING_KINDS
        )
    )
