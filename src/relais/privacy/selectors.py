"""Reads of the privacy area: freshness bands as filters, the dashboard's series, consent.

``freshness_q`` (the "probably stale" segment and the other bands) and ``lawful_basis_q`` live in
``contacts.selectors``, which filters contacts by them; they stay importable from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from relais.contacts import freshness as formula
from relais.contacts.models import Contact
from relais.contacts.selectors import (  # noqa: F401  (kept importable from privacy)
    FRESHNESS_FILTERS,
    NO_BASIS,
    freshness_q,
    lawful_basis_q,
)

from .models import FreshnessSignal, FreshnessSnapshot


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
