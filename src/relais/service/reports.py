"""Figures of the service: what was caught and how fast it was handled (docs/service.md)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from typing import Any

from .models import Ticket

OPEN_STATUSES = ("new", "open", "waiting")


def _percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (share in 0..1); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _minutes(start: dt.datetime, end: dt.datetime | None) -> float | None:
    return round((end - start).total_seconds() / 60, 1) if end else None


def service_report(since: dt.datetime | None = None) -> dict[str, Any]:
    """Tickets opened (by source and label), response and resolution times in wall-clock
    minutes (median, p90), the share of tickets with no breach, and the backlog."""
    found = Ticket.objects.prefetch_related("mentions__source", "breaches")
    if since is not None:
        found = found.filter(opened_at__gte=since)
    tickets = list(found)
    by_origin: Counter[tuple[str, str]] = Counter()
    first, resolution = [], []
    for t in tickets:
        mention = next(iter(t.mentions.all()), None)
        origin = (mention.source.name, mention.label) if mention else ("manual", "")
        by_origin[origin] += 1
        if (m := _minutes(t.opened_at, t.first_response_at)) is not None:
            first.append(m)
        if (m := _minutes(t.opened_at, t.resolved_at)) is not None:
            resolution.append(m)
    hit = [t for t in tickets if not t.breaches.all()]
    return {
        "opened": len(tickets),
        "by_source_and_label": [
            {"source": s, "label": label, "tickets": n}
            for (s, label), n in sorted(by_origin.items())
        ],
        "first_response_minutes": {
            "median": _percentile(first, 0.5),
            "p90": _percentile(first, 0.9),
        },
        "resolution_minutes": {
            "median": _percentile(resolution, 0.5),
            "p90": _percentile(resolution, 0.9),
        },
        "sla_hit_rate": round(len(hit) / len(tickets), 3) if tickets else None,
        "backlog": sum(1 for t in tickets if t.status in OPEN_STATUSES),
    }
