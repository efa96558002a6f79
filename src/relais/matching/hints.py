"""The "this looks like…" hints for entrypoints: never in the way of saving a contact.

A hint is a convenience: if the engine cannot answer (its index is being rebuilt, a backend
is down), the contact is still created and the problem is logged, rather than the save failing.
"""

from __future__ import annotations

import logging
from typing import Any

from relais.contacts.models import Contact
from relais.matching.engine import MatchRecord
from relais.matching.services import (
    PossibleDuplicate,
    duplicates_of,
    possible_duplicates,
)

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
