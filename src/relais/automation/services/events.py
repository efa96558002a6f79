"""Receiving an event: checked, stored once per id, its contact found or created, on the timeline.

``record_event`` is what the events API, the web forms and tests call. Everything it writes
(the contact if new, the timeline entry, the event, the runs it starts, cancels or wakes) is
one transaction: an event is either wholly received or not at all, and a replayed ``id`` is
refused (``AlreadyReceived``) with nothing stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from relais.automation.models import Event
from relais.contacts.models import Contact
from relais.contacts.services import PointInput, Source, create_contact
from relais.core.errors import InvalidInput, RelaisError
from relais.matching.services import draft_record, possible_duplicates
from relais.privacy.models import LawfulBasis
from relais.privacy.services.consent import set_lawful_basis
from relais.timeline.services import log_interaction

from . import triggers

if TYPE_CHECKING:
    from relais.accounts.models import User

MAX_ID = 200
MAX_TYPE = 64
CONTACT_KEYS = (
    "email",
    "first_name",
    "last_name",
    "phone",
    "organisation",
    "title",
    "city",
    "lawful_basis",
)
_TYPE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")


class AlreadyReceived(RelaisError):
    """An event whose id was received before: nothing is stored again."""


@dataclass(frozen=True)
class EventInput:
    external_id: str
    type: str
    occurred_at: dt.datetime
    contact: dict[str, str]
    data: dict[str, Any]


def parse_event(payload: object) -> EventInput:
    """Check a decoded JSON body; raises ``InvalidInput`` naming each bad field."""
    if not isinstance(payload, Mapping):
        raise InvalidInput({"body": "The body must be a JSON object."})
    errors: dict[str, str] = {}
    raw_id = payload.get("id")
    external_id = str(raw_id).strip() if isinstance(raw_id, (str, int)) else ""
    if not external_id:
        errors["id"] = "Give the event a unique id (a string)."
    elif len(external_id) > MAX_ID:
        errors["id"] = f"Longer than {MAX_ID} characters."
    kind = payload.get("type")
    if not isinstance(kind, str) or not kind.strip():
        errors["type"] = "Give the event type, e.g. cart_abandoned."
    elif len(kind) > MAX_TYPE or not set(kind.strip().lower()) <= _TYPE_CHARS:
        errors["type"] = (
            f"'{kind[:80]}' is not an event type: letters, digits, _ . - only, "
            f"at most {MAX_TYPE}."
        )
    occurred = timezone.now()
    raw_time = payload.get("occurred_at")
    if raw_time is not None:
        parsed = parse_datetime(raw_time) if isinstance(raw_time, str) else None
        if parsed is None:
            errors["occurred_at"] = "Not an ISO 8601 time such as 2026-05-01T10:00:00Z."
        else:
            occurred = (
                parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
            )
    contact = payload.get("contact") or {}
    if not isinstance(contact, Mapping):
        errors["contact"] = "The contact must be an object (email, first_name…)."
        contact = {}
    clean_contact = {
        k: " ".join(str(contact[k]).split())[:300]
        for k in CONTACT_KEYS
        if isinstance(contact.get(k), (str, int)) and str(contact[k]).strip()
    }
    basis = clean_contact.get("lawful_basis")
    if basis is not None and basis not in LawfulBasis.values:
        errors["contact.lawful_basis"] = (
            f"Unknown lawful basis '{basis}': use one of {', '.join(LawfulBasis.values)}."
        )
    if not ({"email", "phone"} & clean_contact.keys()) and "contact" not in errors:
        errors["contact"] = "The contact needs an email or a phone."
    data = payload.get("data") or {}
    if not isinstance(data, Mapping):
        errors["data"] = "data must be an object."
        data = {}
    if errors:
        raise InvalidInput(errors)
    return EventInput(
        external_id=external_id,
        type=str(kind).strip().lower(),
        occurred_at=occurred,
        contact=clean_contact,
        data=dict(data),
    )


def _same_address_or_none(contact: Contact, emails: tuple[str, ...]) -> bool:
    """A shop's address identifies its buyer: a candidate holding other addresses only is
    a different person to the event (the matching queue may still pair them for review)."""
    if not emails:
        return True
    held = set(
        contact.points.filter(kind="email").values_list("normalized_value", flat=True)
    )
    return not held or bool(held & set(emails))


def find_or_create_contact(
    values: Mapping[str, str], *, source: Source, actor: User | None = None
) -> tuple[Contact, bool]:
    """The contact these values describe, through the matching engine, or a new one.

    A candidate is taken only at or above the auto-merge threshold (the engine's own bar for
    "the same person"); below it a new contact is created and the matching queue decides later.
    """
    from django.conf import settings

    record = draft_record(
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
        organisation=values.get("organisation", ""),
        emails=[values["email"]] if values.get("email") else [],
        phones=[values["phone"]] if values.get("phone") else [],
    )
    for candidate in possible_duplicates(record, limit=3):
        if candidate.probability < settings.RELAIS_MATCHING_AUTO_THRESHOLD:
            break
        if _same_address_or_none(candidate.contact, record.emails):
            return candidate.contact, False
    points = [PointInput(k, values[k]) for k in ("email", "phone") if values.get(k)]
    contact = create_contact(
        actor=actor,
        source=source,
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
        organisation=values.get("organisation", ""),
        title=values.get("title", ""),
        city=values.get("city", ""),
        points=points,
    )
    return contact, True


def _summary(event: EventInput) -> str:
    shown = [
        f"{k}: {v}"
        for k, v in list(event.data.items())[:20]
        if not isinstance(v, (dict, list))
    ]
    return "\n".join(shown)[:5000]


def record_event(
    event: EventInput, *, via: str = "api", actor: User | None = None
) -> Event:
    """Store ``event`` once, with its contact and timeline entry, and act on workflows."""
    if Event.objects.filter(external_id=event.external_id).exists():
        raise AlreadyReceived(f"Event '{event.external_id}' was already received.")
    source = Source(
        kind="event" if via == "api" else via,
        name=f"{event.type} {event.external_id}"[:500],
    )
    try:
        with transaction.atomic():
            contact, _ = find_or_create_contact(
                event.contact, source=source, actor=actor
            )
            basis = event.contact.get("lawful_basis")
            if basis and not contact.lawful_basis:
                # Never over an existing basis: an opt-out stays an opt-out.
                set_lawful_basis(
                    actor=actor, contact=contact, basis=basis, source=source.name
                )
                contact.refresh_from_db()
            interaction = log_interaction(
                actor=actor,
                channel="other",
                direction="in",
                contacts=[contact],
                occurred_at=event.occurred_at,
                subject=f"Event: {event.type}",
                body=_summary(event),
                external_id=f"event:{event.external_id}",
            )
            stored = Event.objects.create(
                external_id=event.external_id,
                type=event.type,
                occurred_at=event.occurred_at,
                contact=contact,
                data=event.data,
                via=via,
                interaction=interaction,
            )
            triggers.on_event(stored)
    except IntegrityError:
        # Two deliveries of the same id at once: the other one won.
        if Event.objects.filter(external_id=event.external_id).exists():
            raise AlreadyReceived(
                f"Event '{event.external_id}' was already received."
            ) from None
        raise
    return stored
