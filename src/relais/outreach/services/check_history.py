"""The rules of the message check that read the contact's timeline: a "Re:" with no earlier
thread, and more unanswered messages than the follow-up cap allows.

Both look at the whole team's exchanges with the contact (``relais.timeline``), whoever had
them: a contact chased by two colleagues is chased twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.timeline.models import Interaction

from .check_rules import Finding, folded, reply_prefix, strip_prefixes

if TYPE_CHECKING:
    from relais.contacts.models import Contact


def fake_reply(
    subject: str, *, bulk: bool, contact: Contact | None
) -> Iterator[Finding]:
    """A "Re:"/"Fwd:" subject is honest only inside a thread that exists with that contact."""
    prefix = reply_prefix(subject)
    if not prefix:
        return
    if bulk:
        yield Finding(
            "fake_reply",
            "high",
            _(
                "The subject starts with “%(prefix)s” but a message to many people is not a "
                "reply nor a forward: it misleads them."
            )
            % {"prefix": prefix},
            excerpt=subject.strip(),
        )
        return
    if contact is None:
        yield Finding(
            "fake_reply",
            "high",
            _(
                "The subject starts with “%(prefix)s” but no contact is given, so no earlier "
                "exchange backs it."
            )
            % {"prefix": prefix},
            excerpt=subject.strip(),
        )
        return
    earlier = Interaction.objects.filter(
        participants__contact=contact, occurred_at__lte=timezone.now()
    ).exclude(channel=Interaction.Channel.OTHER)
    if not earlier.exists():
        yield Finding(
            "fake_reply",
            "high",
            _(
                "The subject starts with “%(prefix)s” but there is no earlier exchange with "
                "this contact: it pretends to a conversation that never happened."
            )
            % {"prefix": prefix},
            excerpt=subject.strip(),
        )
        return
    wanted = folded(strip_prefixes(subject))
    subjects = earlier.filter(channel=Interaction.Channel.EMAIL).values_list(
        "subject", flat=True
    )[:500]
    if wanted and not any(
        _same_thread(wanted, folded(strip_prefixes(s))) for s in subjects
    ):
        yield Finding(
            "reply_unknown_subject",
            "medium",
            _(
                "The subject starts with “%(prefix)s” but no earlier email with this contact "
                "has that subject."
            )
            % {"prefix": prefix},
            excerpt=subject.strip(),
        )


def _same_thread(wanted: str, earlier: str) -> bool:
    return bool(earlier) and (
        wanted == earlier or wanted in earlier or earlier in wanted
    )


def follow_up_cap() -> tuple[int, int] | None:
    """(messages, days) from RELAIS_FOLLOW_UP_CAP, or None when the cap is off."""
    cap = getattr(settings, "RELAIS_FOLLOW_UP_CAP", None)
    return tuple(cap) if cap else None  # type: ignore[return-value]


def unanswered(contact: Contact, days: int, now: dt.datetime | None = None) -> int:
    """Outbound emails to ``contact`` in the last ``days`` days since their last inbound exchange."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=days)
    last_inbound = (
        Interaction.objects.filter(
            participants__contact=contact,
            direction=Interaction.Direction.INBOUND,
            occurred_at__lte=now,
        )
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    if last_inbound is not None and last_inbound > since:
        since = last_inbound
    return (
        Interaction.objects.filter(
            participants__contact=contact,
            channel=Interaction.Channel.EMAIL,
            direction=Interaction.Direction.OUTBOUND,
            occurred_at__gt=since,
            occurred_at__lte=now,
        )
        .distinct()
        .count()
    )


def follow_up(*, bulk: bool, contact: Contact | None) -> Iterator[Finding]:
    cap = follow_up_cap()
    if cap is None or contact is None:
        return
    limit, days = cap
    count = unanswered(contact, days)
    if count >= limit:
        yield Finding(
            "follow_up_cap",
            "medium" if bulk else "high",
            _(
                "This contact has had %(count)d messages without answering in the last "
                "%(days)d days; the follow-up cap is %(limit)d. Wait for an answer or call."
            )
            % {"count": count, "days": days, "limit": limit},
        )
