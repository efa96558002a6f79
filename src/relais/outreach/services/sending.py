"""The sender: every queued delivery handed to SMTP once — none twice, none lost.

A run claims a batch (``batches.claim``: ``queued``/due ``deferred`` → ``sending``), sends
each message over one SMTP connection within the rate limits, appends the id of each
message to its journal (``journal.py``) just before the dot that ends it (retracted if the
server then refuses it), then
commits the batch's outcomes: ``sent`` (with a timeline interaction each), ``deferred`` with
``not_before`` (exponential backoff: 1, 2, 4… minutes, at most 6 hours) on a temporary
failure (4xx, lost connection), ``failed`` on a permanent one (5xx) or after
``MAX_ATTEMPTS``. A run that dies anywhere, even by ``kill -9``, is settled by the next one
(``batches.reconcile``): its journal says which of its ``sending`` rows went out.

The next batch is claimed and composed while the current one is on the wire (SMTP in a
thread: socket waits release the GIL); outcomes are committed and the journal emptied only
once nothing is in flight, so a journal always covers every row its run holds.

Runs may overlap (a Huey job and ``relais campaign send``, a one-to-one mail from the web):
claims are row updates conditioned on the status, and each run only settles its own rows or
those of a dead run. All runs must share RELAIS_DATA_DIR (where the journals live).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from relais.outreach.models import Campaign, Delivery

from . import journal as journals
from .batches import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    MAX_ATTEMPTS,
    Message,
    SendReport,
    backoff,
    claim,
    ready,
    reconcile,
    record_failures,
    record_sent,
)
from .sequences import finish_campaigns, stop_sequence_for
from .smtp import Failure, RateLimiter, SmtpConnection

if TYPE_CHECKING:
    from relais.accounts.models import User

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "BATCH_SIZE",
    "MAX_ATTEMPTS",
    "SendReport",
    "backoff",
    "reconcile",
    "run",
    "send_now",
    "stop_sequence_for",
]

BATCH_SIZE = 200


def _limits(campaign: Campaign | None) -> tuple[float, int]:
    per_second = float(settings.RELAIS_SEND_RATE_PER_SECOND)
    per_hour = int(settings.RELAIS_SEND_RATE_PER_HOUR)
    if campaign is not None:
        if campaign.rate_per_second is not None:
            per_second = campaign.rate_per_second
        if campaign.rate_per_hour is not None:
            per_hour = campaign.rate_per_hour
    return per_second, per_hour


def _recent_sends(
    campaign_id: int | None, clock: Callable[[], float], per_hour: int
) -> list[float]:
    """Sends of the last hour (from the database), on ``clock``'s scale."""
    if per_hour <= 0:
        return []
    now = timezone.now()
    rows = Delivery.objects.filter(sent_at__gt=now - dt.timedelta(hours=1))
    if campaign_id is not None:
        rows = rows.filter(campaign_id=campaign_id)
    base = clock()
    return [
        base - (now - at).total_seconds()
        for at in rows.values_list("sent_at", flat=True)
        if at is not None
    ]


@dataclass
class _Batch:
    messages: list[Message]
    failures: list[tuple[Delivery, Failure]]
    limiter: RateLimiter
    sent: list[Message] = field(default_factory=list)
    error: BaseException | None = None


class _Wire(threading.Thread):
    """Sends one batch over the connection, noting each accepted message in the journal."""

    def __init__(
        self, batch: _Batch, smtp: SmtpConnection, run_journal: journals.Journal
    ) -> None:
        super().__init__(daemon=True)
        self.batch, self.smtp, self.journal = batch, smtp, run_journal
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            for message in self.batch.messages:
                if self.stop.is_set():
                    return  # the rest stays ``sending``: the journal settles it later
                self.batch.limiter.wait()
                pk = message.delivery.pk
                journaled: list[int] = []

                def before_final_dot(
                    pk: int = pk, journaled: list[int] = journaled
                ) -> None:
                    self.journal.record(pk)
                    journaled.append(pk)

                failure = self.smtp.send(
                    message.sender.envelope,
                    message.delivery.to_email,
                    message.data,
                    before_final_dot=before_final_dot,
                )
                if failure is None:
                    self.batch.sent.append(message)
                else:
                    if journaled:
                        self.journal.retract(pk)
                    self.batch.failures.append((message.delivery, failure))
                message.data = b""
        except BaseException as exc:  # re-raised in the main thread
            self.batch.error = exc


