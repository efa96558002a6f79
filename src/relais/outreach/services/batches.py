"""The database side of the sender (``sending.py``), one batch at a time.

``claim``: ``queued``/due ``deferred`` rows → ``sending``, tagged with the run's claim, each
rendered and composed, with subject, From and links stored in the same transaction (so a
click token always finds its link). ``record_sent`` / ``record_failures``: a batch's outcomes,
with one timeline interaction per sent message, in bulk. ``reconcile``: the ``sending`` rows
of a dead run, settled from its journal (``journal.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from relais.accounts.models import User
from relais.outreach import links as public_links
from relais.outreach.models import Campaign, Delivery, Step
from relais.timeline.models import Interaction, Participant

from . import journal as journals
from .compose import Sender, compose, sender_address
from .render import RenderedMessage, TemplateProblem, compile_message, fields_for
from .smtp import Failure

MAX_ATTEMPTS = 6
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_CAP = dt.timedelta(hours=6)


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
class Message:
    delivery: Delivery
    rendered: RenderedMessage
    sender: Sender
    data: bytes = b""


def backoff(attempts: int) -> dt.timedelta:
    """Delay before attempt ``attempts + 1``: 1, 2, 4 … minutes, at most 6 hours."""
    return min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(0, attempts - 1)))


# --- Rendering --------------------------------------------------------------------------------


def render(delivery: Delivery) -> RenderedMessage:
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


def ready(now: dt.datetime) -> Q:
    due = Q(status=Delivery.Status.QUEUED) | Q(
        status=Delivery.Status.DEFERRED, not_before__lte=now
    )
    running = Q(campaign__isnull=True) | Q(campaign__status=Campaign.Status.SENDING)
    return due & running


def claim(
    run_journal: journals.Journal, ids: list[int]
) -> tuple[list[Message], list[tuple[Delivery, str]]]:
    """Take ``ids`` (those still free), compose them and store what the message holds."""
    messages: list[Message] = []
    broken: list[tuple[Delivery, str]] = []
    with transaction.atomic():
        Delivery.objects.filter(
            id__in=ids, status__in=[Delivery.Status.QUEUED, Delivery.Status.DEFERRED]
        ).update(status=Delivery.Status.SENDING, claim=run_journal.claim)
        rows = list(
            Delivery.objects.filter(
                claim=run_journal.claim, status=Delivery.Status.SENDING, id__in=ids
            ).select_related("contact__organisation", "contact__owner")
        )
        _attach_shared(rows)
        senders: dict[int | None, Sender] = {}
        for delivery in rows:
            try:
                rendered = render(delivery)
            except TemplateProblem as exc:
                broken.append((delivery, exc.message))
                continue
            if delivery.sender_id not in senders:
                senders[delivery.sender_id] = sender_address(delivery.sender)
            sender = senders[delivery.sender_id]
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
            messages.append(Message(delivery, rendered, sender, composed.data))
        _store_composed([m.delivery for m in messages])
    return messages, broken


def _attach_shared(rows: list[Delivery]) -> None:
    """Senders and steps (with their template) are few per batch: one query each, shared,
    instead of joining them into every row (model instances were a tenth of the CPU)."""
    users = {
        u.pk: u
        for u in User.objects.filter(pk__in={d.sender_id for d in rows if d.sender_id})
    }
    steps = {
        s.pk: s
        for s in Step.objects.filter(
            pk__in={d.step_id for d in rows if d.step_id}
        ).select_related("template")
    }
    for d in rows:
        if d.sender_id is not None:
            d.sender = users.get(d.sender_id)
        if d.step_id is not None:
            d.step = steps[d.step_id]


def _store_composed(deliveries: list[Delivery]) -> None:
    """Links, subject and From of each claimed row: one executemany (bulk_update's CASE
    expressions cost more than the sending itself)."""
    table = connection.ops.quote_name(Delivery._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET links = %s, subject = %s, from_email = %s WHERE id = %s",  # noqa: S608
            [(json.dumps(d.links), d.subject, d.from_email, d.pk) for d in deliveries],
        )


# --- Settling ---------------------------------------------------------------------------------


def record_sent(messages: list[Message], now: dt.datetime) -> None:
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
    Delivery.objects.filter(pk__in=[m.delivery.pk for m in messages]).update(
        status=Delivery.Status.SENT,
        sent_at=now,
        claim="",
        attempts=F("attempts") + 1,
        last_error="",
        interaction=Subquery(
            Interaction.objects.filter(
                external_id=OuterRef("message_id"), channel=Interaction.Channel.EMAIL
            )
            .order_by("-id")
            .values("id")[:1]
        ),
    )


def record_failures(
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
                    rendered = render(d)
                except TemplateProblem:
                    rendered = RenderedMessage(d.subject, "", "")
                messages.append(Message(d, rendered, sender_address(d.sender)))
            record_sent(messages, timezone.now())
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
