"""The sender: every queued delivery handed to SMTP once — none twice, none lost.

A run claims a batch (``queued``/due ``deferred`` → ``sending``, tagged with its claim, with
subject, From and links stored in the same transaction), sends each message over one SMTP
connection within the rate limits, appends the id of each accepted message to its journal
(``journal.py``) the moment the server answers 250, then commits the batch's outcomes:
``sent`` (with a timeline interaction per message, created in bulk), ``deferred`` with
``not_before`` (exponential backoff) on a temporary failure, ``failed`` on a permanent one
or after ``MAX_ATTEMPTS``. A run that dies anywhere is settled by the next one
(``reconcile``): its journal says which of its ``sending`` rows went out.

Runs may overlap (a Huey job and ``relais campaign send``, a one-to-one mail from the web):
claims are row updates conditioned on the status, and each run only settles its own rows or
those of a dead run. All runs must share RELAIS_DATA_DIR (where the journals live).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from relais.outreach import links as public_links
from relais.outreach.models import Campaign, Delivery
from relais.timeline.models import Interaction, Participant

from . import journal as journals
from .compose import Sender, compose, sender_address
from .render import RenderedMessage, TemplateProblem, compile_message, fields_for
from .sequences import finish_campaigns, stop_sequence_for
from .smtp import Failure, RateLimiter, SmtpConnection

if TYPE_CHECKING:
    from relais.accounts.models import User

__all__ = ["SendReport", "reconcile", "run", "send_now", "stop_sequence_for"]

MAX_ATTEMPTS = 6
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_CAP = dt.timedelta(hours=6)
BATCH_SIZE = 200


@dataclass
class SendReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    reconciled_sent: int = 0
    reconciled_requeued: int = 0
    next_due: dt.datetime | None = None  # when something not ready now becomes ready
    errors: list[str] = field(default_factory=list)


@dataclass
class _Message:
    delivery: Delivery
    rendered: RenderedMessage
    sender: Sender
    data: bytes = b""


def backoff(attempts: int) -> dt.timedelta:
    """Delay before attempt ``attempts + 1``: 1, 2, 4 … minutes, at most 6 hours."""
    return min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(0, attempts - 1)))


# --- Rendering --------------------------------------------------------------------------------


def _render(delivery: Delivery) -> RenderedMessage:
    if delivery.step_id is None:  # one-to-one: rendered when written
        return RenderedMessage(delivery.subject, delivery.body_text, delivery.body_html)
    template = delivery.step.template  # type: ignore[union-attr]
    compiled = compile_message(template.subject, template.body_text, template.body_html)
    return compiled.render(
        fields_for(
            delivery.contact,
            delivery.sender,
            email=delivery.to_email,
            unsubscribe_url=public_links.unsubscribe_url(delivery.pk),
        )
    )


def _language(delivery: Delivery) -> str:
    if delivery.step_id is not None:
        return delivery.step.template.language  # type: ignore[union-attr]
    return delivery.contact.language or settings.LANGUAGE_CODE[:2]


_RELATED = ("contact__organisation", "contact__owner", "sender", "step__template")


# --- Claiming ---------------------------------------------------------------------------------


def _ready(now: dt.datetime) -> Q:
    due = Q(status=Delivery.Status.QUEUED) | Q(
        status=Delivery.Status.DEFERRED, not_before__lte=now
    )
    running = Q(campaign__isnull=True) | Q(campaign__status=Campaign.Status.SENDING)
    return due & running


def _claim(
    run_journal: journals.Journal, ids: list[int]
) -> tuple[list[_Message], list[tuple[Delivery, str]]]:
    """Take ``ids`` (those still free), compose them and store what the message holds."""
    messages: list[_Message] = []
    broken: list[tuple[Delivery, str]] = []
    with transaction.atomic():
        Delivery.objects.filter(
            id__in=ids, status__in=[Delivery.Status.QUEUED, Delivery.Status.DEFERRED]
        ).update(status=Delivery.Status.SENDING, claim=run_journal.claim)
        rows = list(
            Delivery.objects.filter(
                claim=run_journal.claim, status=Delivery.Status.SENDING, id__in=ids
            ).select_related(*_RELATED)
        )
        for delivery in rows:
            try:
                rendered = _render(delivery)
            except TemplateProblem as exc:
                broken.append((delivery, exc.message))
                continue
            sender = sender_address(delivery.sender)
            composed = compose(
                delivery_id=delivery.pk,
                rendered=rendered,
                sender=sender,
                to_email=delivery.to_email,
                to_name=delivery.contact.display_name,
                message_id=delivery.message_id,
                language=_language(delivery),
                bulk=delivery.campaign_id is not None,
            )
            delivery.links = composed.links
            delivery.subject = rendered.subject[:500]
            delivery.from_email = sender.address
            messages.append(_Message(delivery, rendered, sender, composed.data))
        Delivery.objects.bulk_update(
            [m.delivery for m in messages], ["links", "subject", "from_email"]
        )
    return messages, broken


# --- Settling ---------------------------------------------------------------------------------


def _record_sent(messages: list[_Message], now: dt.datetime) -> None:
    """Mark sent and put each message on its contact's timeline (bulk, in the caller's tx)."""
    if not messages:
        return
    interactions = Interaction.objects.bulk_create(
        [
            Interaction(
                channel=Interaction.Channel.EMAIL,
                direction=Interaction.Direction.OUTBOUND,
                occurred_at=now,
                subject=m.rendered.subject[:500],
                body=m.rendered.text,
                author_id=m.delivery.sender_id,
                external_id=m.delivery.message_id[:500],
            )
            for m in messages
        ]
    )
    Participant.objects.bulk_create(
        [
            Participant(
                interaction=i,
                contact_id=m.delivery.contact_id,
                role=Participant.Role.TO,
            )
            for i, m in zip(interactions, messages, strict=True)
        ]
    )
    for i, m in zip(interactions, messages, strict=True):
        m.delivery.interaction = i
        m.delivery.status = Delivery.Status.SENT
        m.delivery.sent_at = now
        m.delivery.claim = ""
        m.delivery.attempts += 1
        m.delivery.last_error = ""
    Delivery.objects.bulk_update(
        [m.delivery for m in messages],
        ["interaction", "status", "sent_at", "claim", "attempts", "last_error"],
    )


def _record_failures(
    failures: list[tuple[Delivery, Failure]], now: dt.datetime
) -> tuple[int, int]:
    deferred = failed = 0
    for delivery, failure in failures:
        delivery.attempts += 1
        delivery.claim = ""
        delivery.last_error = failure.message[:500]
        if failure.temporary and delivery.attempts < MAX_ATTEMPTS:
            delivery.status = Delivery.Status.DEFERRED
            delivery.not_before = now + backoff(delivery.attempts)
            deferred += 1
        else:
            delivery.status = Delivery.Status.FAILED
            failed += 1
    Delivery.objects.bulk_update(
        [d for d, _ in failures],
        ["attempts", "claim", "last_error", "status", "not_before"],
    )
    return deferred, failed


def reconcile(report: SendReport | None = None) -> SendReport:
    """Settle the ``sending`` rows of dead runs from their journals (see journal.py)."""
    report = report or SendReport()
    stranded = set(
        Delivery.objects.filter(status=Delivery.Status.SENDING)
        .values_list("claim", flat=True)
        .distinct()
    )
    present = journals.live_claims()
    for dead in journals.dead_journals():
        with transaction.atomic():
            rows = list(
                Delivery.objects.filter(
                    claim=dead.claim,
                    status=Delivery.Status.SENDING,
                    id__in=dead.sent_ids,
                ).select_related(*_RELATED)
            )
            messages = []
            for d in rows:
                try:
                    rendered = _render(d)
                except TemplateProblem:
                    rendered = RenderedMessage(d.subject, "", "")
                messages.append(_Message(d, rendered, sender_address(d.sender)))
            _record_sent(messages, timezone.now())
            report.reconciled_sent += len(messages)
            report.reconciled_requeued += Delivery.objects.filter(
                claim=dead.claim, status=Delivery.Status.SENDING
            ).update(status=Delivery.Status.QUEUED, claim="")
        dead.discard()
    # A claim with no journal at all (deleted by hand): nothing says what went out; requeue.
    for claim in stranded - present:
        report.reconciled_requeued += Delivery.objects.filter(
            claim=claim, status=Delivery.Status.SENDING
        ).update(status=Delivery.Status.QUEUED, claim="")
    return report


# --- The loop ---------------------------------------------------------------------------------


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

    def send_batch(
        self,
        run_journal: journals.Journal,
        connection: SmtpConnection,
        ids: list[int],
        limiter: RateLimiter,
    ) -> None:
        messages, broken = _claim(run_journal, ids)
        sent: list[_Message] = []
        failures = [(d, Failure(False, f"template: {why}")) for d, why in broken]
        for message in messages:
            limiter.wait()
            failure = connection.send(
                message.sender.envelope, message.delivery.to_email, message.data
            )
            if failure is None:
                run_journal.record(message.delivery.pk)
                sent.append(message)
            else:
                failures.append((message.delivery, failure))
            message.data = b""
        now = timezone.now()
        with transaction.atomic():
            _record_sent(sent, now)
            deferred, failed = _record_failures(failures, now)
        run_journal.clear()
        self.report.sent += len(sent)
        self.report.deferred += deferred
        self.report.failed += failed
        self.report.errors.extend(f.message for _, f in failures[:5])
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
    connection = SmtpConnection()
    state = _Run(clock=clock, sleep=sleep, progress=progress)
    run_journal = journals.Journal()
    started = clock()
    wanted = list(delivery_ids) if delivery_ids is not None else None
    try:
        reconcile(state.report)
        while max_seconds is None or clock() - started < max_seconds:
            now = timezone.now()
            ready = Delivery.objects.filter(_ready(now))
            if campaign is not None:
                ready = ready.filter(campaign=campaign)
            if wanted is not None:
                ready = ready.filter(id__in=wanted)
            first = list(ready.order_by("id").values_list("campaign_id", flat=True)[:1])
            if not first:
                break
            group = Campaign.objects.filter(pk=first[0]).first() if first[0] else None
            limiter = state.limiter(group)
            budget = limiter.hour_budget()
            if budget == 0:
                wait = dt.timedelta(seconds=limiter.seconds_until_budget())
                state.report.next_due = now + wait
                break
            size = batch_size if budget is None else min(batch_size, budget)
            ids = list(
                ready.filter(campaign=group)
                .order_by("id")
                .values_list("id", flat=True)[:size]
            )
            state.send_batch(run_journal, connection, ids, limiter)
        if state.report.next_due is None:
            upcoming = (
                Delivery.objects.filter(status=Delivery.Status.DEFERRED)
                .filter(Q(campaign=campaign) if campaign is not None else Q())
                .order_by("not_before")
                .values_list("not_before", flat=True)
                .first()
            )
            state.report.next_due = upcoming
        finish_campaigns()
    except BaseException:
        # Stopped mid-batch (Ctrl+C, an error): the journal stays for the next run.
        connection.close()
        run_journal.close(settled=False)
        raise
    connection.close()
    run_journal.close()
    return state.report


def send_now(delivery: Delivery, *, actor: User | None = None) -> Delivery:
    """Send one delivery at once through the same path (one-to-one mail)."""
    run(delivery_ids=[delivery.pk])
    delivery.refresh_from_db()
    return delivery
