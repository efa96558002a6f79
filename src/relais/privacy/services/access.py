"""The right of access (GDPR art. 15): everything the base holds on a person, as one document.

The document is built generically — every concrete column of every row that belongs to the
person's contacts (the contact, its points, provenance, notes, tags, tasks, interactions with
their bodies and participants, consent history, freshness signals, self-update requests,
import records and the audit entries about them) — so that a column added later is exported
without anyone remembering to add it. ``person_document`` feeds the JSON download, the
readable page and ``relais privacy export``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from relais.audit.models import AuditEntry
from relais.audit.services import record
from relais.contacts import freshness as formula
from relais.contacts.models import Contact, Note, Provenance
from relais.ingest.models import ImportedRecord
from relais.privacy.models import (
    ConsentRecord,
    FreshnessSignal,
    SelfUpdateLink,
    SelfUpdateProposal,
)
from relais.timeline.models import Interaction, Participant, Task

from .people import person_contacts

if TYPE_CHECKING:
    from relais.accounts.models import User

# Columns that are credentials or internal keys rather than data about the person.
_LEFT_OUT = {SelfUpdateLink: {"token"}}


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def row(obj: models.Model) -> dict[str, Any]:
    """Every concrete column of ``obj`` (foreign keys as ids), JSON-ready."""
    skip = _LEFT_OUT.get(type(obj), set())
    return {
        f.attname: jsonable(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.name not in skip
    }


def contact_document(contact: Contact) -> dict[str, Any]:
    """Everything held on one contact row."""
    interactions = []
    for interaction in Interaction.objects.filter(participants__contact=contact).order_by(
        "occurred_at", "pk"
    ):
        entry = row(interaction)
        entry["participants"] = [
            {**row(p), "display_name": p.contact.display_name}
            for p in Participant.objects.filter(interaction=interaction).select_related(
                "contact"
            )
        ]
        interactions.append(entry)
    fields = row(contact)
    fields["organisation_name"] = contact.organisation.name if contact.organisation else ""
    fields["owner_email"] = contact.owner.email if contact.owner else None
    return {
        "contact": fields,
        "tags": sorted(t.name for t in contact.tags.all()),
        "points": [row(p) for p in contact.points.order_by("pk")],
        "provenance": [
            row(p) for p in Provenance.objects.filter(contact=contact).order_by("pk")
        ],
        "notes": [row(n) for n in Note.objects.filter(contact=contact).order_by("pk")],
        "tasks": [row(t) for t in Task.objects.filter(contact=contact).order_by("pk")],
        "interactions": interactions,
        "consent": [
            row(c) for c in ConsentRecord.objects.filter(contact=contact).order_by("pk")
        ],
        "freshness": {
            "score": contact.freshness,
            "band": formula.band(contact.freshness),
            "computed_at": jsonable(contact.freshness_at),
            "fields_confirmed_at": contact.fields_confirmed_at,
            "signals": [
                row(s)
                for s in FreshnessSignal.objects.filter(contact=contact).order_by("pk")
            ],
        },
        "self_update": {
            "links": [
                row(link)
                for link in SelfUpdateLink.objects.filter(contact=contact).order_by("pk")
            ],
            "requests": [
                row(p)
                for p in SelfUpdateProposal.objects.filter(contact=contact).order_by(
                    "pk"
                )
            ],
        },
        "import_records": [
            row(r) for r in ImportedRecord.objects.filter(contact=contact).order_by("pk")
        ],
        "audit": [
            row(a) for a in AuditEntry.objects.filter(contact_id=contact.pk).order_by("pk")
        ],
    }


def person_document(
    identifier: str, *, actor: User | None = None, log: bool = True
) -> dict[str, Any]:
    """Everything held on the person reachable by ``identifier`` (email or phone).

    The access is logged (who exported whose data, when) without the data itself.
    """
    contacts = person_contacts(identifier)
    document = {
        "format": "relais-access-export/1",
        "generated_at": timezone.now().isoformat(),
        "contacts": [contact_document(c) for c in contacts],
    }
    if log:
        for contact in contacts:
            record(
                actor=actor,
                action="privacy.access_export",
                obj=contact,
                contact_id=contact.pk,
            )
    return document
