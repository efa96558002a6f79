"""Contributor segments, usable like any segment (docs/community.md, "Segments").

Registered as the segment field ``contributor`` through ``contacts.extensions``; each value is
evaluated when the segment is, so "this quarter" and "went quiet" move with the calendar:

- ``top_quarter``: the ``TOP`` contacts with the most contributions since the quarter began
  (ties with the last one included);
- ``new_voice``: first contribution in the last ``NEW_DAYS`` days;
- ``went_quiet``: at least ``QUIET_MIN`` contributions, none in the last ``QUIET_DAYS`` days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from relais.contacts.extensions import SegmentField, add_segment_field

from .models import Contribution

TOP = 10
NEW_DAYS = 30
QUIET_DAYS = 90
QUIET_MIN = 2
VALUES = ("top_quarter", "new_voice", "went_quiet")


def quarter_start(now: dt.datetime) -> dt.datetime:
    return now.replace(
        month=3 * ((now.month - 1) // 3) + 1,
        day=1,
        hour=0,
        minute=0,
        second=0,
        microsecond=0,
    )


def contact_ids(value: str, now: dt.datetime | None = None) -> set[int]:
    """The contacts in one contributor segment at ``now``."""
    now = now or timezone.now()
    linked = Contribution.objects.filter(author__contact__isnull=False).values(
        "author__contact"
    )
    if value == "top_quarter":
        counts = list(
            linked.filter(date__gte=quarter_start(now))
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("author__contact", "n")
        )
        if not counts:
            return set()
        floor = counts[min(TOP, len(counts)) - 1][1]
        return {c for c, n in counts if n >= floor}
    rows: QuerySet[Any, Any]
    if value == "new_voice":
        rows = linked.annotate(first=Min("date")).filter(
            first__gte=now - dt.timedelta(days=NEW_DAYS)
        )
    else:
        rows = linked.annotate(last=Max("date"), n=Count("pk")).filter(
            last__lt=now - dt.timedelta(days=QUIET_DAYS), n__gte=QUIET_MIN
        )
    return set(rows.values_list("author__contact", flat=True))


def _condition(op: str, values: tuple[str, ...]) -> Q:
    ids: set[int] = set()
    for value in values:
        ids |= contact_ids(value)
    matching = Q(pk__in=ids)
    return matching if op == "in" else ~matching


def register() -> None:
    add_segment_field(SegmentField("contributor", ("in", "not_in"), VALUES, _condition))
