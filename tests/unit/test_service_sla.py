"""Service-level arithmetic against hand-computed cases (Europe/Paris, Mon-Fri 09:00-17:00)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from relais.service.sla import (
    Calendar,
    ClockState,
    Targets,
    add_business_time,
    breached,
    business_time_between,
    deadlines,
)

PARIS = ZoneInfo("Europe/Paris")
DAY = ((dt.time(9), dt.time(17)),)
OFFICE = Calendar(tz="Europe/Paris", hours={d: DAY for d in range(5)})
TARGETS = {
    "normal": Targets(first_response=240, next_response=120, resolution=16 * 60),
    "high": Targets(first_response=60, next_response=30, resolution=8 * 60),
}


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_opened_on_a_saturday_counts_from_monday_morning() -> None:
    # Sat 7 March 2026 10:00; 2 h -> Mon 9 March 11:00 Paris (CET, UTC+1) = 10:00 UTC.
    assert add_business_time(OFFICE, paris(2026, 3, 7, 10), 120) == utc(2026, 3, 9, 10)


def test_a_holiday_in_between_is_skipped() -> None:
    calendar = Calendar(OFFICE.tz, OFFICE.hours, frozenset({dt.date(2026, 5, 1)}))
    # Thu 30 April 16:00 + 4 h: 1 h on Thursday, Friday 1 May is a holiday, then 3 h on
    # Monday 4 May -> 12:00 Paris (CEST, UTC+2) = 10:00 UTC.
    assert add_business_time(calendar, paris(2026, 4, 30, 16), 240) == utc(
        2026, 5, 4, 10
    )
    # Without the holiday: Friday 12:00 Paris.
    assert add_business_time(OFFICE, paris(2026, 4, 30, 16), 240) == utc(2026, 5, 1, 10)


def test_a_pause_stops_the_clock() -> None:
    # Mon 9 March 09:00, 8 h, paused 10:00-14:00: 1 h + 3 h on Monday, 4 h on Tuesday
    # -> Tue 10 March 13:00 Paris = 12:00 UTC.
    pause = (paris(2026, 3, 9, 10), paris(2026, 3, 9, 14))
    assert add_business_time(OFFICE, paris(2026, 3, 9, 9), 480, [pause]) == utc(
        2026, 3, 10, 12
    )
    # A pause still running: no due time can be given.
    still = (paris(2026, 3, 9, 10), None)
    assert add_business_time(OFFICE, paris(2026, 3, 9, 9), 480, [still]) is None


def test_summer_time_change_over_the_weekend() -> None:
    # Fri 27 March 16:00 CET (15:00 UTC) + 2 h: 1 h on Friday; clocks go forward on Sunday
    # 29 March; Mon 30 March 10:00 CEST = 08:00 UTC (a fixed +1 offset would say 09:00).
    assert add_business_time(OFFICE, paris(2026, 3, 27, 16), 120) == utc(2026, 3, 30, 8)


def test_a_night_window_on_the_night_of_the_change_is_one_hour_shorter() -> None:
    nights = Calendar("Europe/Paris", {6: ((dt.time(1), dt.time(5)),)})
    # Sunday 29 March 01:00 CET = 00:00 UTC to 05:00 CEST = 03:00 UTC: 3 h, not 4.
    elapsed = business_time_between(nights, utc(2026, 3, 28, 20), utc(2026, 3, 29, 6))
    assert elapsed == dt.timedelta(hours=3)
    elapsed = business_time_between(nights, utc(2026, 4, 4, 20), utc(2026, 4, 5, 6))
    assert elapsed == dt.timedelta(hours=4)


def test_reopen_resumes_the_resolution_clock() -> None:
    # Opened Mon 9 March 09:00, resolution 16 h; resolved at 12:00, reopened Wed 11 March
    # 09:00: 3 h on Monday, 8 h on Wednesday, 5 h on Thursday -> Thu 12 March 14:00 Paris.
    state = ClockState(
        opened_at=paris(2026, 3, 9, 9),
        priority="normal",
        pauses=[(paris(2026, 3, 9, 12), paris(2026, 3, 11, 9))],
        first_response_at=paris(2026, 3, 9, 10),
    )
    assert deadlines(OFFICE, TARGETS, state).resolution_due == utc(2026, 3, 12, 13)


def test_resolved_ticket_stops_its_clock_at_resolution() -> None:
    resolved = paris(2026, 3, 9, 12)
    state = ClockState(
        opened_at=paris(2026, 3, 9, 9),
        priority="normal",
        pauses=[(resolved, None)],
        first_response_at=paris(2026, 3, 9, 10),
        resolved_at=resolved,
    )
    found = deadlines(OFFICE, TARGETS, state)
    # Two business days from Monday 09:00: Tuesday 17:00 Paris.
    assert found.resolution_due == utc(2026, 3, 10, 16)
    assert breached(state, found, paris(2026, 4, 1, 9)) == []


def test_priority_change_recomputes_from_the_opening() -> None:
    opened = paris(2026, 3, 9, 9)
    normal = deadlines(OFFICE, TARGETS, ClockState(opened, "normal"))
    high = deadlines(OFFICE, TARGETS, ClockState(opened, "high"))
    assert normal.first_response_due == utc(2026, 3, 9, 12)  # 13:00 Paris
    assert high.first_response_due == utc(2026, 3, 9, 9)  # 10:00 Paris
    assert high.resolution_due == utc(2026, 3, 9, 16)  # 17:00 Paris


def test_next_response_counts_from_the_customers_unanswered_message() -> None:
    state = ClockState(
        opened_at=paris(2026, 3, 9, 9),
        priority="normal",
        first_response_at=paris(2026, 3, 9, 10),
        waiting_since=paris(2026, 3, 9, 16),
    )
    # 1 h on Monday, 1 h on Tuesday -> Tue 10:00 Paris.
    found = deadlines(OFFICE, TARGETS, state)
    assert found.next_response_due == utc(2026, 3, 10, 9)
    assert breached(state, found, paris(2026, 3, 10, 9, 59)) == []
    assert breached(state, found, paris(2026, 3, 10, 10, 1)) == ["next_response"]


def test_a_late_first_response_is_a_breach_even_once_answered() -> None:
    opened = paris(2026, 3, 9, 9)
    on_time = ClockState(opened, "high", first_response_at=paris(2026, 3, 9, 9, 30))
    late = ClockState(opened, "high", first_response_at=paris(2026, 3, 9, 10, 30))
    now = paris(2026, 3, 9, 11)
    assert breached(on_time, deadlines(OFFICE, TARGETS, on_time), now) == []
    assert breached(late, deadlines(OFFICE, TARGETS, late), now) == ["first_response"]


def test_a_calendar_without_working_time_gives_no_due_time() -> None:
    assert add_business_time(Calendar("UTC", {}), utc(2026, 3, 9), 60) is None


def test_report_percentile_is_nearest_rank() -> None:
    from relais.service.reports import _percentile

    values = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]
    assert _percentile(values, 0.5) == 50.0
    assert _percentile(values, 0.9) == 90.0
    assert _percentile([7.0], 0.9) == 7.0
    assert _percentile([], 0.5) is None
