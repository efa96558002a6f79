"""The digest job: every morning at RELAIS_DIGEST_HOUR (RELAIS_TIME_ZONE), run by the Huey
consumer of ``relais serve`` or ``relais worker``. It does nothing while no mail server is set
(RELAIS_SMTP_HOST), and running it twice in a day sends nothing more (see ``digest``)."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

from django.conf import settings
from huey.contrib.djhuey import db_periodic_task

from relais.core.joblock import locked_job

from .digest import SENT, mail_is_configured, send_digests

logger = logging.getLogger(__name__)


def at_digest_hour(now: dt.datetime) -> bool:
    """Huey's clock is naive UTC; the digest hour is local time (RELAIS_TIME_ZONE)."""
    local = now.replace(tzinfo=dt.UTC).astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return local.hour == settings.RELAIS_DIGEST_HOUR and local.minute == 0


@db_periodic_task(at_digest_hour)
@locked_job("relais-digest", ttl=1800)
def send_daily_digests() -> int | None:
    """Send today's digests; returns how many were sent."""
    if not mail_is_configured():
        logger.info("daily digest skipped: RELAIS_SMTP_HOST is not set")
        return 0
    results = send_digests()
    return sum(1 for r in results if r.status == SENT)
