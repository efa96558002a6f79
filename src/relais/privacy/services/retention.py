"""Retention review: contacts held too long without a reason to keep them.

A contact is listed when, for RELAIS_RETENTION_MONTHS (36 by default, the CNIL's guidance
for prospects), nothing happened with them — no interaction, and the contact itself is older
than that — and no current reason to keep them: no opt-in consent, not a customer, and any
legitimate-interest basis was recorded before the period began. Each listed contact is either
erased (``erasure.erase_contacts``) or kept, which records a legitimate-interest basis dated
today, so the contact leaves the list for another period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from relais.contacts.models import Contact
from relais.privacy.models import ConsentRecord, LawfulBasis
from relais.timeline.models import Participant

from .consent import set_lawful_basis

if TYPE_CHECKING:
    from relais.accounts.models import User


def cutoff(months: int | None = None, now: dt.datetime | None = None) -> dt.datetime:
    months = settings.RELAIS_RETENTION_MONTHS if months is None else months
    return (now or timezone.now()) - dt.timedelta(days=round(months * 30.44))


def retention_candidates(
    months: int | None = None, now: dt.datetime | None = None
) -> QuerySet[Contact]:
    """Contacts past the retention period with no interaction and no reason to keep them,
    oldest activity first (``last_activity`` annotated)."""
    limit = cutoff(months, now)
    recent_interaction = Participant.objects.filter(
        contact=OuterRef("pk"), interaction__occurred_at__gte=limit
    )
    recent_basis = ConsentRecord.objects.filter(
        contact=OuterRef("pk"),
        basis=LawfulBasis.LEGITIMATE_INTEREST,
        given_at__gte=limit,
    )
    return (
        Contact.objects.filter(created_at__lt=limit)
        .exclude(lawful_basis__in=[LawfulBasis.CONSENT, LawfulBasis.CUSTOMER])
        .exclude(status=Contact.Status.CUSTOMER)
        .exclude(Exists(recent_interaction))
        .exclude(Q(lawful_basis=LawfulBasis.LEGITIMATE_INTEREST) & Exists(recent_basis))
        .annotate(last_activity=Max("participations__interaction__occurred_at"))
        .select_related("organisation", "owner")
        .order_by("created_at", "pk")
    )


def keep_contacts(
    *, actor: User | None, contacts: Sequence[Contact], reason: str = ""
) -> int:
    """Keep these contacts for another period: a legitimate-interest basis dated today."""
    for contact in contacts:
        set_lawful_basis(
            actor=actor,
            contact=contact,
            basis=LawfulBasis.LEGITIMATE_INTEREST,
            source=reason or "retention review",
        )
    return len(contacts)
