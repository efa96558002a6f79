"""Outreach jobs (Huey, run by ``relais serve`` or ``relais worker``). Thin: the services do
the work.

- Every minute: create the follow-up steps that are due and send what is queued.
- When RELAIS_BOUNCE_MAILBOX names an IMAP mailbox: read the messages that arrived there every
  RELAIS_BOUNCE_POLL_MINUTES minutes (bounces and replies, relais.outreach.services.bounces).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from relais.core.errors import RelaisError
from relais.core.joblock import locked_job

from .services.bounces import poll_mailbox
from .services.send_loop import send_ready
from .services.smtp import NotConfigured

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
@locked_job("relais-outreach-send", ttl=300)  # a killed worker's lock expires
def send_queued() -> None:
    """Advance sequences, then send for at most 55 seconds (the next run picks up the rest)."""
    try:
        report = send_ready(max_seconds=55)
    except NotConfigured:
        return  # no SMTP server configured: nothing to send through
    if report.sent or report.failed or report.deferred:
        logger.info(
            "outreach: %s sent, %s deferred, %s failed",
            report.sent,
            report.deferred,
            report.failed,
        )


def every_poll_interval(now: dt.datetime) -> bool:
    minutes = max(1, settings.RELAIS_BOUNCE_POLL_MINUTES)
    return (
        bool(settings.RELAIS_BOUNCE_MAILBOX)
        and (now.hour * 60 + now.minute) % minutes == 0
    )


@db_periodic_task(every_poll_interval)
@locked_job("relais-bounce-mailbox", ttl=900)
def poll_bounce_mailbox() -> dict[str, int]:
    """Read new bounces and replies from RELAIS_BOUNCE_MAILBOX."""
    state = Path(settings.DATA_DIR) / "bounce-mailbox.json"
    try:
        report = poll_mailbox(settings.RELAIS_BOUNCE_MAILBOX, state)
    except RelaisError as exc:
        logger.warning("bounce mailbox: %s", exc.message)
        return {}
    return report.as_dict()
