"""Sequences: follow-up steps that go N days after the previous one and stop by themselves.

``advance_sequences(now)`` (a Huey periodic job, and called by ``relais campaign send``)
creates step N's deliveries for the contacts whose step N-1 was sent at least ``delay_days``
ago, unless the contact replied, bounced or unsubscribed since — or is no longer allowed
(opted out, suppressed, address invalid: the same checks as the first step). Those get a
``skipped`` row with the reason, so they are counted and never reconsidered.

``stop_sequence_for(contact, reason)`` is what replies, bounces and unsubscribes call: the
contact's pending later steps become ``skipped`` and the steps not created yet are created
``skipped``, so nothing further goes to that contact in any running sequence.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from relais.contacts.models import Contact
from relais.outreach.models import Campaign, Delivery, DeliveryEvent, Step

from .compose import new_message_id, sender_address
from .recipients import resolve

PENDING = (Delivery.Status.QUEUED, Delivery.Status.DEFERRED)
ACTIVE = (Delivery.Status.QUEUED, Delivery.Status.DEFERRED, Delivery.Status.SENDING)
STOP_EVENTS = (
    DeliveryEvent.Kind.REPLY,
    DeliveryEvent.Kind.BOUNCE_HARD,
    DeliveryEvent.Kind.UNSUBSCRIBE,
    DeliveryEvent.Kind.COMPLAINT,
)


def stop_sequence_for(contact: Contact, reason: str) -> int:
    """Cancel every later step still to go to ``contact``; how many were cancelled."""
    reason = (reason or "stopped")[:64]
    cancelled = 0
    with transaction.atomic():
        cancelled += Delivery.objects.filter(
            contact=contact, status__in=PENDING, step__position__gt=1
        ).update(status=Delivery.Status.SKIPPED, skip_reason=reason, claim="")
        campaigns = Campaign.objects.filter(
            deliveries__contact=contact,
            status__in=[Campaign.Status.SENDING, Campaign.Status.PAUSED],
        ).distinct()
        rows = []
        for campaign in campaigns:
            have = set(
                Delivery.objects.filter(campaign=campaign, contact=contact).values_list(
                    "step_id", flat=True
                )
            )
            for step in campaign.steps.exclude(pk__in=have):
                rows.append(
                    Delivery(
                        campaign=campaign,
                        step=step,
                        contact=contact,
                        to_email="",
                        message_id=new_message_id("skipped.invalid"),
                        status=Delivery.Status.SKIPPED,
                        skip_reason=reason,
                    )
                )
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        cancelled += len(rows)
    return cancelled


def _due_contacts(step: Step, now: dt.datetime) -> list[int]:
    previous = Step.objects.filter(
        campaign_id=step.campaign_id, position__lt=step.position
    ).order_by("-position")[:1]
    prev = previous[0] if previous else None
    if prev is None:
        return []
    cutoff = now - dt.timedelta(days=step.delay_days)
    return list(
        Delivery.objects.filter(
            step=prev, status=Delivery.Status.SENT, sent_at__lte=cutoff
        )
        .exclude(
            Exists(
                Delivery.objects.filter(step=step, contact_id=OuterRef("contact_id"))
            )
        )
        .order_by("id")
        .values_list("contact_id", flat=True)
    )


def _stopped(campaign: Campaign, contact_ids: list[int]) -> set[int]:
    """Contacts who replied, bounced, complained or unsubscribed in this campaign."""
    return set(
        DeliveryEvent.objects.filter(
            delivery__campaign=campaign,
            delivery__contact_id__in=contact_ids,
            kind__in=STOP_EVENTS,
        ).values_list("delivery__contact_id", flat=True)
    ) | set(
        Delivery.objects.filter(
            campaign=campaign,
            contact_id__in=contact_ids,
            status=Delivery.Status.BOUNCED,
        ).values_list("contact_id", flat=True)
    )


def advance_sequences(now: dt.datetime | None = None) -> int:
    """Create the follow-up deliveries that are due; how many were queued."""
    now = now or timezone.now()
    queued = 0
    campaigns = Campaign.objects.filter(status=Campaign.Status.SENDING).select_related(
        "sender"
    )
    for campaign in campaigns:
        for step in campaign.steps.filter(position__gt=1).order_by("position"):
            due = _due_contacts(step, now)
            for start in range(0, len(due), 500):
                chunk = due[start : start + 500]
                queued += _queue_step(campaign, step, chunk)
    finish_campaigns()
    return queued


def _queue_step(campaign: Campaign, step: Step, contact_ids: list[int]) -> int:
    contacts = list(Contact.objects.filter(pk__in=contact_ids).select_related("owner"))
    stopped = _stopped(campaign, contact_ids)
    rows = []
    for recipient in resolve(contacts, campaign.purpose):
        reason = "stopped" if recipient.contact.pk in stopped else recipient.skip_reason
        rows.append(
            delivery_row(campaign, step, recipient.contact, recipient.email, reason)
        )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return sum(1 for r in rows if r.status == Delivery.Status.QUEUED)


def visible_sender(campaign: Campaign, contact: Contact):  # type: ignore[no-untyped-def]
    """The user a contact sees the message from (owner mode falls back to the campaign's)."""
    if campaign.sender_mode == Campaign.SenderMode.OWNER and contact.owner_id:
        return contact.owner
    return campaign.sender


def delivery_row(
    campaign: Campaign, step: Step, contact: Contact, email: str, reason: str
) -> Delivery:
    user = visible_sender(campaign, contact)
    sender = sender_address(user)
    return Delivery(
        campaign=campaign,
        step=step,
        contact=contact,
        sender=user,
        to_email=email,
        from_email=sender.address,
        message_id=new_message_id(sender.address),
        status=Delivery.Status.SKIPPED if reason else Delivery.Status.QUEUED,
        skip_reason=reason,
    )


def finish_campaigns() -> int:
    """Mark done the sending campaigns with nothing left to send nor any step to come."""
    done = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.SENDING):
        if campaign.deliveries.filter(status__in=ACTIVE).exists():
            continue
        steps = list(campaign.steps.order_by("position"))
        waiting = False
        for prev, step in zip(steps, steps[1:], strict=False):
            if (
                Delivery.objects.filter(step=prev, status=Delivery.Status.SENT)
                .exclude(
                    Exists(
                        Delivery.objects.filter(
                            step=step, contact_id=OuterRef("contact_id")
                        )
                    )
                )
                .exists()
            ):
                waiting = True
                break
        if not waiting:
            Campaign.objects.filter(
                pk=campaign.pk, status=Campaign.Status.SENDING
            ).update(status=Campaign.Status.DONE, finished_at=timezone.now())
            done += 1
    return done
