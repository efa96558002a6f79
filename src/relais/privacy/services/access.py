"""The right of access (GDPR art. 15): everything the base holds on a person, as one document.

The document is built generically — every concrete column of every row of every table with a
foreign key to the person's contacts (points, provenance, notes, tasks, consent history,
freshness signals, self-update requests, import records, and whatever a later feature adds),
plus the interactions they took part in with bodies and participants, their tags and the
audit entries about them — so that a table or column added later is exported without anyone
remembering to add it. ``person_document`` feeds the JSON download, the
readable page and ``relais privacy export``.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import uuid
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relais.audit.models import AuditEntry
from relais.audit.services import record
from relais.contacts import freshness as formula
from relais.contacts.models import Contact, ContactPoint
from relais.privacy.models import SelfUpdateLink
from relais.timeline.models import Interaction, Participant

from .people import person_contacts
from .redaction import find_everywhere, person_values

if TYPE_CHECKING:
    from relais.accounts.models import User

# Columns that are credentials or internal keys rather than data about the person.
_LEFT_OUT: dict[type[models.Model], set[str]] = {SelfUpdateLink: {"token"}}


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):  # a card photo: the person gets it too
        return base64.b64encode(bytes(value)).decode()
    return value


def row(obj: models.Model) -> dict[str, Any]:
    """Every concrete column of ``obj`` (foreign keys as ids), JSON-ready."""
    skip = _LEFT_OUT.get(type(obj), set())
    return {
        f.attname: jsonable(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.name not in skip
    }


# Friendly section names of the tables that hang on a contact; any other table with a
# foreign key to Contact (added by a later feature) is exported under its own label.
SECTIONS = {
    "contacts.contactpoint": "points",
    "contacts.provenance": "provenance",
    "contacts.note": "notes",
    "timeline.task": "tasks",
    "privacy.consentrecord": "consent",
    "privacy.freshnesssignal": "freshness_signals",
    "privacy.selfupdatelink": "self_update_links",
    "privacy.selfupdateproposal": "self_update_requests",
    "ingest.importedrecord": "import_records",
    "contacts.attachment": "attachments",
}
# Shown inside ``interactions`` with their interaction.
_INSIDE = {"timeline.participant"}


def _tables_on_contact() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with a foreign key to Contact (many-to-many link tables aside)."""
    found = []
    for model in apps.get_models():
        if model._meta.auto_created or model is Contact:
            continue
        keys = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is Contact
        ]
        if keys:
            found.append((model, keys))
    return found


def contact_document(contact: Contact) -> dict[str, Any]:
    """Everything held on one contact row."""
    fields = row(contact)
    fields["organisation_name"] = (
        contact.organisation.name if contact.organisation else ""
    )
    fields["owner_email"] = contact.owner.email if contact.owner else None
    document: dict[str, Any] = {
        "contact": fields,
        "tags": sorted(t.name for t in contact.tags.all()),
    }
    for model, keys in _tables_on_contact():
        label = model._meta.label_lower
        if label in _INSIDE:
            continue
        condition = Q()
        for key in keys:
            condition |= Q(**{key: contact})
        document[SECTIONS.get(label, label)] = [
            row(obj) for obj in model._default_manager.filter(condition).order_by("pk")
        ]
    interactions = []
    for interaction in Interaction.objects.filter(
        participants__contact=contact
    ).order_by("occurred_at", "pk"):
        entry = row(interaction)
        entry["participants"] = [
            {**row(p), "display_name": p.contact.display_name}
            for p in Participant.objects.filter(interaction=interaction).select_related(
                "contact"
            )
        ]
        interactions.append(entry)
    document["interactions"] = interactions
    document["freshness"] = {
        "score": contact.freshness,
        "band": formula.band(contact.freshness),
        "computed_at": jsonable(contact.freshness_at),
        "fields_confirmed_at": contact.fields_confirmed_at,
    }
    document["audit"] = [
        row(a) for a in AuditEntry.objects.filter(contact_id=contact.pk).order_by("pk")
    ]
    return document


def mentions_elsewhere(contacts: list[Contact]) -> list[dict[str, Any]]:
    """Text outside the person's own rows that names them or gives one of their emails or
    phones: a note or task on a colleague, another contact's import details, an audit entry.
    The same search the erasure redacts with, so what access shows is what erasure removes."""
    ids = {c.pk for c in contacts}
    points = list(ContactPoint.objects.filter(contact_id__in=ids))
    condition = Q()
    for p in points:
        condition |= Q(kind=p.kind, normalized_value=p.normalized_value)
    shared = (
        set(
            ContactPoint.objects.filter(condition)
            .exclude(contact_id__in=ids)
            .values_list("kind", "normalized_value")
        )
        if points
        else set()
    )
    values = person_values(
        contacts, [p for p in points if (p.kind, p.normalized_value) not in shared]
    )
    involved = set(
        Participant.objects.filter(contact_id__in=ids).values_list(
            "interaction_id", flat=True
        )
    )
    found = []
    for match in find_everywhere(values):
        obj = match.model._default_manager.filter(pk=match.pk).first()
        if obj is None or _belongs_to(obj, ids, involved):
            continue
        found.append(
            {
                "table": match.model._meta.label_lower,
                "id": jsonable(match.pk),
                "column": match.column.attname,
                "value": jsonable(match.value),
            }
        )
    return found


def _belongs_to(obj: models.Model, ids: set[int], involved: set[int]) -> bool:
    """Whether a row is already in the person's own part of the document."""
    if isinstance(obj, Contact):
        return obj.pk in ids
    if isinstance(obj, Interaction):
        return obj.pk in involved
    if isinstance(obj, AuditEntry):
        return obj.contact_id in ids
    return any(
        getattr(obj, f.attname) in ids
        for f in obj._meta.concrete_fields
        if f.is_relation and f.related_model is Contact
    ) or any(
        getattr(obj, f.attname) in involved
        for f in obj._meta.concrete_fields
        if f.is_relation and f.related_model is Interaction
    )


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
        "mentions_elsewhere": mentions_elsewhere(contacts),
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
