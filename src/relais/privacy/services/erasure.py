"""The right to erasure (GDPR art. 17): the person disappears from every table.

``erase_person`` finds every contact row of the person (``people.person_contacts``: duplicates
and merge archives sharing an email or phone included) and, in one transaction:

1. puts a keyed hash of each of their emails and phones on the suppression list, so that no
   later import brings them back (the import report says it skipped them);
2. deletes the interactions only they took part in, and cuts them out of shared ones;
3. deletes their import records (the fingerprints and the values an import filled) and the
   contact rows, which takes their points, provenance, notes, tasks, tags, consent history,
   signals and self-update links with them (foreign keys cascade);
4. empties the ``changes`` of the audit entries about them;
5. replaces their names, emails and phones wherever they remain in free text
   (``redaction.redact_everywhere``: shared threads, notes and tasks on other contacts,
   audit entries, import reports);
6. logs the erasure — counts and contact ids, never the data — in the audit log and the
   ``Erasure`` register, with the number of uploaded source files that still mention them
   (kept on disk by web uploads; an admin deletes them).

Only an admin (or the local system: the CLI) may erase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from relais.accounts.services import ensure_admin
from relais.audit.models import AuditEntry
from relais.audit.services import record
from relais.contacts.models import Contact, ContactPoint
from relais.contacts.normalize import is_shared_address
from relais.contacts.search.index import forget_erased, name_words
from relais.core.errors import InvalidInput
from relais.ingest.models import ImportedRecord
from relais.privacy.models import Erasure
from relais.timeline.models import Interaction, Participant

from .people import person_contacts
from .redaction import ERASED, person_values, redact_everywhere
from .suppression import suppress

if TYPE_CHECKING:
    from relais.accounts.models import User

_MAX_SCANNED = 512 * 1024 * 1024  # larger uploads are not read back


@dataclass
class ErasurePlan:
    """What an erasure will remove, to show before it is confirmed."""

    contacts: list[Contact]
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    interactions_only_theirs: int = 0
    interactions_shared: int = 0


def plan_erasure(contacts: Sequence[Contact]) -> ErasurePlan:
    ids = [c.pk for c in contacts]
    points = ContactPoint.objects.filter(contact_id__in=ids)
    plan = ErasurePlan(
        contacts=list(contacts),
        emails=sorted(
            {p.normalized_value for p in points if p.kind == ContactPoint.Kind.EMAIL}
        ),
        phones=sorted(
            {p.normalized_value for p in points if p.kind == ContactPoint.Kind.PHONE}
        ),
    )
    only, shared = _interactions(ids)
    plan.interactions_only_theirs, plan.interactions_shared = len(only), len(shared)
    return plan


def _interactions(ids: Sequence[int]) -> tuple[list[int], list[int]]:
    """Interactions only these contacts took part in, and those shared with others."""
    involved = set(
        Participant.objects.filter(contact_id__in=ids).values_list(
            "interaction_id", flat=True
        )
    )
    shared = set(
        Participant.objects.filter(interaction_id__in=involved)
        .exclude(contact_id__in=ids)
        .values_list("interaction_id", flat=True)
    )
    return sorted(involved - shared), sorted(shared)


def uploaded_files_mentioning(emails: Sequence[str]) -> list[Path]:
    """Uploaded source files (RELAIS_DATA_DIR/uploads) whose bytes hold one of ``emails``;
    compressed files (zip, xlsx) are not looked into."""
    folder = Path(settings.DATA_DIR) / "uploads"
    needles = [e.lower().encode() for e in emails if e]
    if not needles or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.stat().st_size > _MAX_SCANNED:
            continue
        data = path.read_bytes().lower()
        if any(n in data for n in needles):
            found.append(path)
    return found


def _still_held(points: Sequence[ContactPoint]) -> set[tuple[str, str]]:
    condition = Q()
    for point in points:
        condition |= Q(kind=point.kind, normalized_value=point.normalized_value)
    if not points:
        return set()
    return set(
        ContactPoint.objects.filter(condition).values_list("kind", "normalized_value")
    )


def erase_person(*, actor: User | None, identifier: str) -> Erasure:
    """Erase the person reachable by ``identifier`` (an email or a phone number)."""
    ensure_admin(actor)
    return erase_contacts(actor=actor, contacts=person_contacts(identifier))


def erase_contacts(*, actor: User | None, contacts: Sequence[Contact]) -> Erasure:
    """Erase these contact rows and every trace of them (see the module docstring)."""
    ensure_admin(actor)
    if not contacts:
        raise InvalidInput({"contacts": "Choose at least one contact to erase."})
    ids = [c.pk for c in contacts]
    with transaction.atomic():
        plan = plan_erasure(contacts)
        points = list(ContactPoint.objects.filter(contact_id__in=ids))
        only, shared = _interactions(ids)
        Interaction.objects.filter(pk__in=only).delete()
        ImportedRecord.objects.filter(contact_id__in=ids).delete()
        words = set().union(
            *(name_words(c.first_name, c.last_name, c.display_name) for c in contacts)
        )
        Contact.objects.filter(pk__in=ids).delete()
        forget_erased(
            words
        )  # the search index's own tables (typo vocabulary, FTS pages)
        AuditEntry.objects.filter(contact_id__in=ids).update(
            changes={}, object_repr=ERASED
        )
        # A value another contact still holds (a shared address, a switchboard) is not
        # theirs alone: it stays, and is neither suppressed nor redacted.
        still_held = _still_held(points)
        mine = [p for p in points if (p.kind, p.normalized_value) not in still_held]
        values = person_values(contacts, mine)
        # A team address (contact@, info@…) would block the colleagues' next import.
        suppress(
            (p.kind, p.normalized_value)
            for p in mine
            if not (
                p.kind == ContactPoint.Kind.EMAIL
                and is_shared_address(p.normalized_value)
            )
        )
        redacted = redact_everywhere(values)
        # Search documents of other contacts (notes, subjects) and the index's own tables.
        forget_erased(words)
        uploads = uploaded_files_mentioning(plan.emails)
        counts = {
            "contacts": len(ids),
            "emails": len(plan.emails),
            "phones": len(plan.phones),
            "interactions_deleted": len(only),
            "interactions_redacted": len(shared),
            "rows_redacted": sum(redacted.values()),
            # Source files of web uploads are kept on disk (for resuming): say how many
            # still hold the person, for an admin to delete; files are never rewritten.
            "uploaded_files_mentioning": len(uploads),
        }
        erasure = Erasure.objects.create(actor=actor, contact_ids=ids, counts=counts)
        record(
            actor=actor,
            action="privacy.erase",
            obj=erasure,
            changes={"contact_ids": ids, **counts},
        )
    return erasure
