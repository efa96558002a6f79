"""Sending queued mail, the one way in: the periodic job and ``relais campaign send`` call here.

``send_ready`` is one pass (create the follow-up steps that are due, then send what is ready);
the job runs it every minute for at most 55 seconds. ``send_campaign`` starts or resumes one
campaign and runs passes in the foreground until nothing is left, waiting for retries and the
hourly limit when asked to (up to an hour between passes).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.utils import timezone

from relais.accounts.models import User

from ..models import Campaign
from .campaigns import campaign_progress, start_campaign
from .sending import BATCH_SIZE, SendReport, run
from .sequences import advance_sequences
from .smtp import SmtpConnection

MAX_WAIT_SECONDS = 3600

# (total, sent): the campaign's deliveries that will be sent, and those already sent.
Progress = Callable[[int, int], None]


def send_ready(
    *,
    campaign: Campaign | None = None,
    batch_size: int = BATCH_SIZE,
    max_seconds: float | None = None,
    progress: Callable[[SendReport], None] | None = None,
) -> SendReport:
    """One pass: advance sequences, then send what is ready now (of one campaign or all)."""
    advance_sequences()
    return run(
        campaign=campaign,
        batch_size=batch_size,
        max_seconds=max_seconds,
        progress=progress,
    )


def _reporter(
    progress: Progress | None, total: int, sent_before: int
) -> Callable[[SendReport], None] | None:
    if progress is None:
        return None
    return lambda report: progress(total, sent_before + report.sent)


def _pending(counts: dict[str, int]) -> int:
    return counts["queued"] + counts["sending"] + counts["deferred"]


def send_campaign(
    *,
    actor: User | None,
    campaign: Campaign,
    force: bool = False,
    wait: bool = True,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Campaign:
    """Start (or resume) ``campaign`` and send it until nothing is ready. Resumable: run it again
    after an interruption; no message goes twice. With ``wait``, sleep until retries and the
    hourly limit allow more (at most an hour at a time) instead of returning."""
    SmtpConnection()  # no SMTP server configured: say so before starting anything
    if campaign.status in (Campaign.Status.DRAFT, Campaign.Status.PAUSED):
        campaign = start_campaign(actor=actor, campaign=campaign, force=force)
    while True:
        advance_sequences()
        counts = campaign_progress(campaign)
        sent_before = counts["sent"]
        total = _pending(counts) + sent_before
        if progress is not None:
            progress(total, sent_before)
        report = run(
            campaign=campaign,
            batch_size=batch_size,
            progress=_reporter(progress, total, sent_before),
        )
        counts = campaign_progress(campaign)
        campaign.refresh_from_db()
        if (
            campaign.status != Campaign.Status.SENDING
            or not wait
            or _pending(counts) == 0
        ):
            return campaign
        if report.next_due is None:
            continue
        seconds = (report.next_due - timezone.now()).total_seconds()
        if seconds > MAX_WAIT_SECONDS:
            return campaign
        sleep(max(0.5, seconds))
