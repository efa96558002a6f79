"""How fresh a contact's details probably are: a score from 0 to 100. Pure logic, no database.

About 10% of a B2B base goes stale every year (people change jobs, titles, numbers). If each
record goes stale independently at that rate, the chance that a record last confirmed ``t``
years ago is still right is ``0.9 ** t`` — exponential decay with rate
``λ = -ln(0.9) ≈ 0.1054`` per year (half-life ``ln 2 / λ ≈ 6.6`` years). The score is that
chance in percent, multiplied by a factor for each open signal that something changed:

    score = round(100 · 0.9^(days / 365.25) · Π factor(signal))

=================  ======  ============================================================
signal             factor  why
=================  ======  ============================================================
hard bounce        0.5     one address is dead (0.3 when every email of the contact is)
left the company   0.2     an auto-reply says the person is no longer there
new employer       0.4     a newer signature names another company
=================  ======  ============================================================

A confirmation (import of a record stating the facts, a reply from the address, a
self-update, a manual "confirm") resets ``t``; a confirmation after a signal settles it.
Bands: fresh ≥ 80 (confirmed within ~2 years), ageing 50–79, stale < 50 ("probably stale").
docs/privacy.md explains it to users.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

YEARLY_STALE_RATE = 0.10
DECAY_PER_YEAR = -math.log(1 - YEARLY_STALE_RATE)  # λ ≈ 0.10536
FACTORS = {"bounce": 0.5, "left": 0.2, "new_employer": 0.4}
ALL_EMAILS_BOUNCED = 0.3
FRESH, STALE = 80, 50  # band limits: fresh ≥ 80, stale < 50
BANDS = ("fresh", "ageing", "stale", "unknown")


def decay(days: float) -> float:
    """Chance (0–1) that a record confirmed ``days`` ago is still right."""
    return math.exp(-DECAY_PER_YEAR * max(days, 0.0) / 365.25)


def score(
    last_confirmed: dt.datetime,
    now: dt.datetime,
    signals: Iterable[str] = (),
    *,
    all_emails_bounced: bool = False,
) -> int:
    """The freshness score of a contact last confirmed at ``last_confirmed``, with the kinds
    of its open signals (one factor per kind, however many times it was seen)."""
    value = 100.0 * decay((now - last_confirmed).total_seconds() / 86400)
    for kind in set(signals):
        if kind == "bounce" and all_emails_bounced:
            value *= ALL_EMAILS_BOUNCED
        else:
            value *= FACTORS.get(kind, 1.0)
    return max(0, min(100, round(value)))


def band(value: int | None) -> str:
    """'fresh', 'ageing', 'stale', or 'unknown' when no score was computed yet."""
    if value is None:
        return "unknown"
    if value >= FRESH:
        return "fresh"
    return "ageing" if value >= STALE else "stale"
