"""The service-level policy in force: working hours and targets per priority.

Defaults (docs/service.md): Monday to Friday, 09:00-17:00 in ``TIME_ZONE``, no holidays;
targets in business minutes per priority. Statuses that pause the clock: waiting, resolved,
closed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from .sla import Calendar, Targets

PAUSED = frozenset({"waiting", "resolved", "closed"})
TARGETS = {
    "urgent": Targets(first_response=30, next_response=60, resolution=4 * 60),
    "high": Targets(first_response=60, next_response=2 * 60, resolution=8 * 60),
    "normal": Targets(first_response=4 * 60, next_response=8 * 60, resolution=24 * 60),
    "low": Targets(first_response=8 * 60, next_response=16 * 60, resolution=40 * 60),
}


def calendar(holidays: frozenset[dt.date] = frozenset()) -> Calendar:
    day = ((dt.time(9), dt.time(17)),)
    return Calendar(str(settings.TIME_ZONE), {d: day for d in range(5)}, holidays)