class _Run:
    def __init__(
        self,
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
        progress: Callable[[SendReport], None] | None,
    ) -> None:
        self.clock, self.sleep, self.progress = clock, sleep, progress
        self.limiters: dict[int | None, RateLimiter] = {}
        self.report = SendReport()

    def limiter(self, campaign: Campaign | None) -> RateLimiter:
        key = campaign.pk if campaign is not None else None
        if key not in self.limiters:
            per_second, per_hour = _limits(campaign)
            self.limiters[key] = RateLimiter(
                per_second,
                per_hour,
                recent=_recent_sends(key, self.clock, per_hour),
                clock=self.clock,
                sleep=self.sleep,
            )
        return self.limiters[key]

    def settle(self, wire: _Wire, run_journal: journals.Journal) -> None:
        """Wait for the batch on the wire, commit its outcomes, empty the journal."""
        wire.join()
        batch = wire.batch
        if batch.error is not None:
            raise batch.error
        now = timezone.now()
        with transaction.atomic():
            record_sent(batch.sent, now)
            deferred, failed = record_failures(batch.failures, now)
        run_journal.clear()  # nothing is in flight now
        self.report.sent += len(batch.sent)
        self.report.deferred += deferred
        self.report.failed += failed
        self.report.errors.extend(f.message for _, f in batch.failures[:5])
        del self.report.errors[:-20]
        if self.progress is not None:
            self.progress(self.report)


def run(
    *,
    campaign: Campaign | None = None,
    delivery_ids: Iterable[int] | None = None,
    batch_size: int = BATCH_SIZE,
    max_seconds: float | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[SendReport], None] | None = None,
) -> SendReport:
    """Send what is ready now (of one campaign, of given deliveries, or everything), then
    return; ``report.next_due`` says when more becomes ready (retries, hourly limit)."""
    smtp = SmtpConnection()
    state = _Run(clock=clock, sleep=sleep, progress=progress)
    run_journal = journals.Journal()
    started = clock()
    wanted = list(delivery_ids) if delivery_ids is not None else None
    wire: _Wire | None = None
    try:
        reconcile(state.report)
        while max_seconds is None or clock() - started < max_seconds:
            now = timezone.now()
            rows = Delivery.objects.filter(ready(now))
            if campaign is not None:
                rows = rows.filter(campaign=campaign)
            if wanted is not None:
                rows = rows.filter(id__in=wanted)
            first = list(rows.order_by("id").values_list("campaign_id", flat=True)[:1])
            batch = None
            limited = False
            if first:
                group = (
                    Campaign.objects.filter(pk=first[0]).first() if first[0] else None
                )
                limiter = state.limiter(group)
                budget = limiter.hour_budget()
                if (
                    budget is not None
                    and wire is not None
                    and wire.batch.limiter is limiter
                ):
                    budget -= len(wire.batch.messages)  # not counted until sent
                if budget is not None and budget <= 0:
                    limited = True
                    if wire is None:
                        wait = dt.timedelta(seconds=limiter.seconds_until_budget())
                        state.report.next_due = now + wait
                        break
                else:
                    size = batch_size if budget is None else min(batch_size, budget)
                    ids = list(
                        rows.filter(campaign=group)
                        .order_by("id")
                        .values_list("id", flat=True)[:size]
                    )
                    messages, broken = claim(run_journal, ids)
                    failures = [
                        (d, Failure(False, f"template: {why}")) for d, why in broken
                    ]
                    batch = _Batch(messages, failures, limiter)
            if wire is not None:
                state.settle(wire, run_journal)
                wire = None
            if batch is None:
                if limited:
                    continue  # the budget is counted again now that nothing is in flight
                break
            wire = _Wire(batch, smtp, run_journal)
            wire.start()
        if wire is not None:
            state.settle(wire, run_journal)
            wire = None
        if state.report.next_due is None:
            state.report.next_due = (
                Delivery.objects.filter(status=Delivery.Status.DEFERRED)
                .filter(Q(campaign=campaign) if campaign is not None else Q())
                .order_by("not_before")
                .values_list("not_before", flat=True)
                .first()
            )
        finish_campaigns()
    except BaseException:
        # Stopped mid-batch (Ctrl+C, an error): stop the wire after the message it is on;
        # the journal stays for the next run to settle what this one held.
        if wire is not None:
            wire.stop.set()
            wire.join()
        smtp.close()
        run_journal.close(settled=False)
        raise
    smtp.close()
    run_journal.close()
    return state.report


def send_now(delivery: Delivery, *, actor: User | None = None) -> Delivery:
    """Send one delivery at once through the same path (one-to-one mail)."""
    run(delivery_ids=[delivery.pk])
    delivery.refresh_from_db()
    return delivery
