"""Outreach jobs (Huey, run by ``relais serve`` or ``relais worker``): send what is queued
and create the follow-up steps that are due, every minute. Thin: the services do the work."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .services.sending import run
from .services.sequences import advance_sequences
from .services.smtp import NotConfigured

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
@lock_task("relais-outreach-send")
def send_queued() -> None:
    """Advance sequences, then send for at most 55 seconds (the next run picks up the rest)."""
    advance_sequences()
    try:
        report = run(max_seconds=55)
    except NotConfigured:
        return  # no SMTP server configured: nothing to send through
    if report.sent or report.failed or report.deferred:
        logger.info(
            "outreach: %s sent, %s deferred, %s failed",
            report.sent,
            report.deferred,
            report.failed,
        )
