"""Campaigns: a segment, ordered steps (template + days after the previous step), a sender.

``start_campaign`` materialises step 1: one delivery row per member of the segment, in bulk,
``queued`` or ``skipped`` with the reason (``recipients.py``). The sender (``sending.py``)
then sends the queued rows; ``advance_sequences`` (``sequences.py``) creates later steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Segment
from relais.contacts.segments.selectors import segment_contacts
from relais.core.errors import InvalidInput
from relais.outreach.models import Campaign, Delivery, Step, Template

from . import check
from .check_rules import folded, strip_prefixes
from .recipients import resolve
from .sequences import (
    advance_sequences,
    delivery_row,
    stop_sequence_for,
    visible_sender,
)

if TYPE_CHECKING:
    from relais.accounts.models import User

__all__ = [
    "advance_sequences",
    "campaign_progress",
    "create_campaign",
    "pause_campaign",
    "start_campaign",
    "stop_sequence_for",
    "visible_sender",
]

CHUNK = 1000


def _run_message_check(*, steps: Sequence[Step], sender: Any, force: bool) -> None:
    """The message check of every step before a campaign starts: refuses with
    ``MessageBlocked`` when a high finding blocks and the start is not forced.

    A follow-up step may honestly answer an earlier step ("Re: <its subject>"): the recipient
    did receive that message, so the fake-reply rule is waived for it, and only for it.
    """
    findings: list[check.Finding] = []
    earlier: list[str] = []
    for step in steps:
        template = step.template
        found = check.check_message(
            subject=template.subject,
            body_text=template.body_text,
            body_html=template.body_html,
            bulk=True,
            sender=sender,
            # compose.py adds the visible unsubscribe link (and List-Unsubscribe) to every
            # campaign message, so a template need not place {{ unsubscribe_url }} itself.
            has_unsubscribe=True,
        )
        if earlier and _answers(template.subject, earlier):
            found = [f for f in found if f.code != "fake_reply"]
        if len(steps) > 1:
            found = [
                replace(
                    f,
                    message=_("Step %(n)s: %(message)s")
                    % {"n": step.position, "message": f.message},
                )
                for f in found
            ]
        findings += found
        earlier.append(template.subject)
    if check.blocks(findings) and not force:
        raise check.MessageBlocked(findings)


def start_blockers(campaign: Campaign) -> list[check.Finding]:
    """The findings that would stop ``start_campaign`` now (none when it may start)."""
    try:
        _run_message_check(
            steps=list(campaign.steps.select_related("template").order_by("position")),
            sender=campaign.sender,
            force=False,
        )
    except check.MessageBlocked as exc:
        return list(exc.findings)
    return []


def _answers(subject: str, earlier: list[str]) -> bool:
    wanted = folded(strip_prefixes(subject))
    return bool(wanted) and any(wanted == folded(strip_prefixes(s)) for s in earlier)


def create_campaign(
    *,
    actor: User | None,
    name: str,
    segment: Segment | None,
    steps: Sequence[tuple[Template, int]],
    sender_mode: str = "fixed",
    sender: User | None = None,
    purpose: str = "marketing",
    rate_per_second: float | None = None,
    rate_per_hour: int | None = None,
) -> Campaign:
    """A draft campaign; ``steps`` are (template, days after the previous step) in order."""
    ensure_can_write(actor)
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = "A campaign needs a name."
    elif len(name) > 200:
        errors["name"] = "Longer than 200 characters."
    if segment is None:
        errors["segment"] = "A campaign goes to a segment: choose one."
    if not steps:
        errors["steps"] = "A campaign needs at least one step (a template)."
    elif len(steps) > 20:
        errors["steps"] = "At most 20 steps."
    for i, (_template, delay) in enumerate(steps, 1):
        if not 0 <= delay <= 365:
            errors["steps"] = f"step {i}: the delay must be 0 to 365 days."
    if sender_mode not in Campaign.SenderMode.values:
        errors["sender_mode"] = f"Use one of {', '.join(Campaign.SenderMode.values)}."
    if purpose not in Campaign.Purpose.values:
        errors["purpose"] = f"Use one of {', '.join(Campaign.Purpose.values)}."
    if rate_per_second is not None and not 0 <= rate_per_second <= 10_000:
        errors["rate_per_second"] = "Between 0 (no limit) and 10000."
    if rate_per_hour is not None and not 0 <= rate_per_hour <= 10_000_000:
        errors["rate_per_hour"] = "Between 0 (no limit) and 10000000."
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            segment=segment,
            sender_mode=sender_mode,
            sender=sender if sender is not None else actor,
            purpose=purpose,
            rate_per_second=rate_per_second,
            rate_per_hour=rate_per_hour,
            created_by=actor,
        )
        Step.objects.bulk_create(
            [
                Step(
                    campaign=campaign,
                    position=i,
                    delay_days=0 if i == 1 else delay,
                    template=t,
                )
                for i, (t, delay) in enumerate(steps, 1)
            ]
        )
        record(actor=actor, action="campaign.create", obj=campaign)
    return campaign


def start_campaign(
    *, actor: User | None, campaign: Campaign, force: bool = False
) -> Campaign:
    """Queue step 1 for the segment's members (a draft), or resume a paused campaign."""
    ensure_can_write(actor)
    if campaign.status == Campaign.Status.PAUSED:
        Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
        campaign.status = Campaign.Status.SENDING
        record(actor=actor, action="campaign.resume", obj=campaign)
        return campaign
    if campaign.status != Campaign.Status.DRAFT:
        raise InvalidInput(
            {
                "status": f"The campaign is {campaign.get_status_display()}: only a draft or a paused campaign can start."
            }
        )
    if campaign.segment is None:
        raise InvalidInput({"segment": "The campaign has no segment."})
    first = campaign.steps.select_related("template").order_by("position").first()
    if first is None:
        raise InvalidInput({"steps": "The campaign has no step."})
    _run_message_check(
        steps=list(campaign.steps.select_related("template").order_by("position")),
        sender=campaign.sender,
        force=force and (actor is None or actor.is_admin),
    )
    members = segment_contacts(campaign.segment).select_related("owner").order_by("id")
    with transaction.atomic():
        last = 0
        while True:
            chunk = list(members.filter(pk__gt=last)[:CHUNK])
            if not chunk:
                break
            last = chunk[-1].pk
            Delivery.objects.bulk_create(
                [
                    delivery_row(campaign, first, r.contact, r.email, r.skip_reason)
                    for r in resolve(chunk, campaign.purpose)
                ],
                ignore_conflicts=True,
            )
        campaign.status = Campaign.Status.SENDING
        campaign.started_at = timezone.now()
        campaign.save(update_fields=["status", "started_at"])
        record(actor=actor, action="campaign.start", obj=campaign)
    return campaign


def pause_campaign(*, actor: User | None, campaign: Campaign) -> Campaign:
    """Stop handing this campaign's messages to SMTP (those in flight finish); resumable."""
    ensure_can_write(actor)
    if campaign.status != Campaign.Status.SENDING:
        raise InvalidInput({"status": "Only a sending campaign can be paused."})
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.PAUSED)
    campaign.status = Campaign.Status.PAUSED
    record(actor=actor, action="campaign.pause", obj=campaign)
    return campaign


def campaign_progress(campaign: Campaign) -> dict[str, int]:
    """Deliveries per status (every status present, 0 when none) and ``total``."""
    counts = dict.fromkeys(Delivery.Status.values, 0)
    for row in (
        Delivery.objects.filter(campaign=campaign)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts.values())
    return counts


def skip_reasons(campaign: Campaign) -> dict[str, int]:
    """Skipped deliveries per reason."""
    return {
        row["skip_reason"]: row["n"]
        for row in Delivery.objects.filter(
            campaign=campaign, status=Delivery.Status.SKIPPED
        )
        .values("skip_reason")
        .annotate(n=Count("id"))
        .order_by("skip_reason")
    }
