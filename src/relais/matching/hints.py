"""Duplicate checks that must never get in the way of saving contacts.

The "this looks like…" hints of the form and the API, and the check at the end of an import
batch, are conveniences: if the engine cannot answer (a backend down, a bug), the contact is
still created and the import still done, the problem is logged, and ``relais dedupe`` finds
the pairs later — rather than a save or an import failing after its data is committed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from relais.contacts.models import Contact
from relais.matching.engine import MatchRecord
from relais.matching.services import (
    PairOutcome,
    PossibleDuplicate,
    duplicates_of,
    possible_duplicates,
)
from relais.matching.services import check_import_batch as _check_batch

if TYPE_CHECKING:
    from relais.accounts.models import User

logger = logging.getLogger(__name__)


def hints_for_contact(contact: Contact, limit: int = 3) -> list[PossibleDuplicate]:
    try:
        return duplicates_of(contact, limit=limit)
    except Exception:
        logger.exception("Duplicate hints failed for contact %s", contact.pk)
        return []


def hints_for_draft(record: MatchRecord, limit: int = 3) -> list[PossibleDuplicate]:
    try:
        return possible_duplicates(record, limit=limit)
    except Exception:
        logger.exception("Duplicate hints failed for a draft contact")
        return []


def possible_duplicates_out(contact: Contact) -> list[dict[str, Any]]:
    """The ``possible_duplicates`` of the API's create response."""
    return [
        {
            "id": d.contact.pk,
            "display_name": d.contact.display_name,
            "organization": d.contact.organisation.name
            if d.contact.organisation
            else "",
            "probability": round(d.probability, 4),
        }
        for d in hints_for_contact(contact)
    ]


def check_import_batch(*, actor: User | None, batch_id: int) -> PairOutcome:
    """The contacts an import batch created, checked against the base when the batch ends."""
    try:
        return _check_batch(actor=actor, batch_id=batch_id)
    except Exception:
        logger.exception("Duplicate check failed for import batch %s", batch_id)
        return PairOutcome()
