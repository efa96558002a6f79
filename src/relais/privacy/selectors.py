"""Reads of the privacy area: freshness bands as filters, the dashboard's series, consent.

``freshness_q`` is the "probably stale" segment (and the other bands) as a ``Q`` on
``Contact``, for the contact list, the API and saved segments alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from relais.contacts import freshness as formula
from relais.contacts.models import Contact
from relais.core.errors import InvalidInput

from .models import FreshnessSignal, FreshnessSnapshot, LawfulBasis

FRESHNESS_FILTERS = ("fresh", "ageing", "stale", "unknown")
NO_BASIS = "none"  # the lawful-basis filter value for "nothing recorded"


def freshness_q(band: str) -> Q:
    """Contacts in a freshness band; 'stale' is the "probably stale" segment."""
    if band == "fresh":
        return Q(freshness__gte=formula.FRESH)
    if band == "ageing":
        return Q(freshness__gte=formula.STALE, freshness__lt=formula.FRESH)
    if band == "stale":
        return Q(freshness__lt=formula.STALE)
    if band == "unknown":
        return Q(freshness__isnull=True)
    raise InvalidInput(
        {
            "freshness": f"Unknown band '{band}': use one of {', '.join(FRESHNESS_FILTERS)}."
        }
    )


def lawful_basis_q(basis: str) -> Q:
    if basis == NO_BASIS:
        return Q(lawful_basis="")
    if basis not in LawfulBasis.values:
        raise InvalidInput(
            {
                "lawful_basis": f"Unknown lawful basis '{basis}': use one of "
                f"{', '.join([*LawfulBasis.values, NO_BASIS])}."
            }
        )
    return Q(lawful_basis=basis)


def probably_stale() -> QuerySet[Contact]:
    """Active contacts whose details are probably out of date, stalest first."""
    return (
        Contact.objects.exclude(status=Contact.Status.ARCHIVED)
        .filter(freshness_q("stale"))
        .order_by("freshness", "pk")
    )


def open_signals(contact: Contact) -> list[FreshnessSignal]:
    return list(
        FreshnessSignal.objects.filter(contact=contact, resolved_at__isnull=True)
    )


def snapshot_series(days: int = 365) -> list[FreshnessSnapshot]:
    since = dt.date.today() - dt.timedelta(days=days)
    return list(FreshnessSnapshot.objects.filter(day__gte=since).order_by("day"))


def current_bands() -> dict[str, Any]:
    """Active contacts per band now, with shares in percent."""
    counts = dict.fromkeys(formula.BANDS, 0)
    for value in Contact.objects.exclude(status=Contact.Status.ARCHIVED).values_list(
        "freshness", flat=True
    ):
        counts[formula.band(value)] += 1
    total = sum(counts.values())
    return {
        "counts": counts,
        "total": total,
        "shares": {
            band: round(100 * n / total) if total else 0 for band, n in counts.items()
        },
    }
