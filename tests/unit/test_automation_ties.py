"""Tie strength from exchanges: one-way mail counts for nothing, meetings weigh more, old
exchanges fade, and more exchanges never weaken a tie."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from relais.automation.services.ties import Tie

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def _tie(sent=0, received=0, meetings=0, days_ago=10):
    tie = Tie()
    when = NOW - dt.timedelta(days=days_ago)
    for _ in range(sent):
        tie.add("email", "out", when, NOW)
    for _ in range(received):
        tie.add("email", "in", when, NOW)
    for _ in range(meetings):
        tie.add("meeting", "out", when, NOW)
    return tie


def test_one_way_mail_never_makes_a_tie():
    assert _tie(sent=500).strength == 0.0
    assert _tie(received=500).strength == 0.0
    assert "one-way" in _tie(sent=3).reason()


def test_a_meeting_weighs_more_than_an_exchanged_mail():
    assert _tie(meetings=1).strength > _tie(sent=1, received=1).strength > 0


def test_old_exchanges_fade():
    assert (
        _tie(meetings=3, days_ago=10).strength > _tie(meetings=3, days_ago=720).strength
    )


def test_the_reason_names_the_components():
    reason = _tie(sent=4, received=2, meetings=1).reason()
    assert "1 meeting(s) or call(s)" in reason and "4 mails sent, 2 received" in reason
    assert "1 réunion(s)" in _tie(meetings=1).reason("fr")


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 10), st.integers(0, 5))
def test_more_exchanges_never_weaken_a_tie(sent, received, meetings, extra):
    base = _tie(sent, received, meetings).strength
    assert _tie(sent + extra, received + extra, meetings).strength >= base
    assert _tie(sent, received, meetings + extra).strength >= base
    assert 0.0 <= base < 1.0
