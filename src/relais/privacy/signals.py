"""Reading freshness signals in mail: an auto-reply saying the person left, a reply from an
address (it still works), a newer signature naming another employer.

Detecting the departure auto-reply is mail reading (``relais.mail.autoreply``). ``note_messages``
is registered on the import's hook (``relais.ingest.hooks.on_messages_imported``): called once
per chunk with the chunk's new messages, it looks the
senders up in one query per 500 addresses and writes what it found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from relais.contacts.models import Contact, ContactPoint
from relais.contacts.normalize import InvalidValue, normalize_email, organisation_key
from relais.core.text import fold
from relais.mail.autoreply import says_person_left
from relais.privacy.models import FreshnessSignal
from relais.timeline.models import Task

from .services.freshness import _parse, record_signal, refresh_freshness

if TYPE_CHECKING:
    from relais.ingest.readers import MessageRecord

# A signature older than this says nothing about where the person works now.
RECENT_SIGNATURE_DAYS = 540


def _squashed(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(organisation_key(name)))


def _same_employer(held: str, seen: str) -> bool:
    """'ACME Industries SAS' and 'ACME Industries' (or 'Acme') are one employer."""
    a, b = _squashed(held), _squashed(seen)
    return not a or not b or a in b or b in a


def note_messages(messages: Sequence[MessageRecord]) -> set[int]:
    """Signals and confirmations from a chunk of imported messages; the contacts touched."""
    by_sender: dict[str, list[MessageRecord]] = defaultdict(list)
    for message in messages:
        if message.sender is None or message.channel != "email":
            continue
        try:
            by_sender[normalize_email(message.sender.address)].append(message)
        except InvalidValue:
            continue
    if not by_sender:
        return set()
    points: dict[str, list[ContactPoint]] = defaultdict(list)
    addresses = list(by_sender)
    for start in range(0, len(addresses), 500):
        for point in ContactPoint.objects.filter(
            kind=ContactPoint.Kind.EMAIL,
            normalized_value__in=addresses[start : start + 500],
        ).select_related("contact", "contact__organisation"):
            points[point.normalized_value].append(point)
    touched: set[int] = set()
    confirmed: dict[int, ContactPoint] = {}
    now = timezone.now()
    for address, found in points.items():
        for message in by_sender[address]:
            at = message.occurred_at or now
            left = says_person_left(message.body)
            for point in found:
                if left:
                    record_signal(
                        contact_id=point.contact_id,
                        kind=FreshnessSignal.Kind.LEFT,
                        occurred_at=at,
                        detail=left,
                        point_id=point.pk,
                    )
                    touched.add(point.contact_id)
                elif not message.automated:
                    if point.confirmed_at is None or point.confirmed_at < at:
                        point.confirmed_at = at
                        confirmed[point.pk] = point
                    if _new_employer(point.contact, message, at, now):
                        touched.add(point.contact_id)
    # One write for every address a reply confirmed in this chunk.
    ContactPoint.objects.bulk_update(list(confirmed.values()), ["confirmed_at"])
    touched |= {p.contact_id for p in confirmed.values()}
    if touched:
        refresh_freshness(touched)
    return touched


def _new_employer(
    contact: Contact, message: MessageRecord, at: dt.datetime, now: dt.datetime
) -> bool:
    """A recent signature naming another company than the one held: a signal and a task."""
    seen = message.signature.fields.get("organisation", "") if message.signature else ""
    held = contact.organisation.name if contact.organisation else ""
    if not seen or not held or _same_employer(held, seen):
        return False
    if (now - at).days > RECENT_SIGNATURE_DAYS:
        return False
    confirmed = _parse((contact.fields_confirmed_at or {}).get("organisation"))
    if confirmed is not None and confirmed >= at:
        return False
    signal = record_signal(
        contact_id=contact.pk,
        kind=FreshnessSignal.Kind.NEW_EMPLOYER,
        occurred_at=at,
        detail=seen,
    )
    if signal is not None:
        Task.objects.create(
            title=(
                _("Check %(name)s's employer: %(seen)s, not %(held)s?")
                % {"name": contact.display_name, "seen": seen, "held": held}
            )[:300],
            details=_(
                "A signature in an email of %(date)s names %(seen)s; the contact says "
                "%(held)s. Update the organisation, or confirm the contact's details."
            )
            % {"date": at.date().isoformat(), "seen": seen, "held": held},
            due_date=timezone.localdate(),
            assignee=contact.owner,
            contact=contact,
        )
    return True
