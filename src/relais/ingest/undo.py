"""Undoing an import batch: remove exactly what it added, and nothing else.

What a batch added is known by its marks: ``created_by_batch`` on the contacts, points,
notes, interactions, organisations and tags it created, ``batch`` on its provenance rows,
``ImportedTagLink`` for tags it put on contacts it did not create, and ``ImportedRecord.filled``
for the empty fields it filled. Something the batch created that has since gained another
source is kept (a later import or a person vouches for it): a contact with provenance from
elsewhere, a note, a task or a place in another interaction; a point with provenance from
elsewhere. A field the batch filled is cleared only if it still holds what the batch wrote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from relais.accounts.services import ensure_can_write
from relais.audit.services import record as audit
from relais.contacts.models import (
    Attachment,
    Contact,
    ContactPoint,
    Note,
    Organisation,
    Provenance,
    Tag,
)
from relais.contacts.services.search_text import refresh_search_texts
from relais.core.errors import InvalidInput, NotFound
from relais.timeline.models import Interaction, Participant, Task

from .models import ImportBatch, ImportedRecord, ImportedTagLink
from .services import _alive
from .writer import chunks

if TYPE_CHECKING:
    from relais.accounts.models import User


def get_batch(batch_id: int) -> ImportBatch:
    try:
        return ImportBatch.objects.get(pk=batch_id)
    except ImportBatch.DoesNotExist:
        raise NotFound(f"No import batch with id {batch_id}.") from None


def _kept_contacts(batch: ImportBatch, ids: list[int]) -> set[int]:
    """Contacts created by the batch that something else now vouches for."""
    kept: set[int] = set()
    for part in chunks(ids):
        kept.update(
            Provenance.objects.filter(contact_id__in=part)
            .exclude(batch=batch)
            .values_list("contact_id", flat=True)
        )
        kept.update(
            Note.objects.filter(contact_id__in=part)
            .exclude(created_by_batch=batch)
            .values_list("contact_id", flat=True)
        )
        kept.update(
            Task.objects.filter(contact_id__in=part).values_list(
                "contact_id", flat=True
            )
        )
        kept.update(
            Participant.objects.filter(contact_id__in=part)
            .exclude(interaction__created_by_batch=batch)
            .values_list("contact_id", flat=True)
        )
    return kept


def _vouched_points(batch: ImportBatch) -> list[int]:
    """Points the batch created that another source's provenance row (still) names."""
    contact_ids = list(
        ContactPoint.objects.filter(created_by_batch=batch)
        .values_list("contact_id", flat=True)
        .distinct()
    )
    named: set[int] = set()
    for part in chunks(contact_ids):
        for ids in Provenance.objects.filter(contact_id__in=part).values_list(
            "points", flat=True
        ):
            named.update(ids or ())
    return sorted(named)


def _clear_filled(batch: ImportBatch, removed: set[int]) -> set[int]:
    """Clear the fields the batch filled that still hold its values; the contacts changed."""
    changed: set[int] = set()
    rows = ImportedRecord.objects.filter(batch=batch, filled__isnull=False).exclude(
        contact_id__in=removed
    )
    for contact_id, filled in rows.values_list("contact_id", "filled"):
        if not contact_id or not filled:
            continue
        contact = (
            Contact.objects.filter(pk=contact_id).select_related("organisation").first()
        )
        if contact is None:
            continue
        updates: dict[str, Any] = {}
        for name, value in filled.items():
            if name == "organisation":
                if contact.organisation and contact.organisation.name == value:
                    updates["organisation"] = None
            elif name != "display_name" and getattr(contact, name, None) == value:
                updates[name] = ""
        if updates:
            Contact.objects.filter(pk=contact_id).update(**updates)
            changed.add(contact_id)
    return changed


def undo_batch(*, actor: User | None, batch_id: int) -> dict[str, int]:
    """Remove what an import batch added; returns what was removed, by kind. Audited."""
    ensure_can_write(actor)
    batch = get_batch(batch_id)
    if batch.status == ImportBatch.Status.UNDONE:
        raise InvalidInput({"batch": f"Import batch {batch_id} is already undone."})
    if batch.status == ImportBatch.Status.RUNNING and _alive(batch):
        raise InvalidInput(
            {
                "batch": f"Import batch {batch_id} is still running; undo it once it ends."
            }
        )
    counts: dict[str, int] = {}
    with transaction.atomic():
        created = list(
            Contact.objects.filter(created_by_batch=batch).values_list("id", flat=True)
        )
        touched = set(
            Provenance.objects.filter(batch=batch)
            .values_list("contact_id", flat=True)
            .distinct()
        )
        counts["interactions"] = Interaction.objects.filter(
            created_by_batch=batch
        ).count()
        Interaction.objects.filter(created_by_batch=batch).delete()
        counts["notes"] = Note.objects.filter(created_by_batch=batch).delete()[0]
        links = list(ImportedTagLink.objects.filter(batch=batch))
        through = Contact.tags.through
        for link in links:
            through.objects.filter(
                contact_id=link.contact_id, tag_id=link.tag_id
            ).delete()
        counts["tag_links"] = len(links)
        # Card photos the batch kept on contacts it did not create (the others go with them).
        Attachment.objects.filter(batch=batch).delete()
        counts["provenance"] = Provenance.objects.filter(batch=batch)._raw_delete(
            Provenance.objects.db
        )
        kept = _kept_contacts(batch, created)
        removed = [pk for pk in created if pk not in kept]
        counts["contacts"] = len(removed)
        for part in chunks(removed, 1000):
            Contact.objects.filter(pk__in=part).delete()
        points = ContactPoint.objects.filter(created_by_batch=batch)
        for part in chunks(_vouched_points(batch)):
            points.filter(pk__in=part).update(created_by_batch=None)
        counts["points"] = points.delete()[0]
        Contact.objects.filter(pk__in=kept).update(created_by_batch=None)
        changed = _clear_filled(batch, set(removed))
        ImportedRecord.objects.filter(batch=batch)._raw_delete(
            ImportedRecord.objects.db
        )
        counts["organisations"] = (
            Organisation.objects.filter(created_by_batch=batch)
            .annotate(n=Count("contacts"))
            .filter(n=0)
            .delete()[0]
        )
        counts["tags"] = (
            Tag.objects.filter(created_by_batch=batch)
            .annotate(n=Count("contacts"))
            .filter(n=0)
            .delete()[0]
        )
        Organisation.objects.filter(created_by_batch=batch).update(
            created_by_batch=None
        )
        Tag.objects.filter(created_by_batch=batch).update(created_by_batch=None)
        refresh_search_texts((touched | changed) - set(removed))
        batch.status = ImportBatch.Status.UNDONE
        batch.stats = {
            **batch.stats,
            "undone": counts,
            "undone_at": str(timezone.now()),
        }
        batch.save(update_fields=["status", "stats"])
        audit(actor=actor, action="import.undo", obj=batch, changes=counts)
    return counts
