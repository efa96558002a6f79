"""Who may receive a campaign message, and at which address — decided in bulk.

A contact is skipped, with the reason kept on its delivery row, when it has no email address
(``no_email``), only addresses marked invalid by a bounce (``invalid_email``), was merged into
another contact or archived (``merged``/``archived``), has opted out (``opted_out``) or has no
lawful basis that allows the campaign's purpose (``no_lawful_basis``, see
``relais.privacy.services.consent.can_contact``), or when its address is on the suppression
list (``suppressed``). One query per chunk of contacts for the addresses and one for the
suppression list, whatever the chunk size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from relais.contacts.models import Contact, ContactPoint
from relais.privacy.models import LawfulBasis
from relais.privacy.services.consent import can_contact
from relais.privacy.services.suppression import (
    MAIL_BLOCKING_KINDS,
    OPTED_OUT_EMAIL,
    suppressed_among,
)

SKIP_REASONS = (
    "no_email",
    "invalid_email",
    "merged",
    "archived",
    "opted_out",
    "no_lawful_basis",
    "suppressed",
    "stopped",
)


@dataclass(frozen=True, slots=True)
class Recipient:
    contact: Contact
    email: str  # "" when skipped for want of an address
    skip_reason: str  # "" when the message may go


def _addresses(contact_ids: Sequence[int]) -> dict[int, tuple[str, str, bool]]:
    """contact id -> (value, normalised value, usable) of its best email address."""
    best: dict[int, tuple[str, str, bool]] = {}
    points = (
        ContactPoint.objects.filter(
            contact_id__in=contact_ids, kind=ContactPoint.Kind.EMAIL
        )
        .order_by("contact_id", "-is_primary", "id")
        .values_list("contact_id", "value", "normalized_value", "invalid_since")
    )
    for contact_id, value, normalized, invalid_since in points:
        usable = invalid_since is None
        current = best.get(contact_id)
        if current is None or (usable and not current[2]):
            best[contact_id] = (value, normalized, usable)
    return best


def primary_email(contact: Contact) -> str:
    found = _addresses([contact.pk]).get(contact.pk)
    return found[0] if found and found[2] else ""


def resolve(contacts: Sequence[Contact], purpose: str) -> list[Recipient]:
    """One ``Recipient`` per contact, in order, with its address or the reason to skip it."""
    addresses = _addresses([c.pk for c in contacts])
    suppressed = suppressed_among(
        (kind, a[1]) for a in addresses.values() if a[2] for kind in MAIL_BLOCKING_KINDS
    )
    out = []
    for contact in contacts:
        address = addresses.get(contact.pk)
        email = address[0] if address and address[2] else ""
        reason = ""
        if contact.merged_into_id is not None:
            reason = "merged"
        elif contact.status == Contact.Status.ARCHIVED:
            reason = "archived"
        elif address is None:
            reason = "no_email"
        elif not address[2]:
            reason = "invalid_email"
        elif not can_contact(contact, purpose):
            reason = (
                "opted_out"
                if contact.lawful_basis == LawfulBasis.OPTED_OUT
                else "no_lawful_basis"
            )
        elif (OPTED_OUT_EMAIL, address[1]) in suppressed:
            reason = "unsubscribed"
        elif ("email", address[1]) in suppressed:
            reason = "suppressed"
        out.append(Recipient(contact, email, reason))
    return out


@dataclass(frozen=True)
class Audience:
    """Who a campaign on a segment would reach now: how many, and why the others would not."""

    eligible: int
    skipped: dict[str, int]  # reason -> contacts, most frequent first

    @property
    def total(self) -> int:
        return self.eligible + sum(self.skipped.values())


def audience(contacts: QuerySet[Contact], purpose: str, chunk: int = 2000) -> Audience:
    """Resolve every member as ``start_campaign`` will, without writing anything."""
    eligible, skipped = 0, Counter[str]()
    last = 0
    members = contacts.order_by("pk")
    while batch := list(members.filter(pk__gt=last)[:chunk]):
        last = batch[-1].pk
        for recipient in resolve(batch, purpose):
            if recipient.skip_reason:
                skipped[recipient.skip_reason] += 1
            else:
                eligible += 1
    return Audience(eligible=eligible, skipped=dict(skipped.most_common()))
