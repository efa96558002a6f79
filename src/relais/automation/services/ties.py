"""How well two people know each other, from what the timeline shows (pure: no database).

A tie's strength is in [0, 1) and comes with its components, so people see why:

- **reciprocal mail**: emails (and LinkedIn messages) count only when they go both ways; the
  weight is the smaller of the two directions — a hundred unanswered mails weigh nothing;
- **meetings and calls** weigh three times an exchanged message;
- **recency and frequency**: each exchange decays with a half-life of ``HALF_LIFE_DAYS``;
- **shared employer**: two contacts at the same organisation (a weak tie, ``COLLEAGUES``);
- **met together**: two contacts in the same meeting or thread;
- **override**: a user's own "I know her well" replaces the computed strength.

``strength = 1 - exp(-signal / SCALE)``: it grows fast for the first exchanges and saturates.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

HALF_LIFE_DAYS = 180.0
SCALE = 6.0
MEETING_WEIGHT = 3.0
COLLEAGUES = 0.35
MET_TOGETHER = 0.25
TWO_WAY = ("email", "linkedin", "sms", "social")
LIVE = ("meeting", "call")


def decay(when: dt.datetime, now: dt.datetime) -> float:
    age = max(0.0, (now - when).total_seconds() / 86400)
    return float(0.5 ** (age / HALF_LIFE_DAYS))


@dataclass
class Tie:
    """What links a user and a contact, accumulated exchange by exchange."""

    sent: float = 0.0
    received: float = 0.0
    live: float = 0.0
    count_sent: int = 0
    count_received: int = 0
    count_live: int = 0
    last: dt.datetime | None = None
    override: float | None = None
    extras: list[str] = field(default_factory=list)

    def add(
        self, channel: str, direction: str, when: dt.datetime, now: dt.datetime
    ) -> None:
        weight = decay(when, now)
        if channel in LIVE:
            self.live += weight
            self.count_live += 1
        elif channel in TWO_WAY:
            if direction == "out":
                self.sent += weight
                self.count_sent += 1
            else:
                self.received += weight
                self.count_received += 1
        else:
            return
        self.last = when if self.last is None or when > self.last else self.last

    def components(self) -> dict[str, float]:
        return {
            "reciprocal_mail": round(min(self.sent, self.received), 3),
            "meetings_calls": round(MEETING_WEIGHT * self.live, 3),
        }

    @property
    def strength(self) -> float:
        if self.override is not None:
            return self.override
        signal = sum(self.components().values())
        return 1.0 - math.exp(-signal / SCALE)

    def reason(self, lang: str = "en") -> str:
        if self.override is not None:
            return "selon vous" if lang == "fr" else "in your own words"
        parts = []
        if self.count_live:
            parts.append(
                f"{self.count_live} réunion(s) ou appel(s)"
                if lang == "fr"
                else f"{self.count_live} meeting(s) or call(s)"
            )
        both = min(self.count_sent, self.count_received)
        if both:
            parts.append(
                f"{self.count_sent} mails envoyés, {self.count_received} reçus"
                if lang == "fr"
                else f"{self.count_sent} mails sent, {self.count_received} received"
            )
        elif self.count_sent or self.count_received:
            parts.append("mails sans réponse" if lang == "fr" else "one-way mail only")
        if self.last is not None:
            parts.append(
                ("dernier échange " if lang == "fr" else "last ")
                + f"{self.last:%Y-%m-%d}"
            )
        return ", ".join(parts)
