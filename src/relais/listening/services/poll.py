"""Polling sources: one pass over the due sources, fetches in parallel, writes in one thread.

Fetching is network-bound, so up to ``CONCURRENCY`` sources are fetched at once in threads
(connectors never touch the database); each batch is then stored by the calling thread. A
source that fails (refused, time-out, too large, malformed) gets its error recorded and backs
off — its interval doubles per consecutive error, up to a day — and the pass moves on.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from relais.core.errors import RelaisError

from ..connectors import Batch, SourceSpec, connector_for
from ..models import Source
from .intake import take_in
from .store import label_pending

logger = logging.getLogger(__name__)
CONCURRENCY = 16
MAX_BACKOFF = dt.timedelta(days=1)


@dataclass
class PollReport:
    sources: int = 0
    failed: int = 0
    new: int = 0
    updated: int = 0
    errors: dict[str, str] = field(default_factory=dict)


def spec_of(source: Source) -> SourceSpec:
    return SourceSpec(
        kind=source.kind,
        url=source.url,
        config=dict(source.config),
        etag=source.etag,
        last_modified=source.last_modified,
    )


def _fetch(kind: str, spec: SourceSpec, cursor: str) -> Batch:
    return connector_for(kind).fetch(spec, cursor)


def _interval(source: Source) -> dt.timedelta:
    return dt.timedelta(minutes=source.interval_minutes or settings.RELAIS_POLL_MINUTES)


def _record_error(source: Source, message: str, now: dt.datetime) -> None:
    source.consecutive_errors += 1
    source.last_error = message[:2000]
    source.last_error_at = now
    source.last_polled_at = now
    backoff = min(
        _interval(source) * 2 ** min(source.consecutive_errors, 10), MAX_BACKOFF
    )
    source.next_poll_at = now + backoff
    source.save(
        update_fields=[
            "consecutive_errors",
            "last_error",
            "last_error_at",
            "last_polled_at",
            "next_poll_at",
        ]
    )


def _record_batch(
    source: Source,
    batch: Batch,
    report: PollReport,
    now: dt.datetime,
    names: dict[str, Any],
) -> None:
    if not batch.not_modified:
        stored = take_in(source, batch.items, names)
        report.new += len(stored.new)
        report.updated += len(stored.updated)
        source.etag = batch.etag[:500]
        source.last_modified = batch.last_modified[:100]
        source.cursor = (batch.cursor or source.cursor)[:500]
    source.last_polled_at = now
    source.next_poll_at = now + _interval(source)
    if batch.warning:  # items were kept, but the source has a problem worth showing
        source.last_error, source.last_error_at = batch.warning[:2000], now
        report.errors[source.name] = batch.warning
    else:
        source.last_success_at = now
        source.consecutive_errors = 0
    source.save()


def poll_sources(sources: list[Source], concurrency: int = CONCURRENCY) -> PollReport:
    """Fetch and store these sources; never raises for one source's failure."""
    report = PollReport(sources=len(sources))
    names: dict[str, Any] = {}  # the engine's answers by author name, for this pass
    pollable = [s for s in sources if s.kind != Source.Kind.WEBHOOK]
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = {
            pool.submit(_fetch, s.kind, spec_of(s), s.cursor): s for s in pollable
        }
        for future in as_completed(futures):
            source = futures[future]
            now = timezone.now()
            try:
                batch = future.result()
            except RelaisError as exc:
                report.failed += 1
                report.errors[source.name] = exc.message
                _record_error(source, exc.message, now)
                continue
            except Exception as exc:  # a bug in one connector must not stop the pass
                logger.exception("listening: polling %s failed", source.name)
                report.failed += 1
                report.errors[source.name] = f"unexpected error: {type(exc).__name__}"
                _record_error(source, report.errors[source.name], now)
                continue
            _record_batch(source, batch, report, now, names)
    return report


def poll_all(concurrency: int = CONCURRENCY) -> PollReport:
    """One pass over every enabled source (``relais sources poll``)."""
    report = poll_sources(list(Source.objects.filter(enabled=True)), concurrency)
    label_pending()
    return report


def poll_due(concurrency: int = CONCURRENCY) -> PollReport:
    """The enabled sources whose next poll time has come (the background job)."""
    now = timezone.now()
    due = Source.objects.filter(enabled=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    report = poll_sources(list(due), concurrency)
    label_pending()
    return report
