"""Why each contact is held: the lawful basis, with its source and date, and its history.

Every change adds a ``ConsentRecord`` (nothing is overwritten, so the history shows who
recorded what, from which source, when); the latest by date is the current basis, copied to
``Contact.lawful_basis``. ``can_contact`` is what campaigns ask before sending.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Contact
from relais.core.errors import InvalidInput
from relais.privacy.models import ConsentRecord, LawfulBasis

if TYPE_CHECKING:
    from relais.accounts.models import User

# What each purpose needs: marketing (newsletters, campaigns) needs a basis that allows it
# and no opt-out; service messages (a reply, the yearly "check your details" email, which
# the accuracy principle asks for) only need the person not to be unknown to the base.
PURPOSES = {
    "marketing": {
        LawfulBasis.CONSENT,
        LawfulBasis.LEGITIMATE_INTEREST,
        LawfulBasis.CUSTOMER,
    },
    "service": {
        LawfulBasis.CONSENT,
        LawfulBasis.LEGITIMATE_INTEREST,
        LawfulBasis.CUSTOMER,
        LawfulBasis.OPTED_OUT,
    },
}


def can_contact(contact: Contact, purpose: str = "marketing") -> bool:
    """Whether a message for ``purpose`` ('marketing' or 'service') may be sent to ``contact``.

    A contact with no recorded basis is never sent marketing: record one first (a campaign
    should list such contacts for review rather than guess).
    """
    if purpose not in PURPOSES:
        raise InvalidInput(
            {
                "purpose": f"Unknown purpose '{purpose}': use one of {', '.join(PURPOSES)}."
            }
        )
    return contact.lawful_basis in PURPOSES[purpose]


def _current(contact: Contact) -> str:
    latest = (
        ConsentRecord.objects.filter(contact=contact)
        .order_by("-given_at", "-id")
        .values_list("basis", flat=True)
        .first()
    )
    return latest or ""


def set_lawful_basis(
    *,
    actor: User | None,
    contact: Contact,
    basis: str,
    source: str = "",
    given_at: dt.datetime | dt.date | None = None,
    note: str = "",
) -> ConsentRecord:
    """Record a lawful basis for ``contact`` (opt-in, legitimate interest, customer, opted
    out) from ``source`` at ``given_at`` (now by default); the history keeps every one."""
    ensure_can_write(actor)
    errors: dict[str, str] = {}
    if basis not in LawfulBasis.values:
        errors["basis"] = (
            f"Unknown lawful basis '{basis}': use one of {', '.join(LawfulBasis.values)}."
        )
    source = " ".join(source.split())
    if len(source) > 300:
        errors["source"] = "Longer than 300 characters."
    if isinstance(given_at, dt.date) and not isinstance(given_at, dt.datetime):
        given_at = timezone.make_aware(dt.datetime.combine(given_at, dt.time(12)))
    when = given_at or timezone.now()
    if when > timezone.now() + dt.timedelta(days=1):
        errors["given_at"] = "The date is in the future."
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        entry = ConsentRecord.objects.create(
            contact=contact,
            basis=basis,
            source=source,
            given_at=when,
            note=note.strip(),
            recorded_by=actor,
        )
        previous = contact.lawful_basis
        contact.lawful_basis = _current(contact)
        Contact.objects.filter(pk=contact.pk).update(lawful_basis=contact.lawful_basis)
        record(
            actor=actor,
            action="contact.lawful_basis",
            obj=contact,
            contact_id=contact.pk,
            changes={
                "lawful_basis": [previous, contact.lawful_basis],
                "source": source,
                "given_at": when.isoformat(),
            },
        )
    return entry


def consent_history(contact: Contact) -> list[ConsentRecord]:
    return list(
        ConsentRecord.objects.filter(contact=contact)
        .select_related("recorded_by")
        .order_by("-given_at", "-id")
    )
