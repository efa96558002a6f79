"""Service-level arithmetic, pure: no database, no clock (docs/service.md, "Service levels").

Business time is counted in real elapsed seconds inside the working windows of a calendar
(hours per weekday in a time zone, minus holidays), minus the intervals a ticket spent in a
paused status (waiting on the customer, resolved before a reopen). Windows are built from
local wall-clock times with ``zoneinfo``, so a change of summer time shortens or lengthens
nothing but the night it happens in.

Rules (the helpdesks' common ground): every due time is counted from the opening, with the
targets of the ticket's *current* priority (a priority change recomputes from the opening);
the next-response due time counts from the customer's oldest unanswered message; a\nresolved ticket's clock stops at its resolution.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

Interval = tuple[dt.datetime, dt.datetime | None]
MAX_DAYS = 3660  # a calendar with no working time at all must not loop forever


@dataclass(frozen=True)
class Calendar:
    """Working hours per weekday (0 = Monday) as local (start, end) times, in ``tz``."""

    tz: str = "UTC"
    hours: dict[int, tuple[tuple[dt.time, dt.time], ...]] = field(default_factory=dict)
    holidays: frozenset[dt.date] = frozenset()

    def windows(self, start: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Working windows (aware, UTC) ending after ``start``, in order."""
        zone = ZoneInfo(self.tz)
        day = start.astimezone(zone).date() - dt.timedelta(days=1)
        for _ in range(MAX_DAYS):
            if day not in self.holidays:
                for begin, end in self.hours.get(day.weekday(), ()):
                    a = dt.datetime.combine(day, begin, zone).astimezone(dt.UTC)
                    b = dt.datetime.combine(day, end, zone).astimezone(dt.UTC)
                    if b > start:
                        yield max(a, start), b
            day += dt.timedelta(days=1)


@dataclass(frozen=True)
class Targets:
    """Minutes of business time allowed; ``None`` means no target."""

    first_response: int | None
    next_response: int | None
    resolution: int | None


@dataclass(frozen=True)
class ClockState:
    opened_at: dt.datetime
    priority: str
    pauses: Sequence[Interval] = ()  # closed or still open (end None) paused intervals
    first_response_at: dt.datetime | None = None
    waiting_since: dt.datetime | None = None  # customer's oldest unanswered message
    resolved_at: dt.datetime | None = None


@dataclass(frozen=True)
class Deadlines:
    first_response_due: dt.datetime | None
    next_response_due: dt.datetime | None
    resolution_due: dt.datetime | None


def _minus_pauses(
    window: tuple[dt.datetime, dt.datetime], pauses: Sequence[Interval]
) -> list[tuple[dt.datetime, dt.datetime]]:
    parts = [window]
    for p_start, p_end in pauses:
        end = p_end or dt.datetime.max.replace(tzinfo=dt.UTC)
        cut: list[tuple[dt.datetime, dt.datetime]] = []
        for a, b in parts:
            if end <= a or p_start >= b:
                cut.append((a, b))
                continue
            if p_start > a:
                cut.append((a, p_start))
            if end < b:
                cut.append((end, b))
        parts = cut
    return parts


def add_business_time(
    calendar: Calendar,
    start: dt.datetime,
    minutes: int,
    pauses: Sequence[Interval] = (),
) -> dt.datetime | None:
    """The instant ``minutes`` of unpaused business time after ``start``; None if never."""
    left = dt.timedelta(minutes=minutes)
    for window in calendar.windows(start):
        for a, b in _minus_pauses(window, pauses):
            if b - a >= left:
                return a + left
            left -= b - a
    return None


def business_time_between(
    calendar: Calendar,
    start: dt.datetime,
    end: dt.datetime,
    pauses: Sequence[Interval] = (),
) -> dt.timedelta:
    """Unpaused business time elapsed between two instants."""
    total = dt.timedelta()
    for window in calendar.windows(start):
        if window[0] >= end:
            break
        for a, b in _minus_pauses((window[0], min(window[1], end)), pauses):
            total += max(b - a, dt.timedelta())
    return total


def deadlines(
    calendar: Calendar, targets: dict[str, Targets], state: ClockState
) -> Deadlines:
    """The three due times of a ticket (None: no target, or the clock is paused)."""
    target = targets[state.priority]
    pauses = [
        p for p in state.pauses if not state.resolved_at or p[0] < state.resolved_at
    ]

    def due(start: dt.datetime, minutes: int | None) -> dt.datetime | None:
        if minutes is None:
            return None
        return add_business_time(calendar, start, minutes, pauses)

    following = None
    if state.first_response_at and state.waiting_since:
        following = due(state.waiting_since, target.next_response)
    return Deadlines(
        due(state.opened_at, target.first_response),
        following,
        due(state.opened_at, target.resolution),
    )


def breached(state: ClockState, found: Deadlines, now: dt.datetime) -> list[str]:
    """Kinds of deadline missed at ``now``: met late, or still unmet after the due time."""
    kinds = {
        "first_response": (found.first_response_due, state.first_response_at),
        "next_response": (found.next_response_due, None),
        "resolution": (found.resolution_due, state.resolved_at),
    }
    return [
        kind
        for kind, (due, met) in kinds.items()
        if due is not None and (met or now) > due
    ]
