"""The bounce mailbox job: when RELAIS_BOUNCE_MAILBOX names an IMAP mailbox, the Huey consumer
of ``relais serve`` or ``relais worker`` reads the messages that arrived there every
RELAIS_BOUNCE_POLL_MINUTES minutes (bounces and replies, relais.outreach.services.bounces)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from huey.contrib.djhuey import db_periodic_task

from relais.core.errors import RelaisError

from .services.bounces import poll_mailbox

logger = logging.getLogger(__name__)


def every_poll_interval(now: dt.datetime) -> bool:
    minutes = max(1, settings.RELAIS_BOUNCE_POLL_MINUTES)
    return (
        bool(settings.RELAIS_BOUNCE_MAILBOX)
        and (now.hour * 60 + now.minute) % minutes == 0
    )


@db_periodic_task(every_poll_interval)
def poll_bounce_mailbox() -> dict[str, int]:
    """Read new bounces and replies from RELAIS_BOUNCE_MAILBOX."""
    state = Path(settings.DATA_DIR) / "bounce-mailbox.json"
    try:
        report = poll_mailbox(settings.RELAIS_BOUNCE_MAILBOX, state)
    except RelaisError as exc:
        logger.warning("bounce mailbox: %s", exc.message)
        return {}
    return report.as_dict()
